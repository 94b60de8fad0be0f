import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { CustomerWrite, JourneyState, WriteSummary } from '@crm-journey/connector';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDatabase, type TestDatabase } from '../../test/postgres/test-database.ts';
import { openStore } from './open-store.ts';
import type { SyncStore } from './sync-store.ts';

const state = (id: string, stage: string): JourneyState => ({
  journey: { id: 'j', revision: 1 },
  customer: { type: 'Account', id },
  segment: null,
  stage,
  stageEnteredAt: '2026-11-20T00:00:00.000Z',
  timeInStage: { days: 3, targetDays: 14, status: 'on-time' },
  highWaterStage: stage,
  guidance: 'Ünïcode “quotes” and \\ backslashes',
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
const ok: WriteSummary = { stagesWritten: 1, stagesUnchanged: 0, tasksCreated: 0, tasksExisting: 0, failures: [] };
const failing = (...ids: string[]): WriteSummary => ({
  ...ok,
  failures: ids.map((customerId) => ({ customerId, code: 'CRM_VALIDATION', message: `no ${customerId}` })),
});

let scopes = 0;
const freshScope = (): string => `salesforce:https://acme.example|b2b-${++scopes}`;

interface Backend {
  readonly name: string;
  /** Where this test file's store lives. */
  location(): string;
  setUp(): Promise<void>;
  tearDown(): Promise<void>;
}

let sqliteDir = '';
let database: TestDatabase | undefined;
const backends: Backend[] = [
  {
    name: 'sqlite',
    location: () => join(sqliteDir, 'state.sqlite'),
    setUp: () => {
      sqliteDir = mkdtempSync(join(tmpdir(), 'cj-store-'));
      return Promise.resolve();
    },
    tearDown: () => {
      rmSync(sqliteDir, { recursive: true, force: true });
      return Promise.resolve();
    },
  },
  {
    name: 'postgres',
    location: () => database?.url ?? '',
    setUp: async () => {
      database = await createTestDatabase();
    },
    tearDown: async () => {
      await database?.drop();
    },
  },
];

describe.each(backends)('the sync store contract: $name', (backend) => {
  const open: SyncStore[] = [];
  const openBackend = async (): Promise<SyncStore> => {
    const store = await openStore(backend.location());
    open.push(store);
    return store;
  };
  beforeAll(() => backend.setUp());
  afterAll(async () => {
    for (const store of open) await store.close().catch(() => undefined);
    await backend.tearDown();
  });

  it('keeps a batch in the outbox until it is confirmed, across a reopen', async () => {
    const scope = freshScope();
    const store = await openBackend();
    const run = await store.startRun(scope);
    const batch = await store.enqueue(scope, run, [write('001A', 'evaluation'), write('001B', 'purchase')]);
    await store.close();

    // The process died before the CRM answered: the batch is still there, the run is marked interrupted.
    const reopened = await openBackend();
    const pending = await reopened.pending(scope);
    expect(pending.map((entry) => entry.writes.map((w) => w.customer.id))).toEqual([['001A', '001B']]);
    expect(pending[0]?.writes[0]).toEqual(write('001A', 'evaluation'));
    await reopened.startRun(scope);
    expect((await reopened.runs(scope)).map((record) => record.status)).toEqual(['running', 'interrupted']);
    await reopened.complete(batch, [write('001A', 'evaluation'), write('001B', 'purchase')], failing('001B'));
    expect(await reopened.pending(scope)).toEqual([]);
    expect(await reopened.previous(scope, '001A')).toEqual(state('001A', 'evaluation'));
    // A failed customer keeps no new state, so the next run evaluates and writes it again.
    expect(await reopened.previous(scope, '001B')).toBeUndefined();
    expect(await reopened.retries(scope, 10)).toEqual(['001B']);
  });

  it('keeps the states of customers it did not write, in batches, changing only what differs', async () => {
    const scope = freshScope();
    const store = await openBackend();
    await store.keepStates(scope, [
      { customerId: '001K', state: state('001K', 'evaluation') },
      { customerId: '001L', state: state('001L', 'purchase') },
    ]);
    await store.keepStates(scope, []);
    expect(await store.previous(scope, '001K')).toEqual(state('001K', 'evaluation'));
    expect(await store.previous(scope, '001L')).toEqual(state('001L', 'purchase'));
    await store.keepStates(scope, [{ customerId: '001K', state: state('001K', 'purchase') }]);
    expect((await store.previous(scope, '001K'))?.stage).toBe('purchase');
    expect(await store.previous(freshScope(), '001K')).toBeUndefined();
  });

  it('keeps watermarks, states and the journal per scope', async () => {
    const [a, b] = [freshScope(), freshScope()];
    const store = await openBackend();
    await store.setWatermark(a, '2026-11-20T00:00:00Z');
    await store.setWatermark(a, '2026-11-21T00:00:00Z');
    expect(await store.watermark(a)).toBe('2026-11-21T00:00:00Z');
    expect(await store.watermark(b)).toBeUndefined();
    const run = await store.startRun(a);
    await store.complete(await store.enqueue(a, run, [write('001A', 'purchase')]), [write('001A', 'purchase')], ok);
    expect((await store.previous(a, '001A'))?.stage).toBe('purchase');
    expect(await store.previous(b, '001A')).toBeUndefined();
    await store.finishRun(run, 'succeeded', { customers: 3 });
    const [record] = await store.runs(a);
    expect(record).toMatchObject({ id: run, scope: a, status: 'succeeded', summary: { customers: 3 } });
    expect(Date.parse(record?.startedAt ?? '')).not.toBeNaN();
    expect(Date.parse(record?.finishedAt ?? '')).toBeGreaterThanOrEqual(Date.parse(record?.startedAt ?? ''));
    expect(await store.runs(b)).toEqual([]);
  });

  it('lists the journal newest first, up to the limit', async () => {
    const scope = freshScope();
    const store = await openBackend();
    const ids: number[] = [];
    for (let i = 0; i < 3; i++) {
      const id = await store.startRun(scope);
      await store.finishRun(id, i === 1 ? 'failed' : 'succeeded', { i });
      ids.push(id);
    }
    expect((await store.runs(scope, 2)).map((record) => [record.id, record.status])).toEqual([
      [ids[2], 'succeeded'],
      [ids[1], 'failed'],
    ]);
  });

  it('lists failed customers for a retry until a later write succeeds or they are cleared', async () => {
    const scope = freshScope();
    const store = await openBackend();
    const run = await store.startRun(scope);
    const first = [write('001A', 'a'), write('001B', 'a'), write('001C', 'a')];
    await store.complete(await store.enqueue(scope, run, first), first, failing('001B', '001C'));
    expect(new Set(await store.retries(scope, 10))).toEqual(new Set(['001B', '001C']));
    expect(await store.retries(scope, 1)).toHaveLength(1);
    // The next run writes 001B: it leaves the list, with its new state kept.
    const second = [write('001B', 'b')];
    await store.complete(await store.enqueue(scope, run, second), second, ok);
    expect(await store.retries(scope, 10)).toEqual(['001C']);
    expect((await store.previous(scope, '001B'))?.stage).toBe('b');
    await store.clearRetries(scope, ['001C', 'not-listed']);
    expect(await store.retries(scope, 10)).toEqual([]);
    expect(await store.retries(freshScope(), 10)).toEqual([]);
  });

  it('makes a second confirmation of the same batch change nothing', async () => {
    const scope = freshScope();
    const store = await openBackend();
    const run = await store.startRun(scope);
    const writes = [write('001A', 'evaluation')];
    const batch = await store.enqueue(scope, run, writes);
    expect(await store.outboxBatch(batch)).toEqual({ id: batch, writes });
    await store.complete(batch, writes, ok);
    expect(await store.outboxBatch(batch)).toBeUndefined();
    // A worker that lost its lease confirms the batch again, with an older outcome: it must not win.
    await store.complete(batch, [write('001A', 'stale')], failing('001A'));
    expect((await store.previous(scope, '001A'))?.stage).toBe('evaluation');
    expect(await store.retries(scope, 10)).toEqual([]);
    expect(await store.pending(scope)).toEqual([]);
  });

  it('keeps the pending batches of each scope apart, oldest first', async () => {
    const [a, b] = [freshScope(), freshScope()];
    const store = await openBackend();
    const runA = await store.startRun(a);
    const first = await store.enqueue(a, runA, [write('1', 'x')]);
    await store.enqueue(b, await store.startRun(b), [write('2', 'x')]);
    const second = await store.enqueue(a, runA, [write('3', 'x')]);
    expect((await store.pending(a)).map((batch) => batch.id)).toEqual([first, second]);
    expect((await store.pending(b)).flatMap((batch) => batch.writes.map((w) => w.customer.id))).toEqual(['2']);
  });

  it('records the org of each scope; a change of org drops all the scope kept for the old one', async () => {
    const [a, b] = [freshScope(), freshScope()];
    const store = await openBackend();
    expect(await store.orgOf(a)).toBeUndefined();
    await store.setOrg(a, '00D000000000001', false);
    await store.setOrg(b, '00D000000000001', false);
    for (const scope of [a, b]) {
      await store.setWatermark(scope, '2026-11-20T00:00:00.000Z');
      const run = await store.startRun(scope);
      await store.complete(
        await store.enqueue(scope, run, [write('001A', 'x'), write('001B', 'x')]),
        [write('001A', 'x'), write('001B', 'x')],
        failing('001B'),
      );
      await store.enqueue(scope, run, [write('001C', 'x')]);
      await store.setDue(scope, [{ customerId: '001A', dueAt: '2026-12-01T00:00:00.000Z' }]);
    }
    await store.setOrg(a, '00D000000000002', true);
    expect(await store.orgOf(a)).toBe('00D000000000002');
    expect(await store.watermark(a)).toBeUndefined();
    expect(await store.previous(a, '001A')).toBeUndefined();
    expect(await store.retries(a, 10)).toEqual([]);
    expect(await store.pending(a)).toEqual([]);
    expect(await store.due(a, '2027-01-01T00:00:00.000Z', 10)).toEqual([]);
    // The other scope is another target's state: untouched.
    expect(await store.orgOf(b)).toBe('00D000000000001');
    expect(await store.watermark(b)).toBe('2026-11-20T00:00:00.000Z');
    expect(await store.previous(b, '001A')).toEqual(state('001A', 'x'));
    expect(await store.retries(b, 10)).toEqual(['001B']);
    expect((await store.pending(b)).length).toBe(1);
    expect(await store.due(b, '2027-01-01T00:00:00.000Z', 10)).toEqual(['001A']);
  });

  it('lists the customers due by a time, soonest first, per scope; null clears one', async () => {
    const [a, b] = [freshScope(), freshScope()];
    const store = await openBackend();
    await store.setDue(a, [
      { customerId: 'late', dueAt: '2026-12-20T00:00:00.000Z' },
      { customerId: 'soon', dueAt: '2026-12-01T00:00:00.000Z' },
      { customerId: 'sooner', dueAt: '2026-11-25T12:00:00.000Z' },
      { customerId: 'never', dueAt: null },
    ]);
    await store.setDue(b, [{ customerId: 'other', dueAt: '2026-11-01T00:00:00.000Z' }]);
    expect(await store.due(a, '2026-12-01T00:00:00.000Z', 10)).toEqual(['sooner', 'soon']);
    expect(await store.due(a, '2026-12-31T00:00:00.000Z', 2)).toEqual(['sooner', 'soon']);
    await store.setDue(a, [
      { customerId: 'sooner', dueAt: null },
      { customerId: 'late', dueAt: '2026-11-30T00:00:00.000Z' },
    ]);
    expect(await store.due(a, '2026-12-31T00:00:00.000Z', 10)).toEqual(['late', 'soon']);
    expect(await store.due(b, '2026-12-31T00:00:00.000Z', 10)).toEqual(['other']);
  });

  it('keeps when each scope was last read in full, across a reopen', async () => {
    const [a, b] = [freshScope(), freshScope()];
    const store = await openBackend();
    expect(await store.lastFullRead(a)).toBeUndefined();
    await store.setLastFullRead(a, '2026-11-20T00:00:00.000Z');
    await store.setLastFullRead(a, '2026-11-27T00:00:00.000Z');
    await store.close();
    const reopened = await openBackend();
    expect(await reopened.lastFullRead(a)).toBe('2026-11-27T00:00:00.000Z');
    expect(await reopened.lastFullRead(b)).toBeUndefined();
  });

  it('one holder per SQLite file; a PostgreSQL store, shared by a fleet, takes no lock', async () => {
    const first = await openBackend();
    const second = await openBackend();
    const taken = await first.acquire('crm-journey serve');
    expect('mine' in taken && taken.mine.command).toBe('crm-journey serve');
    const again = await second.acquire('crm-journey sync');
    if (backend.name === 'sqlite') {
      expect('other' in again && again.other).toMatchObject({ pid: process.pid, command: 'crm-journey serve' });
      await first.release();
      expect('mine' in (await second.acquire('crm-journey sync'))).toBe(true);
      await second.release();
    } else {
      expect('mine' in again).toBe(true);
      await second.renew();
      await second.release();
      await first.release();
    }
  });
});
