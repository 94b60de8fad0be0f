/** The page and batch sizes the fewest calls are counted in. */
export interface CallUnits {
  /** Records per read call: a REST query page (Salesforce) or `max_num` (Sugar). */
  readonly readPage: number;
  /** Records per write call: an sObject Collections call (Salesforce) or sub-requests per `/bulk` (Sugar). */
  readonly writeBatch: number;
  /**
   * Records whose history one call reads, where history is read per record: Sugar has no list of audit rows,
   * only `GET <module>/<id>/audit`, packed `writeBatch` to a `/bulk` call. Absent where history is queried
   * like any object (Salesforce's `…History`, counted in `readPage`).
   */
  readonly historyBatch?: number;
}

/**
 * The units the connectors use by default: 2,000-row query pages and 200-record collections; Sugar 1,000,
 * and 100 sub-requests per `/bulk`, audit reads included.
 */
export const CALL_UNITS = {
  salesforce: { readPage: 2000, writeBatch: 200 },
  sugarcrm: { readPage: 1000, writeBatch: 100, historyBatch: 100 },
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
 * The fewest API calls that could read and write what a sync did: Σ over objects of ⌈records read / page⌉,
 * plus ⌈records whose history is read one by one / historyBatch⌉ (Sugar's audit reads: the records of
 * modules whose audited fields the journey's conditions read, changed since created, first sight only),
 * plus Σ over objects of ⌈records written / batch⌉. Describes and logins are not counted.
 *
 * @example
 * const minimum = minimumApiCalls(readCounts.values(), writeCounts.values(), CALL_UNITS.sugarcrm, audited);
 */
export function minimumApiCalls(
  recordsReadPerObject: Iterable<number>,
  recordsWrittenPerObject: Iterable<number>,
  units: CallUnits,
  recordsWithHistoryRead = 0,
): MinimumApiCalls {
  const history = units.historyBatch === undefined ? 0 : Math.ceil(recordsWithHistoryRead / units.historyBatch);
  const read = ceilSum(recordsReadPerObject, units.readPage) + history;
  const write = ceilSum(recordsWrittenPerObject, units.writeBatch);
  return { read, write, total: read + write };
}
