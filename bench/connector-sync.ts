// One sync run through a CrmConnector, as `runSync` does it (read, evaluate, write), split so that a
// benchmark can tell the requests of the read from those of the write.
import {
  compileJourney,
  evaluateCustomer,
  formatDiagnostic,
  validateJourney,
  type CrmConnector,
  type CustomerWrite,
  type JourneyDefinition,
} from '@crm-journey/connector';
import { readFileSync } from 'node:fs';

/** What the read and evaluate half of a run produced. */
export interface EvaluatedRead {
  readonly customers: number;
  /** Records the connector handed out, per object or module (history and audit rows included). */
  readonly recordsByObject: ReadonlyMap<string, number>;
  /** Of those, records changed since created (Sugar's `date_modified` ≠ `date_entered`): the ones with audit rows. */
  readonly modifiedByObject: ReadonlyMap<string, number>;
  readonly writes: readonly CustomerWrite[];
  /** The watermark the read returned, for the next (incremental) run. */
  readonly watermark: string;
}

/**
 * Validates a journey file of the repository; throws with every diagnostic when it is invalid.
 *
 * @example
 * const journey = loadJourney('journeys/sugarcrm-b2b.yaml');
 */
export function loadJourney(file: string): JourneyDefinition {
  const text = readFileSync(new URL(`../${file}`, import.meta.url), 'utf8');
  const { journey, errors } = validateJourney(text, file);
  if (!journey) throw new Error(`${file} is not a valid journey:\n${errors.map(formatDiagnostic).join('\n')}`);
  return journey;
}

/**
 * Reads every customer through the connector and evaluates it; the writes are returned, not sent, so the
 * caller can count the requests of the read before calling `connector.write`. Like `runSync`, a customer
 * is written when its stage state changed or it has new tasks (the connector skips unchanged fields).
 *
 * @example
 * const read = await readAndEvaluate(connector, journey, DEFAULT_AS_OF);
 * await connector.write(journey, read.writes);
 */
export async function readAndEvaluate(
  connector: CrmConnector,
  journey: JourneyDefinition,
  asOf: number,
  options: {
    readonly keepWrites?: boolean;
    readonly since?: string;
    /** Called after each customer with the count so far (the memory benchmark samples the live heap). */
    readonly onCustomer?: (customers: number) => void;
  } = {},
): Promise<EvaluatedRead> {
  const compiled = compileJourney(journey, { codegen: true });
  const recordsByObject = new Map<string, number>();
  const modifiedByObject = new Map<string, number>();
  const writes: CustomerWrite[] = [];
  let customers = 0;
  const reader = connector.readCustomers(journey, {
    asOf,
    ...(options.since === undefined ? {} : { since: options.since }),
  });
  let next = await reader.next();
  for (; next.done !== true; next = await reader.next()) {
    const { customer, records, changes, stored, sourceFingerprint } = next.value;
    for (const [object, list] of Object.entries(records)) {
      recordsByObject.set(object, (recordsByObject.get(object) ?? 0) + list.length);
      const modified = list.filter((record) => record['date_modified'] !== record['date_entered']).length;
      if (modified > 0) modifiedByObject.set(object, (modifiedByObject.get(object) ?? 0) + modified);
    }
    const state = evaluateCustomer(compiled, { customer, records, changes, previous: stored, asOf });
    customers++;
    options.onCustomer?.(customers);
    if (options.keepWrites === false) continue;
    const tasks = state.nextActions.filter((action) => action.mode === 'create' && action.status === 'new');
    writes.push({ customer, state, stored, tasks, sourceFingerprint });
  }
  return { customers, recordsByObject, modifiedByObject, writes, watermark: next.value.watermark };
}
