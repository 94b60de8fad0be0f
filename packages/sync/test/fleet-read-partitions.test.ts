// A big run read in partitions by several `serve` nodes on one PostgreSQL: both nodes read, the org
// ends with exactly one process's tasks and stages, and a node killed on a partition loses it to another.
import { readFileSync } from 'node:fs';
import pg from 'pg';
import { validateJourney } from '@crm-journey/connector';
import { connectSalesforce } from '@crm-journey/connector/salesforce';
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import { runSync } from '../src/run/run-sync.ts';
import { openPostgresSyncStore } from '../src/state/postgres-sync-store.ts';
import { openSyncStore } from '../src/state/sync-store.ts';
import {
  cleanups,
  cleanUp,
  crmState,
  fleetDir,
  journeyFile,
  sandboxOf,
  startNode,
  survivorFinishes,
  until,
  type CrmState,
  type Node,
} from './fleet-nodes.ts';
import { createTestDatabase } from './postgres/test-database.ts';

const CUSTOMERS = 400;
/** Four partitions of 100 customers. */
const PARTITION_SIZE = 100;

afterEach(cleanUp);

const queries = (requests: readonly { path: string }[]): number =>
  requests.filter((request) => /\/query(All)?$/.test(request.path)).length;

// One process on the same org: the tasks and stages the fleet must write, and the queries it ran.
let reference: CrmState;
let referenceQueries: number;
let referenceWrites: number;
beforeAll(async () => {
  const sandbox = await sandboxOf(CUSTOMERS);
  const connector = await connectSalesforce({ instanceUrl: sandbox.url, accessToken: sandbox.accessToken });
  const checked = validateJourney(readFileSync(journeyFile, 'utf8'), journeyFile);
  if (!checked.journey) throw new Error('the bundled journey is invalid');
  const store = openSyncStore(':memory:');
  await runSync({ connector, journey: checked.journey, store, scope: 'reference', batchSize: 10 });
  await store.close();
  reference = crmState(sandbox);
  referenceQueries = queries(sandbox.inspect.requests);
  referenceWrites = sandbox.inspect.requests.filter((request) => request.method !== 'GET').length;
  await cleanUp();
}, 60_000);

const partitionsTaken = (node: Node): number => (node.output().match(/"msg":"fleet read partition"/g) ?? []).length;

async function readJobs(url: string): Promise<{ state: string; retry_count: number }[]> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    const result = await client.query<{ state: string; retry_count: number }>(
      `SELECT state, retry_count FROM crm_journey_jobs.job WHERE name = 'crm-journey-read' ORDER BY created_on`,
    );
    return result.rows;
  } finally {
    await client.end();
  }
}

describe('a run read in partitions by a fleet', () => {
  it('two nodes share one run’s partitions: both read, one process’s tasks and stages, the calls of the split', async () => {
    const database = await createTestDatabase();
    cleanups.push(() => database.drop());
    const sandbox = await sandboxOf(CUSTOMERS);
    const dir = fleetDir([`  partitionSize: ${PARTITION_SIZE}`]);
    const nodes = [startNode(sandbox, database.url, dir), startNode(sandbox, database.url, dir)];
    const scope = `salesforce:${sandbox.url}|salesforce-b2b`;
    const store = await openPostgresSyncStore(database.url);
    cleanups.push(() => store.close());
    await until('a finished run', async () => (await store.runs(scope)).some((run) => run.status !== 'running'), nodes);

    expect((await store.runs(scope)).map((run) => run.status)).toEqual(['succeeded']);
    expect(await store.pending(scope)).toEqual([]);
    expect(crmState(sandbox)).toEqual(reference);
    expect((await readJobs(database.url)).map((job) => job.state)).toEqual(Array(4).fill('completed'));
    for (const node of nodes) expect(partitionsTaken(node), node.output().slice(-3000)).toBeGreaterThan(0);
    expect(await store.watermark(scope)).toBeDefined();
    // The split's price on a small org, where every stream is one page: the id listing (a page per
    // customer stream) and, per extra partition, a partial page per stream; the writes are the batches'.
    const streams = referenceQueries - 1;
    const fleetQueries = queries(sandbox.inspect.requests);
    expect(fleetQueries).toBeLessThanOrEqual(referenceQueries + 2 + 3 * streams);
    expect(sandbox.inspect.requests.filter((request) => request.method !== 'GET').length).toBe(referenceWrites);

    for (const node of nodes) node.child.kill('SIGTERM');
    for (const node of nodes) expect(await node.exited, node.output().slice(-4000)).toBe(0);
  }, 120_000);

  // The victim is alone when it dies: it coordinates the run and holds a read partition. The survivor
  // finishes the orphaned partitions first, then retries the run, which lists and reads again.
  it('a node SIGKILLed on a read partition loses it and its run to another: nothing twice, nothing missing', async () => {
    const database = await createTestDatabase();
    cleanups.push(() => database.drop());
    const sandbox = await sandboxOf(CUSTOMERS);
    const dir = fleetDir([`  partitionSize: ${PARTITION_SIZE}`]);
    const scope = `salesforce:${sandbox.url}|salesforce-b2b`;
    const victim = startNode(sandbox, database.url, dir);
    await until(
      'the victim writing a partition',
      () => Promise.resolve(partitionsTaken(victim) > 0 && sandbox.inspect.writes.length >= 5),
      [victim],
    );
    victim.child.kill('SIGKILL');
    await victim.exited;
    expect(crmState(sandbox).keys.length).toBeLessThan(reference.keys.length);

    const { survivor, store } = await survivorFinishes(sandbox, database.url, dir, scope);
    expect(await store.pending(scope)).toEqual([]);
    expect(crmState(sandbox)).toEqual(reference);
    expect(partitionsTaken(survivor)).toBeGreaterThan(0);
    survivor.child.kill('SIGTERM');
    expect(await survivor.exited, survivor.output().slice(-4000)).toBe(0);
  }, 150_000);
});
