import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { journeySetReadDefinition, validateJourneySet, type JourneyState } from '@crm-journey/connector';
import { connectSalesforce } from '@crm-journey/connector/salesforce';
import type { Sandbox } from '@crm-journey/sandbox';
import { afterEach, describe, expect, it } from 'vitest';
import { runSync } from '../src/run/run-sync.ts';
import { openPostgresSyncStore } from '../src/state/postgres-sync-store.ts';
import { openSyncStore } from '../src/state/sync-store.ts';
import { cleanups, cleanUp, crmState, fleetDir, sandboxOf, startNode, until } from './fleet-nodes.ts';
import { directAndPipeline } from './direct-and-pipeline.ts';
import { createTestDatabase } from './postgres/test-database.ts';

const CUSTOMERS = 150;

afterEach(cleanUp);

const { direct, pipeline } = directAndPipeline();

/** Each account's journey (from the state on the record) and stage. */
function placements(sandbox: Sandbox): Record<string, string> {
  return Object.fromEntries(
    sandbox.inspect.records('Account').map((account) => {
      const text = account['Journey_State__c'];
      const state = typeof text === 'string' && text !== '' ? (JSON.parse(text) as JourneyState) : undefined;
      return [String(account['Id']), state ? `${state.journey.id}/${state.stage ?? ''}` : 'none'];
    }),
  );
}

describe('a journey set on a fleet’s PostgreSQL store', () => {
  it('two serve nodes of a two-journey set: one run, each customer in one journey, as the SQLite store places them', async () => {
    // The reference: one process, the embedded store.
    const reference = await sandboxOf(CUSTOMERS);
    const { set } = validateJourneySet([
      { text: direct, file: 'direct.yaml' },
      { text: pipeline, file: 'pipeline.yaml' },
    ]);
    if (!set) throw new Error('the set is invalid');
    const connector = await connectSalesforce({ instanceUrl: reference.url, accessToken: reference.accessToken });
    const local = openSyncStore(':memory:');
    await runSync({
      connector,
      journey: journeySetReadDefinition(set),
      set,
      store: local,
      scope: 'reference',
    });
    await connector.close();
    const want = { crm: crmState(reference), placements: placements(reference) };
    const perJourney = Object.values(want.placements).map((placed) => placed.split('/')[0]);
    expect(perJourney).toContain('direct');
    expect(perJourney).toContain('pipeline');

    const database = await createTestDatabase();
    cleanups.push(() => database.drop());
    const sandbox = await sandboxOf(CUSTOMERS);
    const dir = fleetDir();
    const files = [join(dir, 'direct.yaml'), join(dir, 'pipeline.yaml')];
    writeFileSync(files[0] as string, direct);
    writeFileSync(files[1] as string, pipeline);
    const nodes = [
      startNode(sandbox, database.url, dir, { journeys: files }),
      startNode(sandbox, database.url, dir, { journeys: files }),
    ];
    const scope = `salesforce:${sandbox.url}|direct+pipeline`;
    const store = await openPostgresSyncStore(database.url);
    cleanups.push(() => store.close());
    await until('a finished run', async () => (await store.runs(scope)).some((run) => run.status !== 'running'), nodes);
    // The other node must not run the set a second time in the same interval.
    await new Promise((resolve) => setTimeout(resolve, 3000));
    expect((await store.runs(scope)).map((run) => run.status)).toEqual(['succeeded']);
    expect(await store.pending(scope)).toEqual([]);
    expect(crmState(sandbox)).toEqual(want.crm);
    expect(placements(sandbox)).toEqual(want.placements);
    // The shared store keeps, per customer, the journey of the set it is in, as the SQLite store does.
    for (const id of Object.keys(want.placements)) {
      const [shared, embedded] = [await store.previous(scope, id), await local.previous('reference', id)];
      expect(shared?.journey.id, id).toBe(embedded?.journey.id);
      expect(shared?.stage, id).toBe(embedded?.stage);
    }
    await local.close();
    for (const node of nodes) node.child.kill('SIGTERM');
    for (const node of nodes) expect(await node.exited, node.output().slice(-4000)).toBe(0);
  }, 120_000);
});
