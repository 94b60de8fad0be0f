/** The page and batch sizes the fewest calls are counted in. */
export interface CallUnits {
  /** Records per read call: a REST query page (Salesforce) or `max_num` (Sugar). */
  readonly readPage: number;
  /** Records per write call: an sObject Collections call (Salesforce) or sub-requests per `/bulk` (Sugar). */
  readonly writeBatch: number;
}

/** The units the connectors use by default: 2,000-row query pages and 200-record collections; Sugar 1,000 and 100. */
export const CALL_UNITS = {
  salesforce: { readPage: 2000, writeBatch: 200 },
  sugarcrm: { readPage: 1000, writeBatch: 100 },
} as const satisfies Readonly<Record<string, CallUnits>>;

/** The fewest calls a sync could take, reads and writes apart. */
export interface MinimumApiCalls {
  readonly read: number;
  readonly write: number;
  readonly total: number;
}

const ceilSum = (counts: Iterable<number>, size: number): number => {
  let sum = 0;
  for (const count of counts) sum += Math.ceil(count / size);
  return sum;
};

/**
 * The fewest API calls that could read and write what a sync did: Σ over objects of ⌈records read / page⌉
 * plus Σ over objects of ⌈records written / batch⌉. Describes and logins are not counted.
 *
 * @example
 * const minimum = minimumApiCalls(readCounts.values(), writeCounts.values(), CALL_UNITS.salesforce);
 */
export function minimumApiCalls(
  recordsReadPerObject: Iterable<number>,
  recordsWrittenPerObject: Iterable<number>,
  units: CallUnits,
): MinimumApiCalls {
  const read = ceilSum(recordsReadPerObject, units.readPage);
  const write = ceilSum(recordsWrittenPerObject, units.writeBatch);
  return { read, write, total: read + write };
}
