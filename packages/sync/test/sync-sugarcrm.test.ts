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
import { connectSugar } from '@crm-journey/connector/sugarcrm';
import {
  DEFAULT_AS_OF,
  generatePopulation,
  startSugarSandbox,
  toSugarRecords,
  type SugarSandbox,
} from '@crm-journey/fixtures';
import { afterEach, describe, expect, it } from 'vitest';
import { runSync } from '../src/run/run-sync.ts';
import { openSyncStore } from '../src/state/sync-store.ts';

const bin = fileURLToPath(new URL('../bin/crm-journey.ts', import.meta.url));
const journeyFile = fileURLToPath(new URL('../../../journeys/sugarcrm-b2b.yaml', import.meta.url));
const asOf = new Date(DEFAULT_AS_OF).toISOString();
const sandboxes: SugarSandbox[] = [];

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
function actual(sandbox: SugarSandbox): { keys: string[]; stages: Map<string, string | null> } {
  const keys = ['Tasks', 'Calls', 'Meetings']
    .flatMap((module) => sandbox.inspect.records(module))
    .map((record) => record['journey_action_key_c'])
    .filter((key): key is string => typeof key === 'string' && key !== '');
  const stages = new Map<string, string | null>();
  for (const module of ['Accounts', 'Leads']) {
    for (const record of sandbox.inspect.records(module)) {
      if (module === 'Leads' && record['converted'] === true) continue;
      const stage = record['journey_stage_c'];
      stages.set(String(record['id']), typeof stage === 'string' && stage !== '' ? stage : null);
    }
  }
  return { keys: keys.sort(), stages };
}

async function sandboxWith(customers: number): Promise<{ sandbox: SugarSandbox; records: RecordsByObject }> {
  const records = toSugarRecords(generatePopulation({ customers, seed: 11 }));
  const sandbox = await startSugarSandbox({ records, now: () => DEFAULT_AS_OF });
  sandboxes.push(sandbox);
  return { sandbox, records };
}

describe('sync against the SugarCRM sandbox', () => {
  it('writes exactly the expected stages and activities, and nothing on the second run', async () => {
    const { sandbox, records } = await sandboxWith(120);
    const connector = await connectSugar({
      url: sandbox.url,
      username: sandbox.username,
      password: sandbox.password,
      baseDelayMs: 1,
      maxDelayMs: 5,
    });
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
      '--sugar-url',
      sandbox.url,
      '--sugar-user',
      sandbox.username,
      '--sugar-password',
      sandbox.password,
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
