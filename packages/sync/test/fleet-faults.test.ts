import { fileURLToPath } from 'node:url';
import pg from 'pg';
import { afterEach, describe, expect, it } from 'vitest';
import { DEFAULT_AS_OF } from '@crm-journey/sandbox';
import { openPostgresSyncStore } from '../src/state/postgres-sync-store.ts';
import {
  cleanups,
  cleanUp,
  crmState,
  fleetDir,
  oneProcessReference,
  sandboxOf,
  startNode,
  until,
  type Node,
} from './fleet-nodes.ts';
import { createTestDatabase } from './postgres/test-database.ts';
import { startThrowawayPostgres } from './postgres/throwaway-postgres.ts';

const skewedClock = fileURLToPath(new URL('./skewed-clock.ts', import.meta.url));
const FIVE_MINUTES = 5 * 60_000;

afterEach(cleanUp);

const alive = (node: Node): boolean => node.child.exitCode === null && node.child.signalCode === null;

async function databaseNow(url: string): Promise<number> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    const result = await client.query<{ now: Date }>('SELECT clock_timestamp() AS now');
    return result.rows[0]?.now.getTime() ?? Number.NaN;
  } finally {
    await client.end();
  }
}

describe('faults a fleet survives', () => {
  it('PostgreSQL stopped and started again mid-run: the nodes wait, reconnect and finish the run, once', async () => {
    const customers = 150;
    const reference = await oneProcessReference(customers);
    // A cluster of its own: stopping the session's would break the test files running beside this one.
    const postgres = await startThrowawayPostgres();
    cleanups.push(() => {
      postgres.stop();
      return Promise.resolve();
    });
    const sandbox = await sandboxOf(customers);
    const dir = fleetDir();
    const scope = `salesforce:${sandbox.url}|salesforce-b2b`;
    const nodes = [startNode(sandbox, postgres.url, dir), startNode(sandbox, postgres.url, dir)];
    await until('the first partition writes', () => Promise.resolve(sandbox.inspect.writes.length >= 3), nodes);
    postgres.pause();
    // Cut off mid-run: part of the tasks are in the CRM, the rest only in the outbox or not planned yet.
    const tasksWhenStopped = crmState(sandbox).keys.length;
    await new Promise((resolve) => setTimeout(resolve, 3000));
    expect(nodes.every(alive), nodes.map((node) => node.output().slice(-3000)).join('\n---\n')).toBe(true);
    postgres.resume();

    const store = await openPostgresSyncStore(postgres.url);
    cleanups.push(() => store.close());
    await until(
      'a finished run after the restart',
      async () => (await store.runs(scope)).some((run) => run.status === 'succeeded'),
      nodes,
      60_000,
    );
    expect(tasksWhenStopped).toBeLessThan(reference.keys.length);
    expect(nodes.every(alive)).toBe(true);
    expect(await store.pending(scope)).toEqual([]);
    expect(crmState(sandbox)).toEqual(reference);
    // One run for the interval: the one cut off by the outage, if its journal entry was written, is
    // closed as interrupted by the run that finished the work; none started twice.
    const statuses = (await store.runs(scope)).map((run) => run.status);
    expect(statuses.filter((status) => status === 'succeeded')).toHaveLength(1);
    expect(statuses.filter((status) => status === 'running')).toHaveLength(0);
    for (const node of nodes) node.child.kill('SIGTERM');
    for (const node of nodes) expect(await node.exited, node.output().slice(-4000)).toBe(0);
  }, 120_000);

  it("nodes whose clocks are 5 minutes off: the database clock decides the slot and the evaluation time, the CRM's clock the watermark", async () => {
    const database = await createTestDatabase();
    cleanups.push(() => database.drop());
    const sandbox = await sandboxOf(60);
    const dir = fleetDir();
    const scope = `salesforce:${sandbox.url}|salesforce-b2b`;
    const skewed = (offsetMs: number) =>
      startNode(sandbox, database.url, dir, {
        nodeArgs: ['--import', skewedClock],
        env: { CJ_TEST_CLOCK_OFFSET_MS: String(offsetMs) },
      });
    const before = await databaseNow(database.url);
    const nodes = [skewed(FIVE_MINUTES), skewed(-FIVE_MINUTES)];
    const store = await openPostgresSyncStore(database.url);
    cleanups.push(() => store.close());
    await until('a finished run', async () => (await store.runs(scope)).some((run) => run.status !== 'running'), nodes);
    // The other node asks for its own run every few seconds; the slot is the database's, so it gets none.
    await new Promise((resolve) => setTimeout(resolve, 2500));
    const after = await databaseNow(database.url);
    expect((await store.runs(scope)).map((run) => run.status)).toEqual(['succeeded']);

    // The watermark is the read's start less the connectors' 60 s margin on the CRM's own clock (the
    // sandbox's Date header, fixed here), the clock of the SystemModstamps it is compared with (issue
    // #19): neither node's skew moves it; 5 minutes ahead it would skip every edit made in those minutes.
    expect(Date.parse((await store.watermark(scope)) ?? '')).toBe(DEFAULT_AS_OF - 60_000);
    const account = sandbox.inspect.records('Account').find((record) => record['Journey_Stage__c']);
    const evaluatedAt = Date.parse((await store.previous(scope, String(account?.['Id'])))?.evaluatedAt ?? '');
    expect(evaluatedAt).toBeGreaterThanOrEqual(before - 2000);
    expect(evaluatedAt).toBeLessThanOrEqual(after + 2000);
    for (const node of nodes) node.child.kill('SIGTERM');
    for (const node of nodes) expect(await node.exited, node.output().slice(-4000)).toBe(0);
  }, 90_000);
});
