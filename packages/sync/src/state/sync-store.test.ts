import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { CustomerWrite, JourneyState } from '@crm-journey/connector';
import { describe, expect, it } from 'vitest';
import { openSyncStore } from './sync-store.ts';

const state = (id: string, stage: string): JourneyState => ({
  journey: { id: 'j', revision: 1 },
  customer: { type: 'Account', id },
  segment: null,
  stage,
  stageEnteredAt: '2026-11-20T00:00:00.000Z',
  timeInStage: null,
  highWaterStage: stage,
  guidance: null,
  history: [],
  touchpoints: [],
  nextActions: [],
  evaluatedAt: '2026-11-20T00:00:00.000Z',
});
const write = (id: string, stage: string): CustomerWrite => ({
  customer: { type: 'Account', id },
  state: state(id, stage),
  stored: null,
  tasks: [],
});
const ok = { stagesWritten: 1, stagesUnchanged: 0, tasksCreated: 0, tasksExisting: 0, failures: [] };

describe('openSyncStore', () => {
  it('keeps a batch in the outbox until it is confirmed, across a reopen', () => {
    const file = join(mkdtempSync(join(tmpdir(), 'cj-store-')), 'state.sqlite');
    const store = openSyncStore(file);
    const run = store.startRun('scope');
    const batch = store.enqueue('scope', run, [write('001A', 'evaluation'), write('001B', 'purchase')]);
    store.close();

    // The process died before the CRM answered: the batch is still there, the run is marked interrupted.
    const reopened = openSyncStore(file);
    expect(reopened.pending('scope').map((pending) => pending.writes.map((w) => w.customer.id))).toEqual([
      ['001A', '001B'],
    ]);
    reopened.startRun('scope');
    expect(reopened.runs('scope').map((record) => record.status)).toEqual(['running', 'interrupted']);
    reopened.complete(batch, [write('001A', 'evaluation'), write('001B', 'purchase')], {
      ...ok,
      failures: [{ customerId: '001B', code: 'CRM_VALIDATION', message: 'no' }],
    });
    expect(reopened.pending('scope')).toEqual([]);
    expect(reopened.previous('scope', '001A')?.stage).toBe('evaluation');
    // A failed customer keeps no new state, so the next run evaluates and writes it again.
    expect(reopened.previous('scope', '001B')).toBeUndefined();
    reopened.close();
  });

  it('keeps watermarks and the journal per scope', () => {
    const store = openSyncStore(':memory:');
    store.setWatermark('a', '2026-11-20T00:00:00Z');
    expect(store.watermark('a')).toBe('2026-11-20T00:00:00Z');
    expect(store.watermark('b')).toBeUndefined();
    const run = store.startRun('a');
    store.finishRun(run, 'succeeded', { customers: 3 });
    expect(store.runs('a')[0]).toMatchObject({ status: 'succeeded', summary: { customers: 3 } });
    store.close();
  });
});
