// runSync's partitioned read (what a fleet's nodes share) against a plain run of the same org, with
// the partitions run in this process: the same tasks and stages, and the calls within budget.
import { readFileSync } from 'node:fs';
import { validateJourney, type JourneyDefinition } from '@crm-journey/connector';
import { connectSalesforce } from '@crm-journey/connector/salesforce';
import { DEFAULT_AS_OF } from '@crm-journey/sandbox';
import { afterEach, describe, expect, it } from 'vitest';
import { runSync } from '../src/run/run-sync.ts';
import { runReadPartition } from '../src/run/run-read-partition.ts';
import { openSyncStore, type SyncStore } from '../src/state/sync-store.ts';
import { cleanups, cleanUp, crmState, journeyFile, sandboxOf, type SalesforceSandbox } from './fleet-nodes.ts';
import { directWrites, localReadPartitions } from './read-partitions-local.ts';

afterEach(cleanUp);

const CUSTOMERS = 600;
const asOf = DEFAULT_AS_OF;

function b2b(): JourneyDefinition {
  const checked = validateJourney(readFileSync(journeyFile, 'utf8'), journeyFile);
  if (!checked.journey) throw new Error('the bundled journey is invalid');
  return checked.journey;
}

async function orgAndStore(): Promise<{
  sandbox: SalesforceSandbox;
  connector: Awaited<ReturnType<typeof connectSalesforce>>;
  store: SyncStore;
}> {
  const sandbox = await sandboxOf(CUSTOMERS);
  const connector = await connectSalesforce({ instanceUrl: sandbox.url, accessToken: sandbox.accessToken });
  const store = openSyncStore(':memory:');
  cleanups.push(() => store.close());
  return { sandbox, connector, store };
}

const queries = (sandbox: SalesforceSandbox): number =>
  sandbox.inspect.requests.filter((request) => /\/query(All)?$/.test(request.path)).length;
const writes = (sandbox: SalesforceSandbox): number =>
  sandbox.inspect.requests.filter((request) => request.method !== 'GET').length;

// Every account whose name sorts in the top half gets a new description: a changed set of ~300.
function editHalf(sandbox: SalesforceSandbox): void {
  for (const account of sandbox.inspect.records('Account').slice(0, CUSTOMERS / 2))
    sandbox.update('Account', String(account['Id']), { Description: 'edited by someone else' });
}

describe('a run read in partitions', () => {
  it('writes exactly what a plain run writes, full and incremental, within the call budget', async () => {
    const journey = b2b();
    const plain = await orgAndStore();
    const split = await orgAndStore();
    const local = localReadPartitions(split.connector, journey, split.store, 'scope', 50);
    const options = { journey, scope: 'scope', asOf, batchSize: 50 } as const;

    const one = await runSync({ ...options, connector: plain.connector, store: plain.store });
    const plainQueries = queries(plain.sandbox);
    const many = await runSync({
      ...options,
      connector: split.connector,
      store: split.store,
      readPartitions: local,
      partitionSize: 150,
    });
    expect(local.taken[0]?.map((part) => part.range)).toHaveLength(4);
    expect(crmState(split.sandbox)).toEqual(crmState(plain.sandbox));
    expect(many.customers).toBe(CUSTOMERS);
    expect(many.customersPerStage).toEqual(one.customersPerStage);
    expect([many.tasksCreated, many.stagesWritten, many.stageChanges]).toEqual([
      one.tasksCreated,
      one.stagesWritten,
      one.stageChanges,
    ]);
    expect(await split.store.watermark('scope')).toBeDefined();
    // Per extra partition at most one partial batch (accounts, tasks, events) and one partial page per
    // stream (a small org: each stream is one page, and one query reads the org's id), plus the listing.
    expect(writes(split.sandbox)).toBeLessThanOrEqual(writes(plain.sandbox) + 3 * 3);
    const streams = plainQueries - 1;
    expect(queries(split.sandbox)).toBeGreaterThan(plainQueries);
    expect(queries(split.sandbox)).toBeLessThanOrEqual(plainQueries + 2 + 3 * streams);

    // The incremental run: the changed set is listed once and read by id in lists of 200, as a plain run reads it.
    editHalf(plain.sandbox);
    editHalf(split.sandbox);
    const [plainBefore, splitBefore] = [plain.sandbox.inspect.requests.length, split.sandbox.inspect.requests.length];
    const next = { ...options, asOf: asOf + 60_000 };
    const oneAgain = await runSync({ ...next, connector: plain.connector, store: plain.store });
    const manyAgain = await runSync({
      ...next,
      connector: split.connector,
      store: split.store,
      readPartitions: local,
      partitionSize: 150,
    });
    expect(local.taken[1]?.every((part) => part.ids !== undefined)).toBe(true);
    expect(local.taken[1]?.length).toBeGreaterThan(1);
    expect(manyAgain.customers).toBe(oneAgain.customers);
    expect(crmState(split.sandbox)).toEqual(crmState(plain.sandbox));
    const plainCalls = plain.sandbox.inspect.requests.length - plainBefore;
    const splitCalls = split.sandbox.inspect.requests.length - splitBefore;
    expect(splitCalls).toBeLessThanOrEqual(Math.ceil(plainCalls * 1.1));
  }, 120_000);

  it('a partition run twice (a worker that died after its writes) writes nothing twice', async () => {
    const journey = b2b();
    const { sandbox, connector, store } = await orgAndStore();
    const local = localReadPartitions(connector, journey, store, 'scope');
    await runSync({ connector, journey, store, scope: 'scope', asOf, readPartitions: local, partitionSize: 150 });
    const before = crmState(sandbox);
    const partition = local.taken[0]?.[1];
    if (!partition) throw new Error('no second partition');
    const again = await runReadPartition({
      connector,
      journey,
      store,
      scope: 'scope',
      run: { runId: 99, asOf, ignoreStored: false },
      partition,
      partitions: directWrites(connector, journey, store),
      resume: true,
    });
    expect(again.customers).toBeGreaterThanOrEqual(150);
    expect([again.tasksCreated, again.stagesWritten]).toEqual([0, 0]);
    expect(crmState(sandbox)).toEqual(before);
  }, 60_000);
});
