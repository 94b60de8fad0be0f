import { ConnectorError } from '@crm-journey/connector';
import { describe, expect, it } from 'vitest';
import type { SyncSummary } from '../run/run-sync.ts';
import { createServeMetrics } from './serve-metrics.ts';

const summary = (apiCalls: number, failures: SyncSummary['failures'] = []): SyncSummary => ({
  dryRun: false,
  customers: 10,
  customersPerStage: { a: 10 },
  stageChanges: 3,
  stagesWritten: 4,
  tasksCreated: 5,
  tasksExisting: 0,
  resumedBatches: 0,
  failures,
  apiCalls,
  apiUsage: { used: 900, limit: 1000 },
  watermark: 'w',
  durationMs: 2500,
});

describe('serve metrics', () => {
  it('adds up runs, counts only new API calls, and errors by code', async () => {
    const metrics = createServeMetrics();
    metrics.recordRun(summary(20), 'succeeded');
    metrics.recordRun(
      summary(32, [
        { customerId: '1', code: 'CRM_VALIDATION', message: 'x' },
        { customerId: '2', code: 'CRM_VALIDATION', message: 'y' },
      ]),
      'failed',
    );
    metrics.recordRunError(new ConnectorError('CRM_AUTH_EXPIRED', 'expired'), 100);
    const text = await metrics.registry.metrics();
    expect(text).toContain('crm_journey_sync_runs_total{status="succeeded"} 1');
    expect(text).toContain('crm_journey_sync_runs_total{status="failed"} 2');
    expect(text).toContain('crm_journey_customers_evaluated_total 20');
    expect(text).toContain('crm_journey_tasks_written_total 10');
    // The connector's call count is a running total: 20, then 32 is 12 more.
    expect(text).toContain('crm_journey_api_calls_total 32');
    expect(text).toContain('crm_journey_api_remaining 100');
    expect(text).toContain('crm_journey_errors_total{code="CRM_VALIDATION"} 2');
    expect(text).toContain('crm_journey_errors_total{code="CRM_AUTH_EXPIRED"} 1');
    expect(text).toContain('crm_journey_sync_run_duration_seconds_count 3');
  });
});
