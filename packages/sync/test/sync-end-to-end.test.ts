import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import {
  compileJourney,
  evaluateCustomer,
  groupCustomers,
  validateJourney,
  type CrmConnector,
  type RecordsByObject,
} from '@crm-journey/connector';
import { connectSalesforce } from '@crm-journey/connector/salesforce';
import { connectSugar } from '@crm-journey/connector/sugarcrm';
import {
  DEFAULT_AS_OF,
  generatePopulation,
  startSalesforceSandbox,
  startSugarSandbox,
  toSalesforceRecords,
  toSugarRecords,
  type Sandbox,
} from '@crm-journey/sandbox';
import { describe, expect, it } from 'vitest';
import { runSync } from '../src/run/run-sync.ts';
import { openSyncStore } from '../src/state/sync-store.ts';
import { afterThisTest } from './after-this-test.ts';
import { spawnCli } from './cli-process.ts';
import { repoFile } from './repo-context.ts';
import { testTempDir } from './temp-dir.ts';

const asOf = new Date(DEFAULT_AS_OF).toISOString();
/** What differs between the CRMs in these tests: the sandbox, the connector, the CLI flags, field names. */
interface CrmCase {
  readonly name: string;
  readonly journey: string;
  start(records: RecordsByObject): Promise<Sandbox>;
  records(customers: number): RecordsByObject;
  connect(sandbox: Sandbox): Promise<CrmConnector>;
  cliTarget(sandbox: Sandbox): string[];
  readonly activities: readonly string[];
  readonly keyField: string;
  readonly roots: readonly {
    readonly object: string;
    readonly skip?: (record: Readonly<Record<string, unknown>>) => boolean;
  }[];
  readonly stageField: string;
  readonly idField: string;
}

const cases: readonly CrmCase[] = [
  {
    name: 'Salesforce',
    journey: 'salesforce-b2b.yaml',
    start: (records) => startSalesforceSandbox({ records, now: () => DEFAULT_AS_OF }),
    records: (customers) => toSalesforceRecords(generatePopulation({ customers, seed: 11 })),
    connect: (sandbox) => connectSalesforce({ instanceUrl: sandbox.url, accessToken: sandbox.accessToken ?? '' }),
    cliTarget: (sandbox) => ['--instance-url', sandbox.url, '--access-token', sandbox.accessToken ?? ''],
    activities: ['Task', 'Event'],
    keyField: 'Journey_Action_Key__c',
    roots: [{ object: 'Account' }, { object: 'Lead', skip: (record) => record['IsConverted'] === true }],
    stageField: 'Journey_Stage__c',
    idField: 'Id',
  },
  {
    name: 'SugarCRM',
    journey: 'sugarcrm-b2b.yaml',
    start: (records) => startSugarSandbox({ records, now: () => DEFAULT_AS_OF }),
    records: (customers) => toSugarRecords(generatePopulation({ customers, seed: 11 })),
    connect: (sandbox) =>
      connectSugar({
        url: sandbox.url,
        username: sandbox.username,
        password: sandbox.password,
        baseDelayMs: 1,
        maxDelayMs: 5,
      }),
    cliTarget: (sandbox) => [
      '--sugar-url',
      sandbox.url,
      '--sugar-user',
      sandbox.username,
      '--sugar-password',
      sandbox.password,
    ],
    activities: ['Tasks', 'Calls', 'Meetings'],
    keyField: 'journey_action_key_c',
    roots: [{ object: 'Accounts' }, { object: 'Leads', skip: (record) => record['converted'] === true }],
    stageField: 'journey_stage_c',
    idField: 'id',
  },
];

describe.each(cases)('sync against the $name sandbox', (crm) => {
  const journeyFile = repoFile('journeys', crm.journey);
  const journey = () => {
    const result = validateJourney(readFileSync(journeyFile, 'utf8'), journeyFile);
    if (!result.journey) throw new Error('invalid bundled journey');
    return result.journey;
  };

  /** What the offline engine expects on the same records: stage per customer and the activities to create. */
  const expected = (records: RecordsByObject) => {
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
    return { keys: keys.sort(), stages };
  };

  /** Journey keys on the sandbox's activities, and the stage stored on every root record. */
  const actual = (sandbox: Sandbox) => {
    const keys = crm.activities
      .flatMap((object) => sandbox.inspect.records(object))
      .map((record) => record[crm.keyField])
      .filter((key): key is string => typeof key === 'string' && key !== '');
    const stages = new Map<string, string | null>();
    for (const root of crm.roots) {
      for (const record of sandbox.inspect.records(root.object)) {
        if (root.skip?.(record) === true) continue;
        const stage = record[crm.stageField];
        stages.set(String(record[crm.idField]), typeof stage === 'string' && stage !== '' ? stage : null);
      }
    }
    return { keys: keys.sort(), stages };
  };

  const sandboxWith = async (customers: number) => {
    const records = crm.records(customers);
    const sandbox = await crm.start(records);
    afterThisTest(() => sandbox.close());
    return { sandbox, records };
  };

  it('writes exactly the expected stages and activities, and nothing on the second run', async () => {
    const { sandbox, records } = await sandboxWith(120);
    const connector = await crm.connect(sandbox);
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
    await store.close();
    await connector.close();
  }, 60_000);

  it('resumes after the process is killed mid-run, without a duplicate or a missing activity', async () => {
    const { sandbox, records } = await sandboxWith(300);
    const state = join(testTempDir('cj-sync-'), 'state.sqlite');
    const args = [
      'sync',
      '--journey',
      journeyFile,
      ...crm.cliTarget(sandbox),
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
    const victim = spawnCli(args);
    const deadline = Date.now() + 30_000;
    while (sandbox.inspect.writes.length < 10 && Date.now() < deadline && victim.child.exitCode === null)
      await new Promise((resolve) => setTimeout(resolve, 5));
    victim.child.kill('SIGKILL');
    await victim.exited;
    const partial = actual(sandbox).keys.length;

    // Second run, to completion.
    const rerun = spawnCli(args);
    expect(await rerun.exited, rerun.output()).toBe(0);
    const want = expected(records);
    const got = actual(sandbox);
    expect(partial).toBeLessThan(want.keys.length);
    expect(got.keys).toEqual(want.keys);
    expect(new Set(got.keys).size).toBe(got.keys.length);
    expect(got.stages).toEqual(want.stages);
  }, 90_000);
});
