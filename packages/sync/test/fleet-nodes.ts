// Shared by the fleet tests: real `crm-journey serve` processes on one PostgreSQL store, a sandbox org
// each, and what one process would have written there, to compare the fleet's writes against.
import type { ChildProcess } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { rm } from 'node:fs/promises';
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
import { runSync } from '../src/run/run-sync.ts';
import { openPostgresSyncStore } from '../src/state/postgres-sync-store.ts';
import { openSyncStore, type SyncStore } from '../src/state/sync-store.ts';
import { spawnCli } from './cli-process.ts';

/** The bundled Salesforce B2B journey every fleet test syncs. */
export const journeyFile = fileURLToPath(new URL('../../../journeys/salesforce-b2b.yaml', import.meta.url));
/** The API token of every node. */
export const TOKEN = 'fleet-test-token-0123456789abcdef';

/** A started Salesforce sandbox. */
export type SalesforceSandbox = Awaited<ReturnType<typeof startSalesforceSandbox>>;

/** What a test must undo, last first; the test file runs them in `afterEach`. */
export const cleanups: (() => Promise<unknown>)[] = [];

/** Undoes everything the test started (nodes, sandboxes, databases), last first. */
export async function cleanUp(): Promise<void> {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup().catch(() => undefined);
}

/** A sandbox org of `customers` generated customers (seed 17), closed after the test. */
export async function sandboxOf(customers: number): Promise<SalesforceSandbox> {
  const records = toSalesforceRecords(generatePopulation({ customers, seed: 17 }));
  const sandbox = await startSalesforceSandbox({ records, now: () => DEFAULT_AS_OF });
  cleanups.push(() => sandbox.close());
  return sandbox;
}

/** The CRM state a sync leaves: journey keys of tasks and events, and each account's stage. */
export interface CrmState {
  readonly keys: string[];
  readonly stages: Record<string, unknown>;
}

/**
 * Journey keys of every task and event (duplicates kept), and the stage on every account. A key's
 * stage-entry part is left out: a customer with no dated record enters its stage at the evaluation
 * time, which differs between the reference and the fleet; a second task for the same customer,
 * stage and action still shows as a duplicate.
 */
export function crmState(sandbox: Sandbox): CrmState {
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

/** What one process writes on an org of `customers` customers: the reference a fleet run must match exactly. */
export async function oneProcessReference(customers: number): Promise<CrmState> {
  const sandbox = await sandboxOf(customers);
  const connector = await connectSalesforce({ instanceUrl: sandbox.url, accessToken: sandbox.accessToken });
  const checked = validateJourney(readFileSync(journeyFile, 'utf8'), journeyFile);
  if (!checked.journey) throw new Error('the bundled journey is invalid');
  const store = openSyncStore(':memory:');
  await runSync({ connector, journey: checked.journey, store, scope: 'reference' });
  await store.close();
  await connector.close();
  return crmState(sandbox);
}

/** A running `serve` process. */
export interface Node {
  readonly child: ChildProcess;
  readonly output: () => string;
  readonly exited: Promise<number | null>;
}

/** How a node is started beyond its target: node options (e.g. `--import` a clock) and environment. */
export interface NodeOptions {
  readonly nodeArgs?: readonly string[];
  readonly env?: Readonly<Record<string, string>>;
  /** Customers per batch, so per partition (default 10: many partitions from a small org). */
  readonly batchSize?: number;
  /** The journey files of the node's command line (default: the bundled B2B journey). */
  readonly journeys?: readonly string[];
}

/** `serve` on the store, with the config in `dir` and an interval of an hour; SIGKILLed after the test. */
export function startServe(store: string, dir: string, target: readonly string[], options: NodeOptions = {}): Node {
  const node = spawnCli(
    [
      'serve',
      '--config',
      join(dir, 'crm-journey.config.yaml'),
      ...(options.journeys ?? [journeyFile]).flatMap((file) => ['--journey', file]),
      ...target,
      '--port',
      '0',
      '--store',
      store,
      '--batch-size',
      String(options.batchSize ?? 10),
      '--interval',
      '1h',
    ],
    { nodeArgs: options.nodeArgs ?? [], env: { CRM_JOURNEY_TOKEN: TOKEN, ...options.env } },
  );
  cleanups.push(async () => {
    if (node.child.exitCode === null && node.child.signalCode === null) node.child.kill('SIGKILL');
    await node.exited;
  });
  return { child: node.child, output: node.output, exited: node.exited };
}

/** `serve` against a sandbox org, by its URL and token. */
export function startNode(sandbox: SalesforceSandbox, store: string, dir: string, options: NodeOptions = {}): Node {
  return startServe(store, dir, ['--instance-url', sandbox.url, '--access-token', sandbox.accessToken], options);
}

/**
 * A config directory with the shortest lease pg-boss takes, so a dead node's jobs move on within seconds;
 * removed after the test (the nodes that use it are stopped before, as they were started after).
 */
export function fleetDir(more: readonly string[] = []): string {
  const dir = mkdtempSync(join(tmpdir(), 'cj-fleet-'));
  cleanups.push(() => rm(dir, { recursive: true, force: true }));
  writeFileSync(join(dir, 'crm-journey.config.yaml'), ['serve:', '  leaseSeconds: 10', ...more, ''].join('\n'));
  return dir;
}

/** Polls `check` every 250 ms; on time-out fails with the nodes' last output. */
export async function until(
  what: string,
  check: () => Promise<boolean>,
  nodes: readonly Node[],
  ms = 60_000,
): Promise<void> {
  const deadline = Date.now() + ms;
  while (Date.now() < deadline) {
    if (await check()) return;
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
  throw new Error(`timed out waiting for ${what}\n${nodes.map((node) => node.output().slice(-4000)).join('\n---\n')}`);
}

/**
 * Starts a node to take over from a killed one and waits (90 s at most) until a run of `scope` has
 * succeeded; the store it watched through stays open until the test ends.
 */
export async function survivorFinishes(
  sandbox: SalesforceSandbox,
  store: string,
  dir: string,
  scope: string,
): Promise<{ survivor: Node; store: SyncStore }> {
  const survivor = startNode(sandbox, store, dir);
  const opened = await openPostgresSyncStore(store);
  cleanups.push(() => opened.close());
  await until(
    'the survivor to finish the run',
    async () => (await opened.runs(scope)).some((run) => run.status === 'succeeded'),
    [survivor],
    90_000,
  );
  return { survivor, store: opened };
}
