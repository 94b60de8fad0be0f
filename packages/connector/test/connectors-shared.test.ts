// One scenario suite for both CRMs: the same generated population, loaded into the Salesforce and the Sugar
// sandbox, synced through each connector with its bundled B2B journey, must land every customer in the same
// stage and create the same activities.
import {
  compileJourney,
  evaluateCustomer,
  type CrmConnector,
  type CustomerWrite,
  type JourneyDefinition,
  type RecordsByObject,
} from '@crm-journey/connector';
import {
  DEFAULT_AS_OF,
  generatePopulation,
  startSalesforceSandbox,
  startSugarSandbox,
  toSalesforceRecords,
  toSugarRecords,
  type Sandbox,
} from '@crm-journey/sandbox';
import { afterEach, describe, expect, it } from 'vitest';
import { b2bJourney, connectTo } from './salesforce-connector-support.ts';
import { connectToSugar, sugarJourney } from './sugarcrm-connector-support.ts';

/** What one CRM made of the population, in terms both CRMs share. */
interface SharedOutcome {
  /** Stage by customer, keyed `name#n` (n-th customer of that name in generation order). */
  readonly stages: Map<string, string | null>;
  /** Activities the run created, counted by action id. */
  readonly actions: Map<string, number>;
}

const sandboxes: Sandbox[] = [];
afterEach(async () => {
  await Promise.all(sandboxes.splice(0).map((sandbox) => sandbox.close()));
});

// Position of every root record in generation order: accounts first, then leads, as the generators push them.
function generationOrder(records: RecordsByObject, roots: readonly string[]): Map<string, number> {
  const order = new Map<string, number>();
  for (const module of roots)
    for (const record of records[module] ?? []) order.set(String(record['Id'] ?? record['id']), order.size);
  return order;
}

/** Reads, evaluates and writes once through any connector, keeping names and created action ids. */
async function runShared(
  connector: CrmConnector,
  journey: JourneyDefinition,
  order: ReadonlyMap<string, number>,
): Promise<SharedOutcome> {
  const compiled = compileJourney(journey);
  const customers: { name: string; position: number; stage: string | null }[] = [];
  const writes: CustomerWrite[] = [];
  for await (const { customer, records, changes, stored } of connector.readCustomers(journey)) {
    const state = evaluateCustomer(compiled, { customer, records, changes, previous: stored, asOf: DEFAULT_AS_OF });
    customers.push({ name: customer.name ?? '', position: order.get(customer.id) ?? -1, stage: state.stage });
    const tasks = state.nextActions.filter((action) => action.mode === 'create' && action.status === 'new');
    writes.push({ customer, state, stored, tasks });
  }
  const written = await connector.write(journey, writes);
  expect(written.failures).toEqual([]);
  const seen = new Map<string, number>();
  const stages = new Map<string, string | null>();
  for (const { name, stage } of customers.sort((a, b) => a.position - b.position)) {
    const n = seen.get(name) ?? 0;
    seen.set(name, n + 1);
    stages.set(`${name}#${n}`, stage);
  }
  const actions = new Map<string, number>();
  for (const action of writes.flatMap((write) => write.tasks)) {
    actions.set(action.action, (actions.get(action.action) ?? 0) + 1);
  }
  return { stages, actions };
}

/** Action ids of the activities stored in a sandbox: the last segment of each action key. */
function storedActionCounts(keys: readonly unknown[]): Map<string, number> {
  const counts = new Map<string, number>();
  for (const key of keys) {
    if (typeof key !== 'string' || key === '') continue;
    const id = key.slice(key.lastIndexOf(':') + 1);
    counts.set(id, (counts.get(id) ?? 0) + 1);
  }
  return counts;
}

const sorted = <V>(map: ReadonlyMap<string, V>): [string, V][] => [...map].sort(([a], [b]) => a.localeCompare(b));

describe('the same journey on Salesforce and SugarCRM', () => {
  // Sugar in both opportunity modes: with revenue line items (sales_status kept) and opportunities only
  // (the stage in sales_stage, no sales_status).
  it.each([
    { seed: 1, oppsMode: 'RevenueLineItems' as const },
    { seed: 29, oppsMode: 'RevenueLineItems' as const },
    { seed: 1, oppsMode: 'Opportunities' as const },
    { seed: 29, oppsMode: 'Opportunities' as const },
  ])(
    'places every customer of population $seed in the same stage and creates the same activities (Sugar: $oppsMode)',
    async ({ seed, oppsMode }) => {
      // A generator: materialized once, so both CRMs get the very same customers.
      const population = [...generatePopulation({ customers: 200, seed })];

      const salesforceRecords = toSalesforceRecords(population);
      const salesforce = await startSalesforceSandbox({ records: salesforceRecords, now: () => DEFAULT_AS_OF });
      sandboxes.push(salesforce);
      const salesforceConnector = await connectTo(salesforce, () => DEFAULT_AS_OF);
      const onSalesforce = await runShared(
        salesforceConnector,
        b2bJourney(),
        generationOrder(salesforceRecords, ['Account', 'Lead']),
      );
      const salesforceStored = storedActionCounts(
        [...salesforce.inspect.records('Task'), ...salesforce.inspect.records('Event')].map(
          (record) => record['Journey_Action_Key__c'],
        ),
      );

      const sugarRecords = toSugarRecords(population);
      const sugar = await startSugarSandbox({ records: sugarRecords, now: () => DEFAULT_AS_OF, oppsMode });
      sandboxes.push(sugar);
      const sugarConnector = await connectToSugar(sugar);
      const onSugar = await runShared(
        sugarConnector,
        sugarJourney(),
        generationOrder(sugarRecords, ['Accounts', 'Leads']),
      );
      await sugarConnector.close();
      const sugarStored = storedActionCounts(
        ['Tasks', 'Calls', 'Meetings'].flatMap((module) =>
          sugar.inspect.records(module).map((record) => record['journey_action_key_c']),
        ),
      );

      expect(onSugar.stages.size).toBe(onSalesforce.stages.size);
      expect(sorted(onSugar.stages)).toEqual(sorted(onSalesforce.stages));
      expect(sorted(onSugar.actions)).toEqual(sorted(onSalesforce.actions));
      // What the sandboxes hold, not only what the runs asked for.
      expect(sorted(sugarStored)).toEqual(sorted(salesforceStored));
      expect(sorted(sugarStored)).toEqual(sorted(onSugar.actions));
    },
    30_000,
  );
});
