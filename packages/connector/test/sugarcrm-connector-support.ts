// Shared by the Sugar connector tests: the bundled Sugar journey, a generated population, a connection to
// a sandbox, one sync run through the connector, and the offline engine's answer on the same records.
import { readFileSync } from 'node:fs';
import {
  compileJourney,
  evaluateCustomer,
  groupCustomers,
  validateJourney,
  type CrmConnector,
  type CustomerWrite,
  type JourneyDefinition,
  type ReadCustomersOptions,
  type ReadSummary,
  type RecordsByObject,
  type WriteSummary,
} from '@crm-journey/connector';
import { connectSugar, type SugarConnectOptions } from '@crm-journey/connector/sugarcrm';
import { DEFAULT_AS_OF, generatePopulation, toSugarRecords, type SugarSandbox } from '@crm-journey/sandbox';
import { repoFile } from './repo-file.ts';

export const AS_OF = DEFAULT_AS_OF;

/** The bundled B2B journey for SugarCRM. */
export function sugarJourney(): JourneyDefinition {
  const file = repoFile('journeys', 'sugarcrm-b2b.yaml');
  const { journey, errors } = validateJourney(readFileSync(file, 'utf8'), 'sugarcrm-b2b.yaml');
  if (!journey) throw new Error(errors.map((error) => error.message).join('\n'));
  return journey;
}

/** Connects with the sandbox's user, fast retries and no environment variables. */
export function connectToSugar(sugar: SugarSandbox, options: SugarConnectOptions = {}): Promise<CrmConnector> {
  return connectSugar({
    url: sugar.url,
    username: sugar.username,
    password: sugar.password,
    baseDelayMs: 1,
    maxDelayMs: 5,
    env: {},
    ...options,
  });
}

/** Generated customers as Sugar records. */
export function population(customers: number, seed = 7): RecordsByObject {
  return toSugarRecords(generatePopulation({ customers, seed }));
}

/** The result of one sync run. */
export interface SyncRun {
  readonly stages: Map<string, string | null>;
  readonly expectedKeys: Set<string>;
  readonly written: WriteSummary;
  readonly summary: ReadSummary;
  readonly customers: number;
}

/**
 * Reads, evaluates and writes once, as the sync service does (the root's fingerprint handed back with
 * the write). `beforeWrite` runs between the read and the write, for edits made while a sync runs.
 */
export async function syncOnce(
  connector: CrmConnector,
  journey: JourneyDefinition,
  options: ReadCustomersOptions = {},
  beforeWrite?: () => Promise<void> | void,
): Promise<SyncRun> {
  const compiled = compileJourney(journey);
  const stages = new Map<string, string | null>();
  const expectedKeys = new Set<string>();
  const writes: CustomerWrite[] = [];
  const read = connector.readCustomers(journey, options);
  let next = await read.next();
  while (next.done !== true) {
    const { customer, records, changes, stored, sourceFingerprint } = next.value;
    const state = evaluateCustomer(compiled, { customer, records, changes, previous: stored, asOf: AS_OF });
    stages.set(customer.id, state.stage);
    const tasks = state.nextActions.filter((action) => action.mode === 'create' && action.status === 'new');
    for (const task of tasks) expectedKeys.add(task.key);
    writes.push({ customer, state, stored, tasks, sourceFingerprint });
    next = await read.next();
  }
  await beforeWrite?.();
  const written = await connector.write(journey, writes);
  return { stages, expectedKeys, written, summary: next.value, customers: writes.length };
}

/** The offline engine on the same records: stages and the keys of the activities to create. */
export function offline(
  journey: JourneyDefinition,
  records: RecordsByObject,
): { stages: Map<string, string | null>; keys: Set<string> } {
  const compiled = compileJourney(journey);
  const stages = new Map<string, string | null>();
  const keys = new Set<string>();
  for (const { customer, records: own, changes } of groupCustomers(journey, records).customers) {
    const state = evaluateCustomer(compiled, { customer, records: own, changes, asOf: AS_OF });
    stages.set(customer.id, state.stage);
    for (const action of state.nextActions)
      if (action.mode === 'create' && action.status === 'new') keys.add(action.key);
  }
  return { stages, keys };
}

/** Action keys of the live activities in the sandbox. */
export function storedKeys(records: (module: string) => readonly Readonly<Record<string, unknown>>[]): string[] {
  return ['Tasks', 'Calls', 'Meetings'].flatMap((module) =>
    records(module)
      .map((record) => record['journey_action_key_c'])
      .filter((key): key is string => typeof key === 'string' && key !== ''),
  );
}

const CUSTOMER_LINKED = ['Contacts', 'Opportunities', 'Cases'];

/**
 * The customers (account or unconverted-lead ids) with a record whose `date_modified` is at or after
 * `since`, worked out from the raw rows: the oracle for what an incremental read must yield.
 */
export function customersChangedSince(
  records: (module: string) => readonly Readonly<Record<string, unknown>>[],
  since: string,
): Set<string> {
  const at = Date.parse(since);
  const changed = (row: Readonly<Record<string, unknown>>): boolean => Date.parse(String(row['date_modified'])) >= at;
  const accountOf = new Map<string, string>();
  for (const module of CUSTOMER_LINKED)
    for (const row of records(module)) accountOf.set(String(row['id']), String(row['account_id']));
  const customers = new Set<string>();
  for (const row of records('Accounts')) if (changed(row)) customers.add(String(row['id']));
  for (const row of records('Leads'))
    if (changed(row)) customers.add(String(row['converted'] === true ? row['account_id'] : row['id']));
  for (const module of CUSTOMER_LINKED)
    for (const row of records(module)) if (changed(row)) customers.add(String(row['account_id']));
  for (const module of ['Tasks', 'Calls', 'Meetings']) {
    for (const row of records(module)) {
      if (!changed(row)) continue;
      const parent = String(row['parent_id']);
      customers.add(CUSTOMER_LINKED.includes(String(row['parent_type'])) ? (accountOf.get(parent) ?? parent) : parent);
    }
  }
  return customers;
}

/** Epoch ms of the first whole second after every `date_modified` in `records`. */
export function secondAfterEveryRecord(records: RecordsByObject): number {
  const latest = Object.values(records)
    .flatMap((rows) => rows ?? [])
    .map((row) => Date.parse(String(row['date_modified'])))
    .reduce((max, at) => (at > max ? at : max), 0);
  return (Math.floor(latest / 1000) + 1) * 1000;
}
