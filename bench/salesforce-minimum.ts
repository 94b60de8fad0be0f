// The fewest Salesforce API calls a sync's reads and writes could take, shared by the connector benchmarks.
import { CALL_UNITS, minimumApiCalls } from '@crm-journey/connector';

/**
 * Fewest calls of one Bulk API 2.0 ingest job whose results are read back: create, upload, close, one
 * status poll, successfulResults (failedResults only when a row failed).
 */
export const INGEST_JOB_CALLS = 5;
/** Salesforce activity objects: their upserts may go through an ingest job. */
const SALESFORCE_ACTIVITIES = new Set(['Task', 'Event']);

/**
 * Reads: one describeGlobal (the session check, and which objects exist) plus the query pages. Writes:
 * the journey-field updates of every object share collection calls (one call takes several objects),
 * and an activity object's upserts take collections or one ingest job, whichever is fewer.
 *
 * @example
 * const { read, write } = salesforceMinimum(recordsReadByObject, recordsWrittenByObject);
 */
export function salesforceMinimum(
  read: ReadonlyMap<string, number>,
  written: ReadonlyMap<string, number>,
): { read: number; write: number } {
  const units = CALL_UNITS.salesforce;
  let updates = 0;
  let upserts = 0;
  for (const [object, count] of written) {
    if (!SALESFORCE_ACTIVITIES.has(object)) updates += count;
    else upserts += Math.min(Math.ceil(count / units.writeBatch), INGEST_JOB_CALLS);
  }
  const minimum = minimumApiCalls(read.values(), [updates], units);
  return { read: 1 + minimum.read, write: minimum.write + upserts };
}
