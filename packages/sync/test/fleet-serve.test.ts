import pg from 'pg';
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { FleetStatus } from '../src/fleet/fleet-status.ts';
import { POSTGRES_MIGRATIONS } from '../src/state/postgres-migrations.ts';
import { openPostgresSyncStore } from '../src/state/postgres-sync-store.ts';
import {
  cleanups,
  cleanUp,
  crmState,
  fleetDir,
  journeyFile,
  oneProcessReference,
  sandboxOf as sandboxOfSize,
  startNode,
  startServe,
  survivorFinishes,
  TOKEN,
  until,
  type CrmState,
} from './fleet-nodes.ts';
import { salesforceTargets } from './fleet-targets.ts';
import { createTestDatabase } from './postgres/test-database.ts';
import { runCliInProcess } from './run-cli-in-process.ts';

const CUSTOMERS = 250;
const sandboxOf = () => sandboxOfSize(CUSTOMERS);

afterEach(cleanUp);

// What one process writes on the same org, the same for every test: computed once.
let reference: CrmState;
beforeAll(async () => {
  reference = await oneProcessReference(CUSTOMERS);
  await cleanUp();
});

describe('a fleet of serve nodes on one PostgreSQL', () => {
  it('two nodes started together against an empty database: one schema, one run, exactly one process’s writes', async () => {
    const database = await createTestDatabase();
    cleanups.push(() => database.drop());
    const sandbox = await sandboxOf();
    const dir = fleetDir();
    const nodes = [startNode(sandbox, database.url, dir), startNode(sandbox, database.url, dir)];
    const scope = `salesforce:${sandbox.url}|salesforce-b2b`;
    const store = await openPostgresSyncStore(database.url);
    cleanups.push(() => store.close());

    await until('a finished run', async () => (await store.runs(scope)).some((run) => run.status !== 'running'), nodes);
    // Give the other node every chance to start a second run in the same interval: it must not.
    await new Promise((resolve) => setTimeout(resolve, 3000));
    const runs = await store.runs(scope);
    expect(runs.map((run) => run.status)).toEqual(['succeeded']);
    expect(await store.pending(scope)).toEqual([]);
    expect(crmState(sandbox)).toEqual(reference);

    const client = new pg.Client({ connectionString: database.url });
    await client.connect();
    const migrations = await client.query('SELECT version FROM crm_journey.schema_migrations');
    await client.end();
    expect(migrations.rowCount).toBe(POSTGRES_MIGRATIONS.length);

    const status = await runCliInProcess(['status', '--store', database.url, '--json']);
    expect(status.code, status.stderr).toBe(0);
    const fleet = JSON.parse(status.stdout) as FleetStatus;
    expect(fleet.nodes).toHaveLength(2);
    expect(fleet.runsInFlight).toEqual([]);
    expect(fleet.scopes.map((entry) => [entry.scope, entry.lastRun.status])).toEqual([[scope, 'succeeded']]);
    expect(fleet.scopes[0]?.lagSeconds).toBeGreaterThanOrEqual(0);
    expect(fleet.deadLetters).toBe(0);
    const human = await runCliInProcess(['status', '--store', database.url]);
    expect(human.stdout).toMatch(/^Nodes alive: 2\n/);
    expect(human.stdout).toContain(scope);

    for (const node of nodes) node.child.kill('SIGTERM');
    for (const node of nodes) expect(await node.exited, node.output().slice(-4000)).toBe(0);
    for (const node of nodes) expect(node.output()).not.toContain(TOKEN);
  }, 120_000);

  it('a node killed mid-run loses its jobs to another, which finishes them: nothing twice, nothing missing', async () => {
    const database = await createTestDatabase();
    cleanups.push(() => database.drop());
    const sandbox = await sandboxOf();
    const dir = fleetDir();
    const scope = `salesforce:${sandbox.url}|salesforce-b2b`;
    const victim = startNode(sandbox, database.url, dir);
    await until('the first partition writes', () => Promise.resolve(sandbox.inspect.writes.length >= 5), [victim]);
    victim.child.kill('SIGKILL');
    await victim.exited;
    const partial = crmState(sandbox).keys.length;
    expect(partial).toBeLessThan(reference.keys.length);

    const { survivor, store } = await survivorFinishes(sandbox, database.url, dir, scope);
    expect(await store.pending(scope)).toEqual([]);
    expect(crmState(sandbox)).toEqual(reference);
    expect((await store.runs(scope)).map((run) => run.status)).toEqual(['succeeded', 'interrupted']);
    survivor.child.kill('SIGTERM');
    expect(await survivor.exited, survivor.output().slice(-4000)).toBe(0);
  }, 150_000);

  it('keeps several orgs in sync from the config file’s syncs, each run once', async () => {
    const database = await createTestDatabase();
    cleanups.push(() => database.drop());
    const [east, west] = [await sandboxOf(), await sandboxOf()];
    const dir = fleetDir([
      ...salesforceTargets({ east, west }),
      'syncs:',
      `  - { target: east, journey: ${journeyFile}, interval: 1h }`,
      `  - { name: west-b2b, target: west, journey: ${journeyFile}, interval: 2h, batchSize: 25 }`,
    ]);
    const nodes = [
      startServe(database.url, dir, ['--target', 'east']),
      startServe(database.url, dir, ['--target', 'east']),
    ];
    const store = await openPostgresSyncStore(database.url);
    cleanups.push(() => store.close());
    const scopes = [east, west].map((org) => `salesforce:${org.url}|salesforce-b2b`);
    await until(
      'a finished run of each org',
      async () =>
        (await Promise.all(scopes.map((scope) => store.runs(scope)))).every((runs) =>
          runs.some((run) => run.status === 'succeeded'),
        ),
      nodes,
    );
    await new Promise((resolve) => setTimeout(resolve, 2000));
    for (const scope of scopes) expect((await store.runs(scope)).map((run) => run.status)).toEqual(['succeeded']);
    expect(crmState(east)).toEqual(reference);
    expect(crmState(west)).toEqual(reference);
    // Each run is counted, labelled by its org and journey, on the node that coordinated it.
    const scraped = await Promise.all(
      nodes.map(async (node) => {
        const url = /"url":"(http:\/\/[^"]+)"/.exec(node.output())?.[1] ?? '';
        const response = await fetch(`${url}/metrics`, { headers: { authorization: `Bearer ${TOKEN}` } });
        return response.text();
      }),
    );
    for (const org of [east, west])
      expect(scraped.join('\n')).toContain(
        `crm_journey_sync_runs_total{status="succeeded",target="salesforce:${org.url}",journey="salesforce-b2b"} 1`,
      );
    for (const node of nodes) node.child.kill('SIGTERM');
    for (const node of nodes) expect(await node.exited, node.output().slice(-4000)).toBe(0);
  }, 120_000);
});
