// A journey with hundreds of stages: their conditions, pushed into the read's WHERE, made a SOQL query
// longer than the URI and header limit of the REST API (16,384 bytes), and the org answered HTTP 431.
// The read keeps every query under the limit and filters the rest in the engine.
import { startSalesforceSandbox, type SalesforceSandbox } from '@crm-journey/sandbox';
import { afterEach, expect, it } from 'vitest';
import type { ReadCustomer } from '../src/connector/crm-connector.ts';
import { connectTo, population, testClock } from './salesforce-connector-support.ts';

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
