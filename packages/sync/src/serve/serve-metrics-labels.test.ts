import { describe, expect, it } from 'vitest';
import type { SyncSummary } from '../run/run-sync.ts';
import { createServeMetrics } from './serve-metrics.ts';

const summary = (apiCalls: number): SyncSummary => ({
  dryRun: false,
  customers: 10,
  customersPerStage: { a: 10 },
  stageChanges: 3,
  stagesWritten: 4,
  tasksCreated: 5,
  tasksExisting: 0,
  resumedBatches: 0,
  failures: [{ customerId: '1', code: 'CRM_VALIDATION', message: 'x' }],
  apiCalls,
  apiUsage: { used: undefined, limit: undefined },
  watermark: 'w',
  durationMs: 1000,
});

describe('serve metrics on a fleet node', () => {
  it('labels each run by target and journey, and counts each connector’s API calls apart', async () => {
    const metrics = createServeMetrics();
    const east = { target: 'salesforce:https://east.example', journey: 'b2b' };
    const west = { target: 'salesforce:https://west.example', journey: 'b2b' };
    metrics.recordRun(summary(20), 'succeeded', east);
    metrics.recordRun(summary(7), 'succeeded', west);
    metrics.recordRun(summary(30), 'failed', east);
    const text = await metrics.registry.metrics();
    const labels = (at: typeof east) => `target="${at.target}",journey="${at.journey}"`;
    expect(text).toContain(`crm_journey_sync_runs_total{status="succeeded",${labels(east)}} 1`);
    expect(text).toContain(`crm_journey_sync_runs_total{status="failed",${labels(east)}} 1`);
    expect(text).toContain(`crm_journey_tasks_written_total{${labels(west)}} 5`);
    // East's connector reached 30 calls, west's 7: a shared running total would have lost west's.
    expect(text).toContain(`crm_journey_api_calls_total{${labels(east)}} 30`);
    expect(text).toContain(`crm_journey_api_calls_total{${labels(west)}} 7`);
    expect(text).toContain(`crm_journey_errors_total{code="CRM_VALIDATION",${labels(east)}} 2`);
  });
});
