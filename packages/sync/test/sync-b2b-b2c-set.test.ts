import { readFileSync } from 'node:fs';
import {
  validateJourneySet,
  type CrmConnector,
  type CrmRecord,
  type JourneySetDefinition,
  type JourneyState,
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
import { countRecordsRead } from '../src/demo/counting-connector.ts';
import { runSync } from '../src/run/run-sync.ts';
import { openSyncStore } from '../src/state/sync-store.ts';
import { afterThisTest } from './after-this-test.ts';
import { offlinePlacements } from './offline-placements.ts';
import { repoFile } from './repo-context.ts';

// The bundled B2B + B2C sets: the B2B journey on accounts, the B2C journey on contacts without an account.
function bundledSet(crm: 'salesforce' | 'sugarcrm'): JourneySetDefinition {
  const files = ['b2b', 'b2c'].map((kind) => {
    const file = `${crm}-${kind}.yaml`;
    return { text: readFileSync(repoFile('journeys', file), 'utf8'), file };
  });
  const { set, errors, warnings } = validateJourneySet(files);
  expect(errors).toEqual([]);
  expect(warnings).toEqual([]);
  if (!set) throw new Error('set expected');
  return set;
}

interface Fields {
  readonly id: string;
  readonly state: string;
  readonly stage: string;
  readonly account: string;
  readonly converted: string;
  readonly company: string;
  readonly noCompany: (value: unknown) => boolean;
}

const FIELDS: Record<'salesforce' | 'sugarcrm', Fields & { objects: [string, string, string] }> = {
  salesforce: {
    objects: ['Account', 'Contact', 'Lead'],
    id: 'Id',
    state: 'Journey_State__c',
    stage: 'Journey_Stage__c',
    account: 'AccountId',
    converted: 'IsConverted',
    company: 'Company',
    noCompany: (value) => value === '[not provided]',
  },
  sugarcrm: {
    objects: ['Accounts', 'Contacts', 'Leads'],
    id: 'id',
    state: 'journey_state_c',
    stage: 'journey_stage_c',
    account: 'account_id',
    converted: 'converted',
    company: 'account_name',
    noCompany: (value) => value === '' || value === null || value === undefined,
  },
};

const blank = (value: unknown): boolean => value === null || value === undefined || value === '';

/**
 * Which journey each customer of the org belongs to, from the raw records and the rules as the set
 * documents them, not from the engine: every account is B2B; a contact without an account is B2C; an
 * unconverted lead is B2C when it has no company, else B2B; contacts under an account are no customers.
 */
function independentPlacement(crm: 'salesforce' | 'sugarcrm', sandbox: Sandbox): Map<string, string> {
  const f = FIELDS[crm];
  const [accounts, contacts, leads] = f.objects.map((object) => sandbox.inspect.records(object));
  const out = new Map<string, string>();
  for (const account of accounts ?? []) out.set(String(account[f.id]), `${crm}-b2b`);
  for (const contact of contacts ?? []) if (blank(contact[f.account])) out.set(String(contact[f.id]), `${crm}-b2c`);
  for (const lead of leads ?? []) {
    if (lead[f.converted] === true) continue;
    out.set(String(lead[f.id]), f.noCompany(lead[f.company]) ? `${crm}-b2c` : `${crm}-b2b`);
  }
  return out;
}

/** Journey and stage as stored on every account, contact and unconverted lead that has a state. */
function stored(crm: 'salesforce' | 'sugarcrm', sandbox: Sandbox): Map<string, string> {
  const f = FIELDS[crm];
  const out = new Map<string, string>();
  for (const object of f.objects) {
    for (const record of sandbox.inspect.records(object)) {
      const text = record[f.state];
      if (typeof text !== 'string' || text === '') continue;
      const state = JSON.parse(text) as JourneyState;
      expect(record[f.stage] ?? '').toBe(state.stage ?? '');
      out.set(String(record[f.id]), `${state.journey.id}/${state.stage ?? ''}`);
    }
  }
  return out;
}

const journeyOnly = (map: ReadonlyMap<string, string>): Map<string, string> =>
  new Map([...map].map(([id, value]) => [id, value.split('/')[0] ?? '']));

/** Rows of the org before the run per object, for the objects a run read. */
function rowsInOrg(records: RecordsByObject, objects: Iterable<string>): Map<string, number> {
  return new Map([...objects].map((object) => [object, records[object]?.length ?? 0]));
}

/** Runs the set twice on one store: the first run, and the incremental one right after it. */
async function syncTwice(connector: CrmConnector, set: JourneySetDefinition, sandbox: Sandbox) {
  const [journey] = set.journeys;
  if (!journey) throw new Error('journey expected');
  const store = openSyncStore(':memory:');
  try {
    const first = await runSync({ connector, journey, set, store, scope: 'b2b-b2c', asOf: DEFAULT_AS_OF });
    const after = sandbox.inspect.writes.length;
    const second = await runSync({ connector, journey, set, store, scope: 'b2b-b2c', asOf: DEFAULT_AS_OF });
    return { first, second, writesOfSecond: sandbox.inspect.writes.slice(after) };
  } finally {
    await store.close();
  }
}

describe('the bundled B2B + B2C set', () => {
  it('on Salesforce: one run places every customer in exactly one journey and reads every row once', async () => {
    const records = toSalesforceRecords(generatePopulation({ customers: 160, seed: 11, consumerShare: 0.4 }));
    const sandbox = await startSalesforceSandbox({ records, now: () => DEFAULT_AS_OF });
    afterThisTest(() => sandbox.close());
    const privateContacts = (records['Contact'] ?? []).filter((contact: CrmRecord) => blank(contact['AccountId']));
    expect(privateContacts.length).toBeGreaterThan(20);
    const connector = countRecordsRead(
      await connectSalesforce({ instanceUrl: sandbox.url, accessToken: sandbox.accessToken, now: () => DEFAULT_AS_OF }),
    );
    const set = bundledSet('salesforce');
    expect(set.contactRoot).toBe('Contact');
    const { first: run, second, writesOfSecond } = await syncTwice(connector, set, sandbox);
    // The run right after it finds only its own writes: no customer to evaluate again, nothing to write.
    expect(second.customers).toBeLessThan(run.customers / 10);
    expect(writesOfSecond).toEqual([]);

    const placed = independentPlacement('salesforce', sandbox);
    const got = stored('salesforce', sandbox);
    expect(journeyOnly(got)).toEqual(placed);
    expect(got).toEqual(offlinePlacements(set, records));
    const perJourney = { 'salesforce-b2b': 0, 'salesforce-b2c': 0 };
    for (const journey of placed.values()) perJourney[journey as keyof typeof perJourney]++;
    expect(perJourney['salesforce-b2c']).toBeGreaterThan(20);
    expect(run.journeySet).toMatchObject({ customersPerJourney: perJourney, inNoJourney: 0, moves: [] });
    // A contact under an account carries no state: it is part of its account's customer.
    const underAccount = sandbox.inspect.records('Contact').filter((contact) => !blank(contact['AccountId']));
    expect(underAccount.length).toBeGreaterThan(0);
    expect(underAccount.every((contact) => blank(contact['Journey_State__c']))).toBe(true);
    // The org read once: every row handed to exactly one customer, none twice, none left out.
    expect(connector.recordsRead).toEqual(rowsInOrg(records, connector.recordsRead.keys()));
    expect([...connector.recordsRead.keys()]).toEqual(
      expect.arrayContaining(['Account', 'Contact', 'Lead', 'Opportunity', 'Case', 'Task', 'Event']),
    );
    await connector.close();
  }, 90_000);

  it('on SugarCRM: one run places every customer in exactly one journey and reads every row once', async () => {
    const records = toSugarRecords(generatePopulation({ customers: 80, seed: 11, consumerShare: 0.4 }));
    const sandbox = await startSugarSandbox({ records, now: () => DEFAULT_AS_OF });
    afterThisTest(() => sandbox.close());
    const connector = countRecordsRead(
      await connectSugar({
        url: sandbox.url,
        username: sandbox.username,
        password: sandbox.password,
        now: () => DEFAULT_AS_OF,
      }),
    );
    const set = bundledSet('sugarcrm');
    expect(set.contactRoot).toBe('Contacts');
    const { first: run, second, writesOfSecond } = await syncTwice(connector, set, sandbox);
    expect(second.customers).toBeLessThan(run.customers / 10);
    expect(writesOfSecond).toEqual([]);

    const placed = independentPlacement('sugarcrm', sandbox);
    const got = stored('sugarcrm', sandbox);
    expect(journeyOnly(got)).toEqual(placed);
    expect(got).toEqual(offlinePlacements(set, records));
    const b2c = [...placed.values()].filter((journey) => journey === 'sugarcrm-b2c').length;
    expect(b2c).toBeGreaterThan(10);
    expect(run.journeySet).toMatchObject({ inNoJourney: 0, moves: [] });
    expect(connector.recordsRead).toEqual(rowsInOrg(records, connector.recordsRead.keys()));
    expect([...connector.recordsRead.keys()]).toEqual(
      expect.arrayContaining(['Accounts', 'Contacts', 'Leads', 'Cases', 'Calls', 'Meetings']),
    );
    await connector.close();
  }, 90_000);
});
