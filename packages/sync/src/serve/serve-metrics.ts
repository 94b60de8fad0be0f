import { isConnectorError } from '@crm-journey/connector';
import { collectDefaultMetrics, Counter, Gauge, Histogram, Registry } from 'prom-client';
import type { SyncSummary } from '../run/run-sync.ts';

/** The Prometheus metrics of `serve`, in a registry of their own. */
export interface ServeMetrics {
  readonly registry: Registry;
  /** Counts a finished run. `apiCalls` in a summary is the connector's running total; the delta is counted. */
  recordRun(summary: SyncSummary, status: 'succeeded' | 'failed' | 'interrupted'): void;
  /** Counts a run that threw (a CRM outage, an expired session). */
  recordRunError(error: unknown, durationMs: number): void;
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
    labelNames: ['status'] as const,
    registers,
  });
  const customers = new Counter({
    name: 'crm_journey_customers_evaluated_total',
    help: 'Customers read and placed on the journey.',
    registers,
  });
  const stageChanges = new Counter({
    name: 'crm_journey_stage_changes_total',
    help: 'Customers whose stage changed.',
    registers,
  });
  const fieldsWritten = new Counter({
    name: 'crm_journey_journey_fields_written_total',
    help: 'Root records whose journey fields were written.',
    registers,
  });
  const tasks = new Counter({
    name: 'crm_journey_tasks_written_total',
    help: 'Tasks created in the CRM (one per action key).',
    registers,
  });
  const apiCalls = new Counter({ name: 'crm_journey_api_calls_total', help: 'CRM API calls made.', registers });
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
    labelNames: ['code'] as const,
    registers,
  });
  const duration = new Histogram({
    name: 'crm_journey_sync_run_duration_seconds',
    help: 'Duration of sync runs.',
    buckets: [0.1, 0.5, 1, 5, 15, 60, 300, 900, 3600],
    registers,
  });
  const lastRun = new Gauge({
    name: 'crm_journey_last_run_timestamp_seconds',
    help: 'When the last sync run finished (Unix time).',
    registers,
  });
  const requests = new Counter({
    name: 'crm_journey_http_requests_total',
    help: 'API requests answered, by route, method and status.',
    labelNames: ['route', 'method', 'status'] as const,
    registers,
  });
  let lastApiCalls = 0;
  return {
    registry,
    recordRun: (summary, status) => {
      runs.inc({ status });
      customers.inc(summary.customers);
      stageChanges.inc(summary.stageChanges);
      fieldsWritten.inc(summary.stagesWritten);
      tasks.inc(summary.tasksCreated);
      apiCalls.inc(Math.max(0, summary.apiCalls - lastApiCalls));
      lastApiCalls = Math.max(lastApiCalls, summary.apiCalls);
      const { used, limit } = summary.apiUsage;
      if (limit !== undefined) {
        apiLimit.set(limit);
        if (used !== undefined) apiRemaining.set(Math.max(0, limit - used));
      }
      for (const failure of summary.failures) errors.inc({ code: failure.code });
      duration.observe(summary.durationMs / 1000);
      lastRun.setToCurrentTime();
    },
    recordRunError: (error, durationMs) => {
      runs.inc({ status: 'failed' });
      errors.inc({ code: isConnectorError(error) ? error.code : 'INTERNAL' });
      duration.observe(durationMs / 1000);
      lastRun.setToCurrentTime();
    },
    recordRequest: (route, method, status) => {
      requests.inc({ route, method, status: String(status) });
    },
  };
}
