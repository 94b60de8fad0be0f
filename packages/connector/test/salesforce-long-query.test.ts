// A journey with hundreds of stages: their conditions, pushed into the read's WHERE, made a SOQL query
// longer than the URI and header limit of the REST API (16,384 bytes), and the org answered HTTP 431.
// The read keeps every query under the limit and filters the rest in the engine.
import { startSalesforceSandbox, type SalesforceSandbox } from '@crm-journey/sandbox';
import { afterEach, expect, it } from 'vitest';
import type { RecordsByObject } from '../src/index.ts';
import type { ReadCustomer } from '../src/connector/crm-connector.ts';
import { isConnectorError } from '../src/errors/connector-error.ts';
import { b2bJourney, connectTo, JOURNEY_TEXT, population, testClock } from './salesforce-connector-support.ts';

let sandbox: SalesforceSandbox | undefined;
afterEach(async () => {
  await sandbox?.close();
  sandbox = undefined;
});

/** Stages `stage-1` ... `stage-<n>`, each on an opportunity of at least a growing amount. */
function longJourney(stages: number): string {
  const lines = ['journey: long', 'name: Long', 'crm: salesforce', 'customer: { root: Account }', 'stages:'];
  lines.push('  - { id: known, label: Known, when: { Account: {} } }');
  for (let i = 1; i <= stages; i++)
    lines.push(
      `  - { id: stage-${String(i)}, label: Stage ${String(i)}, when: { Opportunity: { Amount: { $gte: ${String(i * 1000)} }, StageName: { $in: [Prospecting, Qualification, Closed Won] }, Name: { $contains: "deal ${String(i)}" } } } }`,
    );
  return `${lines.join('\n')}\n`;
}

it('reads a 300-stage journey with every query under the REST API limit, and every opportunity', async () => {
  const clock = testClock();
  sandbox = await startSalesforceSandbox({ records: population(60, 4), now: clock.now });
  const connector = await connectTo(sandbox, clock.now);
  const checked = await connector.checkJourney(longJourney(300), 'long.yaml');
  expect(checked.errors).toEqual([]);
  if (!checked.journey) throw new Error('the long journey does not validate');
  sandbox.inspect.resetLog();
  const read: ReadCustomer[] = [];
  for await (const customer of connector.readCustomers(checked.journey, { asOf: clock.now() })) read.push(customer);
  expect(read.length).toBe(
    sandbox.inspect.count('Account') + sandbox.inspect.records('Lead').filter((l) => l['IsConverted'] !== true).length,
  );
  expect(sandbox.inspect.requests.filter((entry) => entry.status === 431 || entry.status === 414)).toEqual([]);
  // The opportunities the engine needs are all there: every opportunity of every account.
  const opportunities = read.reduce((sum, customer) => sum + (customer.records['Opportunity']?.length ?? 0), 0);
  expect(opportunities).toBe(sandbox.inspect.count('Opportunity'));
  await connector.close();
});

// Reading an object selects every field the integration user can see, and an incremental read adds up to
// 200 ids: with a long field list the two together passed the limit (431). The id batches are cut to the
// query budget, and a field list too long on its own is refused by checkJourney and the read, naming the object.
const CUSTOM = (i: number): string => `Journey_Test_Attribute_Number_${String(i).padStart(4, '0')}__c`;
const SKIPPED = new Set(['address', 'location', 'base64', 'complexvalue']);

/** The URL-encoded bytes of `SELECT <every readable Account field> FROM Account ORDER BY Id ASC` on a plain org. */
async function plainAccountQueryBytes(): Promise<number> {
  const probe = await startSalesforceSandbox({});
  try {
    const response = await fetch(`${probe.url}/services/data/v62.0/sobjects/Account/describe`, {
      headers: { Authorization: `Bearer ${probe.accessToken}` },
    });
    const described = (await response.json()) as { fields: { name: string; type: string }[] };
    const names = described.fields.filter((field) => !SKIPPED.has(field.type)).map((field) => field.name);
    return encodeURIComponent(`SELECT ${names.join(', ')} FROM Account ORDER BY Id ASC`).length;
  } finally {
    await probe.close();
  }
}

/** A population whose first account carries `fields` more custom fields (the org then has them). */
function withCustomFields(customers: number, fields: number): RecordsByObject {
  const records = population(customers, 5);
  const [first, ...rest] = records['Account'] ?? [];
  const extra = Object.fromEntries(Array.from({ length: fields }, (_, i) => [CUSTOM(i), 'x']));
  return { ...records, Account: [{ ...first, ...extra }, ...rest] };
}

const perField = encodeURIComponent(`, ${CUSTOM(0)}`).length;

it('reads changed customers in id batches that keep a long field list under the limit', async () => {
  const clock = testClock();
  // About 10,600 bytes of fields: 200 ids more (30 bytes each) would pass 16,384 with the path and headers.
  const fields = Math.floor((10_600 - (await plainAccountQueryBytes())) / perField);
  sandbox = await startSalesforceSandbox({ records: withCustomFields(320, fields), now: clock.now });
  const connector = await connectTo(sandbox, clock.now);
  const checked = await connector.checkJourney(JOURNEY_TEXT, 'b2b.yaml');
  expect(checked.errors).toEqual([]);
  if (!checked.journey) throw new Error('the journey does not validate');
  const accounts = sandbox.inspect.count('Account');
  expect(accounts).toBeGreaterThan(200);
  // Every account edited since the watermark, as by an admin: an incremental read of all of them.
  const since = new Date(clock.now() - 60_000).toISOString();
  for (const account of sandbox.inspect.records('Account'))
    sandbox.update('Account', String(account['Id']), { Description: 'edited' });
  sandbox.inspect.resetLog();
  const read: ReadCustomer[] = [];
  for await (const customer of connector.readCustomers(checked.journey, { asOf: clock.now(), since }))
    read.push(customer);
  expect(read.filter((customer) => customer.customer.type === 'Account').length).toBe(accounts);
  // Every field is read: the last custom field of the account that has them.
  expect(read.filter((customer) => customer.records['Account']?.[0]?.[CUSTOM(fields - 1)] === 'x')).toHaveLength(1);
  expect(sandbox.inspect.requests.filter((entry) => entry.status >= 400)).toEqual([]);
  await connector.close();
});

it('refuses a field list too long on its own in checkJourney and the read, naming the object', async () => {
  const clock = testClock();
  const fields = Math.ceil((12_000 - (await plainAccountQueryBytes())) / perField);
  sandbox = await startSalesforceSandbox({ records: withCustomFields(10, fields), now: clock.now });
  const connector = await connectTo(sandbox, clock.now);
  const checked = await connector.checkJourney(JOURNEY_TEXT, 'b2b.yaml');
  expect(checked.errors.map((error) => error.rule)).toEqual(['read-query-too-long']);
  expect(checked.errors[0]?.message).toMatch(/^Account has \d+ fields the integration user can read/);
  expect(checked.errors[0]?.fix).toContain('field-level security');
  sandbox.inspect.resetLog();
  const error: unknown = await connector
    .readCustomers(b2bJourney(), { asOf: clock.now() })
    .next()
    .catch((caught: unknown) => caught);
  expect(isConnectorError(error, 'JOURNEY_INVALID'), String(error)).toBe(true);
  expect(sandbox.inspect.requests.filter((entry) => /\/query/.test(entry.path))).toEqual([]);
  await connector.close();
});
