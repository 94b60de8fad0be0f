// Shared helpers of the Salesforce connector tests: a sandbox org with generated customers, the
// offline engine as the oracle, and one sync run (read, evaluate, write) through the connector.
import { readFileSync } from 'node:fs';
import {
  compileJourney,
  evaluateCustomer,
  groupCustomers,
  validateJourney,
  type JourneyDefinition,
  type JourneyState,
  type ReadSummary,
  type RecordsByObject,
  type WriteSummary,
} from '@crm-journey/connector';
import {
  connectSalesforce,
  type ConnectSalesforceOptions,
  type SalesforceConnector,
} from '@crm-journey/connector/salesforce';
import { DEFAULT_AS_OF, generatePopulation, toSalesforceRecords, type SalesforceSandbox } from '@crm-journey/sandbox';
import { repoFile } from './repo-file.ts';

const JOURNEY_FILE = repoFile('journeys', 'salesforce-b2b.yaml');
export const JOURNEY_TEXT = readFileSync(JOURNEY_FILE, 'utf8');

/** The bundled B2B journey, validated against the bundled catalogue. */
export function b2bJourney(): JourneyDefinition {
  const { journey, errors } = validateJourney(JOURNEY_TEXT, 'salesforce-b2b.yaml');
  if (!journey) throw new Error(errors.map((e) => e.message).join('\n'));
  return journey;
}

/** A test clock shared by the sandbox and the connector. */
export function testClock(start = DEFAULT_AS_OF): { now: () => number; advance: (ms: number) => void } {
  let time = start;
  return { now: () => time, advance: (ms) => (time += ms) };
}

export function population(customers: number, seed = 11): RecordsByObject {
  return toSalesforceRecords(generatePopulation({ customers, seed }));
}

/** The offline engine's states for a snapshot: what the connector must reproduce. */
export function offlineStates(
  journey: JourneyDefinition,
  records: RecordsByObject,
  asOf: number,
): Map<string, JourneyState> {
  const compiled = compileJourney(journey);
  const out = new Map<string, JourneyState>();
  for (const set of groupCustomers(journey, records).customers) {
    out.set(set.customer.id, evaluateCustomer(compiled, { ...set, asOf }));
  }
  return out;
}

/** The action keys the engine says must exist as tasks (create-mode actions with status new), sorted. */
export function expectedTaskKeys(states: Iterable<JourneyState>): string[] {
  return [...states]
    .flatMap((state) => state.nextActions)
    .filter((action) => action.mode === 'create' && action.status === 'new')
    .map((action) => action.key)
    .sort();
}

/** The action keys on the org's Tasks and Events, sorted (duplicates kept, so they show). */
export function activityKeys(sandbox: SalesforceSandbox): string[] {
  return [...sandbox.inspect.records('Task'), ...sandbox.inspect.records('Event')]
    .map((record) => record['Journey_Action_Key__c'])
    .filter((key): key is string => typeof key === 'string')
    .sort();
}

/** One sync run through the connector; `beforeWrite` runs between the read and the write. */
export async function syncRun(
  connector: SalesforceConnector,
  journey: JourneyDefinition,
  asOf: number,
  since?: string,
  beforeWrite?: () => void,
): Promise<{ states: Map<string, JourneyState>; summary: WriteSummary; read: ReadSummary }> {
  const compiled = compileJourney(journey);
  const reader = connector.readCustomers(journey, since === undefined ? {} : { since });
  const states = new Map<string, JourneyState>();
  const writes = [];
  for (let next = await reader.next(); ; next = await reader.next()) {
    if (next.done === true) {
      beforeWrite?.();
      const summary = await connector.write(journey, writes);
      return { states, summary, read: next.value };
    }
    const { customer, records, changes, stored, sourceFingerprint } = next.value;
    const state = evaluateCustomer(compiled, { customer, records, changes, previous: stored, asOf });
    states.set(customer.id, state);
    const tasks = state.nextActions.filter((action) => action.mode === 'create' && action.status === 'new');
    writes.push({ customer, state, stored, tasks, sourceFingerprint });
  }
}

/** Connects with the sandbox's token and fast retries. */
export function connectTo(
  sandbox: { url: string; accessToken: string },
  now: () => number,
  options: ConnectSalesforceOptions = {},
): Promise<SalesforceConnector> {
  return connectSalesforce({
    instanceUrl: sandbox.url,
    accessToken: sandbox.accessToken,
    env: {},
    now,
    retry: { baseDelayMs: 1 },
    rowLockDelayMs: 1,
    ...options,
  });
}
