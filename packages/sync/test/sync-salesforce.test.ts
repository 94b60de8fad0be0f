import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import {
  compileJourney,
  evaluateCustomer,
  groupCustomers,
  validateJourney,
  type RecordsByObject,
} from '@crm-journey/connector';
import { connectSalesforce } from '@crm-journey/connector/salesforce';
import {
  DEFAULT_AS_OF,
  generatePopulation,
  startSalesforceSandbox,
  toSalesforceRecords,
  type SalesforceSandbox,
} from '@crm-journey/fixtures';
import { afterEach, describe, expect, it } from 'vitest';
import { runSync } from '../src/run/run-sync.ts';
import { openSyncStore } from '../src/state/sync-store.ts';

const bin = fileURLToPath(new URL('../bin/crm-journey.ts', import.meta.url));
const journeyFile = fileURLToPath(new URL('../../../journeys/salesforce-b2b.yaml', import.meta.url));
const asOf = new Date(DEFAULT_AS_OF).toISOString();
const sandboxes: SalesforceSandbox[] = [];

afterEach(async () => {
  for (const sandbox of sandboxes.splice(0)) await sandbox.close();
});

function journey() {
  const result = validateJourney(readFileSync(journeyFile, 'utf8'), journeyFile);
  if (!result.journey) throw new Error('invalid bundled journey');
  return result.journey;
}

/** What the offline engine expects on the same records: stage per customer and the activities to create. */
function expected(records: RecordsByObject): { stages: Map<string, string | null>; keys: string[] } {
  const definition = journey();
  const compiled = compileJourney(definition);
  const stages = new Map<string, string | null>();
  const keys: string[] = [];
  for (const set of groupCustomers(definition, records).customers) {
    const state = evaluateCustomer(compiled, {
      customer: set.customer,
      records: set.records,
      changes: set.changes,
      asOf: DEFAULT_AS_OF,
    });
    stages.set(set.customer.id, state.stage);
    for (const action of state.nextActions)
      if (action.mode === 'create' && action.status === 'new') keys.push(action.key);
  }
  return { stages, keys: keys.sort() };
}

/** Journey keys on the sandbox's activities, and the stage stored on every root record. */
function actual(sandbox: SalesforceSandbox): { keys: string[]; stages: Map<string, string | null> } {
  const keys = ['Task', 'Event']
    .flatMap((object) => sandbox.inspect.records(object))
    .map((record) => record['Journey_Action_Key__c'])
    .filter((key): key is string => typeof key === 'string' && key !== '');
  const stages = new Map<string, string | null>();
  for (const object of ['Account', 'Lead']) {
    for (const record of sandbox.inspect.records(object)) {
      if (object === 'Lead' && record['IsConverted'] === true) continue;
      const stage = record['Journey_Stage__c'];
      stages.set(String(record['Id']), typeof stage === 'string' && stage !== '' ? stage : null);
    }
  }
  return { keys: keys.sort(), stages };
}

async function sandboxWith(customers: number): Promise<{ sandbox: SalesforceSandbox; records: RecordsByObject }> {
  const records = toSalesforceRecords(generatePopulation({ customers, seed: 11 }));
  const sandbox = await startSalesforceSandbox({ records, now: () => DEFAULT_AS_OF });
  sandboxes.push(sandbox);
  return { sandbox, records };
}

describe('sync against the Salesforce sandbox', () => {
  it('writes exactly the expected stages and activities, and nothing on the second run', async () => {
    const { sandbox, records } = await sandboxWith(120);
    const connector = await connectSalesforce({ instanceUrl: sandbox.url, accessToken: sandbox.accessToken });
    const store = openSyncStore(':memory:');
    const options = { connector, journey: journey(), store, scope: 'test', asOf: DEFAULT_AS_OF };
    const first = await runSync(options);
    const want = expected(records);
    expect(first.customers).toBe(want.stages.size);
    expect(actual(sandbox)).toEqual(want);
    expect(first.tasksCreated).toBe(want.keys.length);

    sandbox.inspect.resetLog();
    const second = await runSync(options);
    expect(second).toMatchObject({ stagesWritten: 0, tasksCreated: 0, failures: [] });
    expect(sandbox.inspect.writes).toEqual([]);
    store.close();
    await connector.close();
  }, 60_000);

  it('resumes after the process is killed mid-run, without a duplicate or a missing activity', async () => {
    const { sandbox, records } = await sandboxWith(300);
    const state = join(mkdtempSync(join(tmpdir(), 'cj-sync-')), 'state.sqlite');
    const args = [
      '--conditions=@crm-journey/source',
      '--disable-warning=ExperimentalWarning',
      bin,
      'sync',
      '--journey',
      journeyFile,
      '--instance-url',
      sandbox.url,
      '--access-token',
      sandbox.accessToken,
      '--once',
      '--state',
      state,
      '--as-of',
      asOf,
      '--batch-size',
      '25',
      '--json',
    ];

    // First run: SIGKILL as soon as the sandbox has seen the first writes of the run.
    const victim = spawn(process.execPath, args);
    const deadline = Date.now() + 30_000;
    while (sandbox.inspect.writes.length < 10 && Date.now() < deadline && victim.exitCode === null)
      await new Promise((resolve) => setTimeout(resolve, 5));
    victim.kill('SIGKILL');
    await new Promise((resolve) => victim.once('exit', resolve));
    const partial = actual(sandbox).keys.length;

    // Second run, to completion.
    const rerun = spawn(process.execPath, args);
    let output = '';
    rerun.stdout.on('data', (chunk: Buffer) => (output += chunk.toString()));
    rerun.stderr.on('data', (chunk: Buffer) => (output += chunk.toString()));
    const code = await new Promise((resolve) => rerun.once('exit', resolve));
    expect(code, output).toBe(0);
    const want = expected(records);
    const got = actual(sandbox);
    expect(partial).toBeLessThan(want.keys.length);
    expect(got.keys).toEqual(want.keys);
    expect(new Set(got.keys).size).toBe(got.keys.length);
    expect(got.stages).toEqual(want.stages);
  }, 90_000);
});
