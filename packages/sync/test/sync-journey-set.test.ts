import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import {
  CALL_UNITS,
  minimumApiCalls,
  validateJourneySet,
  type JourneySetDefinition,
  type JourneyState,
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
import { countRecordsRead } from '../src/demo/counting-connector.ts';
import { createLogger } from '../src/logging/create-logger.ts';
import { buildServeApp } from '../src/serve/serve-app.ts';
import { createServeMetrics } from '../src/serve/serve-metrics.ts';
import { runSync } from '../src/run/run-sync.ts';
import { openSyncStore } from '../src/state/sync-store.ts';
import { afterThisTest } from './after-this-test.ts';
import { directAndPipeline } from './direct-and-pipeline.ts';
import { offlinePlacements } from './offline-placements.ts';
import { repoFile } from './repo-context.ts';
import { runCliInProcess } from './run-cli-in-process.ts';
import { testTempDir } from './temp-dir.ts';

const DAY = 86_400_000;
const b2b = readFileSync(repoFile('journeys', 'salesforce-b2b.yaml'), 'utf8');
const { direct, pipeline } = directAndPipeline();

function journeySetFromTexts(files: Parameters<typeof validateJourneySet>[0]): JourneySetDefinition {
  const { set, errors } = validateJourneySet(files);
  expect(errors).toEqual([]);
  if (!set) throw new Error('set expected');
  return set;
}

const journeySet = (): JourneySetDefinition =>
  journeySetFromTexts([
    { text: pipeline, file: 'pipeline.yaml' },
    { text: direct, file: 'direct.yaml' },
  ]);

/** Journey and stage as stored on each Account and unconverted Lead of the sandbox. */
function stored(sandbox: Sandbox): Map<string, string> {
  const out = new Map<string, string>();
  const roots = [
    ...sandbox.inspect.records('Account'),
    ...sandbox.inspect.records('Lead').filter((lead) => lead['IsConverted'] !== true),
  ];
  for (const record of roots) {
    const text = record['Journey_State__c'];
    if (typeof text !== 'string' || text === '') continue;
    const state = JSON.parse(text) as JourneyState;
    expect(record['Journey_Stage__c']).toBe(state.stage);
    out.set(String(record['Id']), `${state.journey.id}/${state.stage ?? ''}`);
  }
  return out;
}

const taskKeys = (sandbox: Sandbox): string[] =>
  ['Task', 'Event']
    .flatMap((object) => sandbox.inspect.records(object))
    .map((record) => record['Journey_Action_Key__c'])
    .filter((key): key is string => typeof key === 'string' && key !== '')
    .sort();

describe('sync of a journey set against the Salesforce sandbox', () => {
  it('places each customer in one journey, reading the org once, and moves a customer without losing anything', async () => {
    const records = toSalesforceRecords(generatePopulation({ customers: 150, seed: 7 }));
    let clock = DEFAULT_AS_OF;
    const sandbox = await startSalesforceSandbox({ records, now: () => clock });
    afterThisTest(() => sandbox.close());
    const connector = countRecordsRead(
      await connectSalesforce({ instanceUrl: sandbox.url, accessToken: sandbox.accessToken, now: () => clock }),
    );
    const set = journeySet();
    const [first] = set.journeys;
    if (!first) throw new Error('journey expected');
    const store = openSyncStore(':memory:');
    const options = { connector, journey: first, set, store, scope: 'set', asOf: DEFAULT_AS_OF };

    const run = await runSync(options);
    const want = offlinePlacements(set, records);
    expect(stored(sandbox)).toEqual(want);
    const perJourney = { direct: 0, pipeline: 0 };
    for (const value of want.values()) perJourney[value.split('/')[0] as 'direct' | 'pipeline']++;
    expect(perJourney.direct).toBeGreaterThan(0);
    expect(perJourney.pipeline).toBeGreaterThan(0);
    expect(run.journeySet).toMatchObject({ customersPerJourney: perJourney, inNoJourney: 0, moves: [] });
    expect(run.customers).toBe(want.size);

    // One read for the set: as many queries as one run of the bundled journey alone on the same org, and
    // within 1.1x of the fewest calls that read and write as much (describes apart: a warm run has them cached).
    const calls = (sandbox_: Sandbox): { queries: number; other: number } => {
      const endpoints = Object.entries(sandbox_.inspect.callsByEndpoint());
      const count = (test: (endpoint: string) => boolean): number =>
        endpoints.filter(([endpoint]) => test(endpoint)).reduce((sum, [, n]) => sum + n, 0);
      return {
        queries: count((endpoint) => endpoint.endsWith('/query')),
        other: count((endpoint) => !endpoint.endsWith('/query') && !endpoint.endsWith('/describe')),
      };
    };
    const setCalls = calls(sandbox);
    const alone = await startSalesforceSandbox({ records, now: () => DEFAULT_AS_OF });
    afterThisTest(() => alone.close());
    const single = await connectSalesforce({ instanceUrl: alone.url, accessToken: alone.accessToken });
    const singleStore = openSyncStore(':memory:');
    const [bundled] = journeySetFromTexts([{ text: b2b, file: 'salesforce-b2b.yaml' }]).journeys;
    if (!bundled) throw new Error('journey expected');
    await runSync({ connector: single, journey: bundled, store: singleStore, scope: 'alone', asOf: DEFAULT_AS_OF });
    const aloneCalls = calls(alone);
    expect(setCalls.queries).toBe(aloneCalls.queries);
    expect(setCalls.queries + setCalls.other).toBeLessThanOrEqual(1.1 * (aloneCalls.queries + aloneCalls.other));
    const written = new Map<string, number>();
    for (const { object } of sandbox.inspect.writes) written.set(object, (written.get(object) ?? 0) + 1);
    const minimum = minimumApiCalls(connector.recordsRead.values(), written.values(), CALL_UNITS.salesforce);
    expect(setCalls.other).toBeLessThanOrEqual(Math.ceil(1.1 * minimum.write) + 1);
    await singleStore.close();
    await single.close();

    // An edit moves a direct customer out of "direct": it lands in "pipeline" on the next (incremental) run.
    // One with open tasks of "direct": they must stay as they are, and be reported.
    const openDirect = (id: string): string[] =>
      ['Task', 'Event']
        .flatMap((object) => sandbox.inspect.records(object))
        .filter(
          (record) =>
            String(record['Journey_Action_Key__c']).startsWith(`cj:direct:${id}:`) &&
            record['IsClosed'] !== true &&
            record['Status'] !== 'Completed',
        )
        .map((record) => String(record['Id']))
        .sort();
    const [movedId] = [...want].find(([id, value]) => value.startsWith('direct/') && openDirect(id).length > 0) ?? [];
    if (movedId === undefined) throw new Error('a direct customer with open tasks expected');
    const leftOpen = openDirect(movedId);
    const keysBefore = taskKeys(sandbox);
    const previous = JSON.parse(
      String(sandbox.inspect.records('Account').find((record) => record['Id'] === movedId)?.['Journey_State__c']),
    ) as JourneyState;
    sandbox.inspect.resetLog();
    clock += DAY;
    sandbox.update('Account', movedId, { Type: 'Customer - Channel' });
    const next = await runSync({ ...options, asOf: DEFAULT_AS_OF + DAY });
    expect(next.journeySet?.moves).toEqual([{ customerId: movedId, from: 'direct', to: 'pipeline' }]);
    const account = sandbox.inspect.records('Account').find((record) => record['Id'] === movedId);
    const state = JSON.parse(String(account?.['Journey_State__c'])) as JourneyState;
    expect(state.journey.id).toBe('pipeline');
    expect(account?.['Journey_Stage__c']).toBe(state.stage);
    expect(state.history.slice(0, previous.history.length)).toEqual(previous.history);
    const move = state.history[previous.history.length];
    expect(move?.journeyMove).toEqual({ from: 'direct', to: 'pipeline' });
    expect(move?.reason).toMatch(/^Moved from journey "direct" to "pipeline"\./);
    // Nothing deleted, nothing created twice; the old journey's open tasks are still there.
    expect(sandbox.inspect.writes.filter((entry) => entry.operation === 'delete')).toEqual([]);
    const keysAfter = taskKeys(sandbox);
    expect(new Set(keysAfter).size).toBe(keysAfter.length);
    expect(keysAfter).toEqual(expect.arrayContaining(keysBefore));
    expect(next.journeySet?.tasksLeftOpen).toEqual(
      leftOpen.map((recordId) => ({ customerId: movedId, journey: 'direct', recordId })),
    );
    expect(openDirect(movedId)).toEqual(leftOpen);
    await store.close();
    await connector.close();
  }, 90_000);

  it('takes the set from repeated --journey flags, and refuses a set whose entries are out of order', async () => {
    const records = toSalesforceRecords(generatePopulation({ customers: 20, seed: 3 }));
    const sandbox = await startSalesforceSandbox({ records, now: () => DEFAULT_AS_OF });
    afterThisTest(() => sandbox.close());
    const dir = testTempDir('cj-set-');
    writeFileSync(join(dir, 'direct.yaml'), direct);
    writeFileSync(join(dir, 'pipeline.yaml'), pipeline);
    const target = ['--instance-url', sandbox.url, '--access-token', sandbox.accessToken];
    const state = ['--state', join(dir, 'state.sqlite'), '--as-of', new Date(DEFAULT_AS_OF).toISOString()];
    const ok = await runCliInProcess(
      ['sync', '--journey', 'direct.yaml', '--journey', 'pipeline.yaml', ...target, ...state, '--once'],
      dir,
    );
    expect(ok.code, ok.stderr).toBe(0);
    expect(ok.stdout).toMatch(/^Sync of the journey set direct \(revision 1\), pipeline \(revision 1\) against /);
    expect(ok.stdout).toMatch(
      /Journeys: direct \d+, pipeline \d+; in no journey \(nothing written\): 0; moved between journeys: 0\./,
    );
    expect(ok.stdout).toMatch(/direct\/[a-z-]+ +\d+/);

    // The same set from the config's defaults.journeys; defaults.journey beside it is refused.
    writeFileSync(join(dir, 'crm-journey.config.yaml'), 'defaults:\n  journeys: [direct.yaml, pipeline.yaml]\n');
    const fromConfig = await runCliInProcess(['sync', ...target, ...state, '--once'], dir);
    expect(fromConfig.code, fromConfig.stderr).toBe(0);
    expect(fromConfig.stdout).toMatch(
      /^Sync of the journey set direct \(revision 1\), pipeline \(revision 1\) against /,
    );
    writeFileSync(
      join(dir, 'crm-journey.config.yaml'),
      'defaults:\n  journey: direct.yaml\n  journeys: [direct.yaml, pipeline.yaml]\n',
    );
    const both = await runCliInProcess(['sync', ...target, ...state, '--once'], dir);
    expect(both.code).toBe(2);
    expect(both.stderr).toMatch(/set defaults\.journey \(one journey\) or defaults\.journeys \(a set\), not both/);
    writeFileSync(join(dir, 'crm-journey.config.yaml'), 'defaults: {}\n');

    writeFileSync(join(dir, 'first.yaml'), pipeline.replace('order: 2', 'order: 0'));
    const refused = await runCliInProcess(
      ['sync', '--journey', 'direct.yaml', '--journey', 'first.yaml', ...target, ...state, '--once'],
      dir,
    );
    expect(refused.code).toBe(1);
    expect(refused.stderr).toMatch(/first\.yaml:\d+:\d+ error invalid-value order: /);
  }, 60_000);
});

describe('a new revision of the journey against the Salesforce sandbox', () => {
  it('re-evaluates every customer, writes only what differs, and --replay-history duplicates and deletes no task', async () => {
    const records = toSalesforceRecords(generatePopulation({ customers: 120, seed: 5 }));
    const sandbox = await startSalesforceSandbox({ records, now: () => DEFAULT_AS_OF });
    afterThisTest(() => sandbox.close());
    const connector = await connectSalesforce({
      instanceUrl: sandbox.url,
      accessToken: sandbox.accessToken,
      now: () => DEFAULT_AS_OF,
    });
    const store = openSyncStore(':memory:');
    const journeyOf = (text: string): JourneySetDefinition =>
      journeySetFromTexts([{ text, file: 'salesforce-b2b.yaml' }]);
    const run = (text: string, replayHistory = false) => {
      const set = journeyOf(text);
      const [journey] = set.journeys;
      if (!journey) throw new Error('journey expected');
      return runSync({ connector, journey, set, store, scope: 'revision', asOf: DEFAULT_AS_OF, replayHistory });
    };
    const states = (): JourneyState[] =>
      sandbox.inspect
        .records('Account')
        .map((record) => record['Journey_State__c'])
        .filter((text): text is string => typeof text === 'string' && text !== '')
        .map((text) => JSON.parse(text) as JourneyState);

    const first = await run(b2b);
    expect(first.journeyChanged).toBeUndefined();
    const inEngagement = states().filter((state) => state.stage === 'engagement');
    expect(inEngagement.length).toBeGreaterThan(0);
    expect(inEngagement.every((state) => state.timeInStage?.targetDays === 21)).toBe(true);

    // Nothing changed in the org, the journey did: a stage target from 21 to 5 days, revision 2.
    const revised = b2b
      .replace('revision: 1\n', 'revision: 2\n')
      .replace(/(- id: engagement\n(?:.*\n)*?\s+targetDays: )21/, '$15');
    expect(revised).not.toBe(b2b);
    const quiet = await run(b2b);
    expect(quiet.customers).toBeLessThan(first.customers);
    sandbox.inspect.resetLog();
    const second = await run(revised);
    expect(second.journeyChanged?.revisions).toEqual({ 'salesforce-b2b': 2 });
    expect(second.customers).toBe(first.customers);
    expect(second.tasksCreated).toBe(0);
    const after = states();
    expect(after.every((state) => state.journey.revision === 2)).toBe(true);
    const engaged = after.filter((state) => state.stage === 'engagement');
    expect(engaged.length).toBe(inEngagement.length);
    expect(engaged.every((state) => state.timeInStage?.targetDays === 5)).toBe(true);
    // The next run is incremental again, and writes nothing.
    sandbox.inspect.resetLog();
    const third = await run(revised);
    expect(third.journeyChanged).toBeUndefined();
    expect(third.customers).toBeLessThan(first.customers);
    expect(sandbox.inspect.writes).toEqual([]);

    // Re-drawing the past under the new rules: no task twice for one stage's action, none deleted.
    const keysBefore = taskKeys(sandbox);
    const replayed = await run(revised, true);
    expect(replayed.replayedHistory).toBe(true);
    expect(replayed.customers).toBe(first.customers);
    expect(sandbox.inspect.writes.filter((entry) => entry.operation === 'delete')).toEqual([]);
    const keysAfter = taskKeys(sandbox);
    expect(keysAfter).toEqual(expect.arrayContaining(keysBefore));
    const perAction = keysAfter.map((key) =>
      key
        .split(':')
        .filter((_, index) => index !== 4)
        .join(':'),
    );
    expect(new Set(perAction).size).toBe(perAction.length);
    await store.close();
    await connector.close();
  }, 90_000);
});

describe('serve with a journey set', () => {
  it("explains which journey's entry took a customer, and serves its state", async () => {
    const records = toSalesforceRecords(generatePopulation({ customers: 30, seed: 7 }));
    const sandbox = await startSalesforceSandbox({ records, now: () => DEFAULT_AS_OF });
    afterThisTest(() => sandbox.close());
    const connector = await connectSalesforce({ instanceUrl: sandbox.url, accessToken: sandbox.accessToken });
    const set = journeySet();
    const [journey] = set.journeys;
    if (!journey) throw new Error('journey expected');
    const store = openSyncStore(':memory:');
    await runSync({ connector, journey, set, store, scope: 'serve-set', asOf: DEFAULT_AS_OF });
    const token = 'serve-set-token-0123456789abcdef';
    const app = await buildServeApp({
      token,
      logger: createLogger({ output: { write: () => undefined }, format: 'json', level: 'info', secrets: [token] })
        .logger,
      connector,
      journey,
      set,
      store,
      scope: 'serve-set',
      metrics: createServeMetrics(),
      isReady: () => true,
      now: () => DEFAULT_AS_OF,
    });
    try {
      const base = await app.listen({ host: '127.0.0.1', port: 0 });
      const get = (path: string) => fetch(`${base}${path}`, { headers: { authorization: `Bearer ${token}` } });
      for (const [type, id] of [
        ['Customer - Direct', 'direct'],
        ['Prospect', 'pipeline'],
      ] as const) {
        const account = sandbox.inspect.records('Account').find((record) => record['Type'] === type);
        const accountId = String(account?.['Id']);
        const explained = (await (await get(`/v1/customers/${accountId}/explain`)).json()) as {
          state: JourneyState;
          placement: string;
          explanation: { sentences: string[] };
        };
        expect(explained.state.journey.id).toBe(id);
        expect(explained.placement).toBe(
          id === 'direct'
            ? 'In journey "direct": its entry holds.'
            : 'In journey "pipeline": it takes every customer the journeys before it leave (the entries of "direct" do not).',
        );
        expect(explained.explanation.sentences.length).toBeGreaterThan(0);
        const served = (await (await get(`/v1/customers/${accountId}/journey`)).json()) as { state: JourneyState };
        expect(served.state.journey.id).toBe(id);
      }
    } finally {
      await app.close();
      await store.close();
      await connector.close();
    }
  }, 60_000);
});

describe('sync of a journey set against the SugarCRM sandbox', () => {
  it('places each customer in one journey and moves an edited one, keeping its history and tasks', async () => {
    const sugar = readFileSync(repoFile('journeys', 'sugarcrm-b2b.yaml'), 'utf8');
    const { set } = validateJourneySet([
      {
        text: sugar.replace(
          'journey: sugarcrm-b2b\n',
          'journey: customers\norder: 1\nentry: { Accounts: { account_type: Customer } }\n',
        ),
        file: 'customers.yaml',
      },
      { text: sugar.replace('journey: sugarcrm-b2b\n', 'journey: others\norder: 2\n'), file: 'others.yaml' },
    ]);
    if (!set) throw new Error('set expected');
    const [first] = set.journeys;
    if (!first) throw new Error('journey expected');
    const records = toSugarRecords(generatePopulation({ customers: 60, seed: 7 }));
    let clock = DEFAULT_AS_OF;
    const sandbox = await startSugarSandbox({ records, now: () => clock });
    afterThisTest(() => sandbox.close());
    const connector = await connectSugar({
      url: sandbox.url,
      username: sandbox.username,
      password: sandbox.password,
      baseDelayMs: 1,
      maxDelayMs: 5,
      now: () => clock,
    });
    const store = openSyncStore(':memory:');
    const options = { connector, journey: first, set, store, scope: 'sugar-set', asOf: DEFAULT_AS_OF };
    const run = await runSync(options);
    const stateOf = (id: string): JourneyState =>
      JSON.parse(
        String(sandbox.inspect.records('Accounts').find((record) => record['id'] === id)?.['journey_state_c']),
      ) as JourneyState;
    const accounts = sandbox.inspect.records('Accounts');
    for (const account of accounts) {
      const state = stateOf(String(account['id']));
      expect(state.journey.id).toBe(account['account_type'] === 'Customer' ? 'customers' : 'others');
      expect(account['journey_stage_c']).toBe(state.stage);
    }
    expect(run.journeySet?.customersPerJourney['customers']).toBe(
      accounts.filter((account) => account['account_type'] === 'Customer').length,
    );
    // The states on the records are the set's own: the run right after reads none of its own writes.
    const quiet = await runSync(options);
    expect(quiet.customers).toBe(0);

    const moved = accounts.find((account) => account['account_type'] === 'Customer');
    const movedId = String(moved?.['id']);
    const previous = stateOf(movedId);
    const keys = (): string[] =>
      ['Tasks', 'Calls', 'Meetings']
        .flatMap((object) => sandbox.inspect.records(object))
        .map((record) => record['journey_action_key_c'])
        .filter((key): key is string => typeof key === 'string' && key !== '')
        .sort();
    const keysBefore = keys();
    sandbox.inspect.resetLog();
    clock += DAY;
    sandbox.update('Accounts', movedId, { account_type: 'Prospect' });
    const next = await runSync({ ...options, asOf: DEFAULT_AS_OF + DAY });
    expect(next.journeySet?.moves).toEqual([{ customerId: movedId, from: 'customers', to: 'others' }]);
    const state = stateOf(movedId);
    expect(state.journey.id).toBe('others');
    expect(state.history.slice(0, previous.history.length)).toEqual(previous.history);
    expect(state.history[previous.history.length]?.journeyMove).toEqual({ from: 'customers', to: 'others' });
    expect(sandbox.inspect.writes.filter((entry) => entry.operation === 'delete')).toEqual([]);
    const keysAfter = keys();
    expect(new Set(keysAfter).size).toBe(keysAfter.length);
    expect(keysAfter).toEqual(expect.arrayContaining(keysBefore));
    await store.close();
    await connector.close();
  }, 90_000);
});
