import { describe, expect, it } from 'vitest';
import { createPlanSpool, type PlannedChange } from '../run/planned-changes.ts';
import type { SyncSummary } from '../run/run-sync.ts';
import { syncSummaryChunks } from './sync-summary-chunks.ts';
import { writeChunks } from './write-chunks.ts';

const changes: PlannedChange[] = Array.from({ length: 3000 }, (_, index) => ({
  customer: { type: 'Lead', id: `00Q${String(index).padStart(15, '0')}`, name: `Екатерина ${index}` },
  from: null,
  to: index % 2 === 0 ? 'awareness' : 'engagement',
  tasks: index % 2 === 0 ? [{ key: `k${index}`, type: 'call', subject: 'Qualify "lead"', dueDate: '2026-11-09' }] : [],
}));

function dryRun(): SyncSummary {
  const plan = createPlanSpool();
  for (const change of changes) plan.add(change);
  return {
    dryRun: true,
    customers: 3000,
    customersPerStage: { awareness: 1500, engagement: 1500 },
    stageChanges: 3000,
    stagesWritten: 0,
    tasksCreated: 0,
    tasksExisting: 0,
    resumedBatches: 0,
    failures: [],
    apiCalls: 12,
    apiUsage: { used: 12, limit: 100_000 },
    watermark: '2026-11-20T11:59:00.000Z',
    durationMs: 1234,
    plan,
    replayedHistory: true,
  };
}

async function printed(summary: SyncSummary, json: boolean): Promise<{ text: string; writes: number }> {
  const parts: string[] = [];
  await writeChunks({ write: (chunk: string) => parts.push(chunk) }, syncSummaryChunks(summary, 'b2b', json));
  return { text: parts.join(''), writes: parts.length };
}

describe('syncSummaryChunks', () => {
  it('prints the JSON of a dry run with its plan streamed, the same bytes as JSON.stringify', async () => {
    const summary = dryRun();
    const { text, writes } = await printed(summary, true);
    expect(text).toBe(`${JSON.stringify({ ...summary, plan: changes })}\n`);
    // In pieces of about 64 KB, not one string.
    expect(writes).toBeGreaterThan(1);
    summary.plan?.dispose();
  });

  it('prints a line per planned customer and the totals of the plan', async () => {
    const summary = dryRun();
    const { text } = await printed(summary, false);
    const lines = text.split('\n');
    expect(lines[0]).toBe('Dry run of b2b: 3000 customers in 1.2 s.');
    expect(lines).toContain('Екатерина 0: (none) -> awareness; would create call "Qualify "lead"" due 2026-11-09');
    expect(lines).toContain('Екатерина 1: (none) -> engagement');
    expect(text).toContain(
      'Plan: 3000 customers to write, 3000 stage changes, 1500 tasks to create. Nothing was written.\n',
    );
    expect(text.endsWith('API calls: 12 (the org has used 12 of 100,000 today).\n')).toBe(true);
    summary.plan?.dispose();
  });
});
