import { isConnectorError } from '@crm-journey/connector';
import { collectDefaultMetrics, Counter, Gauge, Histogram, Registry } from 'prom-client';
import type { SyncSummary } from '../run/run-sync.ts';

/** Which (target, journey) a run belongs to, on a fleet node that works on several. */
export interface RunLabels {
  readonly target: string;
  readonly journey: string;
}

/** The Prometheus metrics of `serve`, in a registry of their own. */
export interface ServeMetrics {
  readonly registry: Registry;
  /**
   * Counts a finished run. `apiCalls` in a summary is the connector's running total; the delta is
   * counted. A fleet node passes the run's target and journey, which label its series.
   */
  recordRun(summary: SyncSummary, status: 'succeeded' | 'failed' | 'interrupted', labels?: RunLabels): void;
  /** Counts a run that threw (a CRM outage, an expired session). */
  recordRunError(error: unknown, durationMs: number, labels?: RunLabels): void;
  /** Counts one answered API request. */
  recordRequest(route: string, method: string, status: number): void;
}

/**
 * Creates the metrics: runs by status, customers evaluated, stage changes, journey fields and tasks
 * written, CRM API calls and the remaining daily allowance, errors by code, run duration, and API
 * requests; plus Node's process metrics, all prefixed `crm_journey_`.
 *
 * @example
 * const metrics = createServeMetrics();
 * reply.type(metrics.registry.contentType).send(await metrics.registry.metrics());
 */
export function createServeMetrics(): ServeMetrics {
  const registry = new Registry();
  collectDefaultMetrics({ register: registry, prefix: 'crm_journey_' });
  const registers = [registry];
  const runs = new Counter({
    name: 'crm_journey_sync_runs_total',
    help: 'Sync runs finished, by status (succeeded, failed, interrupted).',
    labelNames: ['status', 'target', 'journey'] as const,
    registers,
  });
  const customers = new Counter({
    name: 'crm_journey_customers_evaluated_total',
    labelNames: ['target', 'journey'] as const,
    help: 'Customers read and placed on the journey.',
    registers,
  });
  const stageChanges = new Counter({
    name: 'crm_journey_stage_changes_total',
    labelNames: ['target', 'journey'] as const,
    help: 'Customers whose stage changed.',
    registers,
  });
  const fieldsWritten = new Counter({
    name: 'crm_journey_journey_fields_written_total',
    labelNames: ['target', 'journey'] as const,
    help: 'Root records whose journey fields were written.',
    registers,
  });
  const tasks = new Counter({
    name: 'crm_journey_tasks_written_total',
    labelNames: ['target', 'journey'] as const,
    help: 'Tasks created in the CRM (one per action key).',
    registers,
  });
  const apiCalls = new Counter({
    name: 'crm_journey_api_calls_total',
    help: 'CRM API calls made.',
    labelNames: ['target', 'journey'] as const,
    registers,
  });
  const apiRemaining = new Gauge({
    name: 'crm_journey_api_remaining',
    help: "The org's remaining daily API allowance, when the CRM reports it.",
    registers,
  });
  const apiLimit = new Gauge({
    name: 'crm_journey_api_limit',
    help: "The org's daily API allowance, when the CRM reports it.",
    registers,
  });
  const errors = new Counter({
    name: 'crm_journey_errors_total',
    help: 'Errors by code: customer write failures and failed runs.',
    labelNames: ['code', 'target', 'journey'] as const,
    registers,
  });
  const duration = new Histogram({
    name: 'crm_journey_sync_run_duration_seconds',
    labelNames: ['target', 'journey'] as const,
    help: 'Duration of sync runs.',
    buckets: [0.1, 0.5, 1, 5, 15, 60, 300, 900, 3600],
    registers,
  });
  const lastRun = new Gauge({
    name: 'crm_journey_last_run_timestamp_seconds',
    labelNames: ['target', 'journey'] as const,
    help: 'When the last sync run finished (Unix time).',
    registers,
  });
  const requests = new Counter({
    name: 'crm_journey_http_requests_total',
    help: 'API requests answered, by route, method and status.',
    labelNames: ['route', 'method', 'status'] as const,
    registers,
  });
  // Each connector counts its own calls: one running total per (target, journey).
  const lastApiCalls = new Map<string, number>();
  return {
    registry,
    recordRun: (summary, status, given) => {
      const labels: Partial<RunLabels> = given ?? {};
      runs.inc({ status, ...labels });
      customers.inc(labels, summary.customers);
      stageChanges.inc(labels, summary.stageChanges);
      fieldsWritten.inc(labels, summary.stagesWritten);
      tasks.inc(labels, summary.tasksCreated);
      const key = JSON.stringify(labels);
      const before = lastApiCalls.get(key) ?? 0;
      apiCalls.inc(labels, Math.max(0, summary.apiCalls - before));
      lastApiCalls.set(key, Math.max(before, summary.apiCalls));
      const { used, limit } = summary.apiUsage;
      if (limit !== undefined) {
        apiLimit.set(limit);
        if (used !== undefined) apiRemaining.set(Math.max(0, limit - used));
      }
      for (const failure of summary.failures) errors.inc({ code: failure.code, ...labels });
      duration.observe(labels, summary.durationMs / 1000);
      lastRun.setToCurrentTime(labels);
    },
    recordRunError: (error, durationMs, given) => {
      const labels: Partial<RunLabels> = given ?? {};
      runs.inc({ status: 'failed', ...labels });
      errors.inc({ code: isConnectorError(error) ? error.code : 'INTERNAL', ...labels });
      duration.observe(labels, durationMs / 1000);
      lastRun.setToCurrentTime(labels);
    },
    recordRequest: (route, method, status) => {
      requests.inc({ route, method, status: String(status) });
    },
  };
}
