import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { validateJourney } from '@crm-journey/connector';
import { connectSalesforce } from '@crm-journey/connector/salesforce';
import {
  DEFAULT_AS_OF,
  generatePopulation,
  startSalesforceSandbox,
  toSalesforceRecords,
  type Sandbox,
} from '@crm-journey/sandbox';
import pg from 'pg';
import { afterEach, describe, expect, it } from 'vitest';
import type { FleetStatus } from '../src/fleet/fleet-status.ts';
import { runSync } from '../src/run/run-sync.ts';
import { openPostgresSyncStore } from '../src/state/postgres-sync-store.ts';
import { openSyncStore } from '../src/state/sync-store.ts';
import { createTestDatabase, type TestDatabase } from './postgres/test-database.ts';
import { runCliInProcess } from './run-cli-in-process.ts';

const bin = fileURLToPath(new URL('../bin/crm-journey.ts', import.meta.url));
const journeyFile = fileURLToPath(new URL('../../../journeys/salesforce-b2b.yaml', import.meta.url));
const TOKEN = 'fleet-test-token-0123456789abcdef';
const CUSTOMERS = 250;

const cleanups: (() => Promise<unknown>)[] = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup().catch(() => undefined);
});

const records = () => toSalesforceRecords(generatePopulation({ customers: CUSTOMERS, seed: 17 }));

type SalesforceSandbox = Awaited<ReturnType<typeof startSalesforceSandbox>>;

async function sandboxOf(): Promise<SalesforceSandbox> {
  const sandbox = await startSalesforceSandbox({ records: records(), now: () => DEFAULT_AS_OF });
  cleanups.push(() => sandbox.close());
  return sandbox;
}

/**
 * Journey keys of every task and event (duplicates kept), and the stage on every account. A key's
 * stage-entry part is left out: a customer with no dated record enters its stage at the evaluation
 * time, which differs between the reference and the fleet; a second task for the same customer,
 * stage and action still shows as a duplicate.
 */
function crmState(sandbox: Sandbox): { keys: string[]; stages: Record<string, unknown> } {
  const keys = ['Task', 'Event']
    .flatMap((object) => sandbox.inspect.records(object))
    .map((record) => record['Journey_Action_Key__c'])
    .filter((key): key is string => typeof key === 'string' && key !== '')
    .map((key) => key.split(':').toSpliced(4, 1).join(':'))
    .sort();
  const stages = Object.fromEntries(
    sandbox.inspect.records('Account').map((account) => [String(account['Id']), account['Journey_Stage__c'] ?? null]),
  );
  return { keys, stages };
}

/** What one process writes on the same org: the reference each fleet run must match exactly. */
async function oneProcessReference(): Promise<ReturnType<typeof crmState>> {
  const sandbox = await sandboxOf();
  const connector = await connectSalesforce({ instanceUrl: sandbox.url, accessToken: sandbox.accessToken });
  const checked = validateJourney(readFileSync(journeyFile, 'utf8'), journeyFile);
  if (!checked.journey) throw new Error('the bundled journey is invalid');
  const store = openSyncStore(':memory:');
  await runSync({ connector, journey: checked.journey, store, scope: 'reference' });
  await store.close();
  await connector.close();
  return crmState(sandbox);
}

interface Node {
  readonly child: ChildProcess;
  readonly output: () => string;
  readonly exited: Promise<number | null>;
}

function startNode(sandbox: SalesforceSandbox, database: TestDatabase, dir: string): Node {
  return startServe(database, dir, ['--instance-url', sandbox.url, '--access-token', sandbox.accessToken]);
}

function startServe(database: TestDatabase, dir: string, target: readonly string[]): Node {
  const child = spawn(
    process.execPath,
    [
      '--conditions=@crm-journey/source',
      '--disable-warning=ExperimentalWarning',
      bin,
      'serve',
      '--config',
      join(dir, 'crm-journey.config.yaml'),
      '--journey',
      journeyFile,
      ...target,
      '--port',
      '0',
      '--store',
      database.url,
      '--batch-size',
      '10',
      '--interval',
      '1h',
    ],
    { env: { ...process.env, CRM_JOURNEY_TOKEN: TOKEN } },
  );
  let output = '';
  child.stdout.on('data', (chunk: Buffer) => (output += chunk.toString()));
  child.stderr.on('data', (chunk: Buffer) => (output += chunk.toString()));
  const exited = new Promise<number | null>((resolve) => child.once('exit', resolve));
  cleanups.push(async () => {
    if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
    await exited;
  });
  return { child, output: () => output, exited };
}

function fleetDir(more: readonly string[] = []): string {
  const dir = mkdtempSync(join(tmpdir(), 'cj-fleet-'));
  // The shortest lease pg-boss takes, so a killed node's jobs move on within seconds.
  writeFileSync(join(dir, 'crm-journey.config.yaml'), ['serve:', '  leaseSeconds: 10', ...more, ''].join('\n'));
  return dir;
}

async function until(what: string, check: () => Promise<boolean>, nodes: readonly Node[], ms = 60_000): Promise<void> {
  const deadline = Date.now() + ms;
  while (Date.now() < deadline) {
    if (await check()) return;
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
  throw new Error(`timed out waiting for ${what}\n${nodes.map((node) => node.output().slice(-4000)).join('\n---\n')}`);
}

describe('a fleet of serve nodes on one PostgreSQL', () => {
  it('two nodes started together against an empty database: one schema, one run, exactly one process’s writes', async () => {
    const reference = await oneProcessReference();
    const database = await createTestDatabase();
    cleanups.push(() => database.drop());
    const sandbox = await sandboxOf();
    const dir = fleetDir();
    const nodes = [startNode(sandbox, database, dir), startNode(sandbox, database, dir)];
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
    expect(migrations.rowCount).toBe(1);

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
    const reference = await oneProcessReference();
    const database = await createTestDatabase();
    cleanups.push(() => database.drop());
    const sandbox = await sandboxOf();
    const dir = fleetDir();
    const scope = `salesforce:${sandbox.url}|salesforce-b2b`;
    const victim = startNode(sandbox, database, dir);
    await until('the first partition writes', () => Promise.resolve(sandbox.inspect.writes.length >= 5), [victim]);
    victim.child.kill('SIGKILL');
    await victim.exited;
    const partial = crmState(sandbox).keys.length;
    expect(partial).toBeLessThan(reference.keys.length);

    const survivor = startNode(sandbox, database, dir);
    const store = await openPostgresSyncStore(database.url);
    cleanups.push(() => store.close());
    await until(
      'the survivor to finish the run',
      async () => (await store.runs(scope)).some((run) => run.status === 'succeeded'),
      [survivor],
      90_000,
    );
    expect(await store.pending(scope)).toEqual([]);
    expect(crmState(sandbox)).toEqual(reference);
    expect((await store.runs(scope)).map((run) => run.status)).toEqual(['succeeded', 'interrupted']);
    survivor.child.kill('SIGTERM');
    expect(await survivor.exited, survivor.output().slice(-4000)).toBe(0);
  }, 150_000);

  it('keeps several orgs in sync from the config file’s syncs, each run once', async () => {
    const reference = await oneProcessReference();
    const database = await createTestDatabase();
    cleanups.push(() => database.drop());
    const [east, west] = [await sandboxOf(), await sandboxOf()];
    const dir = fleetDir([
      'targets:',
      ...(
        [
          ['east', east],
          ['west', west],
        ] as const
      ).flatMap(([name, org]) => [
        `  ${name}:`,
        '    crm: salesforce',
        `    instanceUrl: ${org.url}`,
        `    accessToken: ${org.accessToken}`,
      ]),
      'syncs:',
      `  - { target: east, journey: ${journeyFile}, interval: 1h }`,
      `  - { name: west-b2b, target: west, journey: ${journeyFile}, interval: 2h, batchSize: 25 }`,
    ]);
    const nodes = [startServe(database, dir, ['--target', 'east']), startServe(database, dir, ['--target', 'east'])];
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
