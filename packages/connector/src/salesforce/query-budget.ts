// The length budget of the REST queries a read sends. A query travels in the URL, and Salesforce refuses a
// request whose URI and headers pass 16,384 bytes (HTTP 431, or 414): every query is kept within a fixed
// budget for its URL-encoded SOQL, the id batches of an incremental read are cut to fit it, and a field list
// too long on its own is refused before anything is read.
import { ConnectorError } from '../errors/connector-error.ts';

/**
 * The longest URL-encoded SOQL of a REST query. The rest of the 16,384 bytes goes to the path
 * (`/services/data/vNN.N/queryAll?q=`, about 40 bytes) and the headers (session token, batch size, user
 * agent: well under 1 KB), with room to spare for a proxy's headers.
 */
export const MAX_QUERY_BYTES = 12_000;

/**
 * Room a stream's query must leave for what a read adds to it: an `IN` batch of at least about 30 ids, the
 * watermark condition of an incremental read (with `Id, IsDeleted`) or the bounds of an id range.
 */
const QUERY_RESERVE_BYTES = 1_000;

/** Ids per `IN (...)` batch at most (Salesforce's own page of ids); fewer when the query would be too long. */
export const ID_BATCH = 200;

/** The bytes `soql` takes in the query URL. */
export const queryBytes = (soql: string): number => encodeURIComponent(soql).length;

/** A SOQL string literal of an id. */
export const quoteId = (id: string): string => `'${id.replace(/[\\']/g, '\\$&')}'`;

/** The condition `<keyField> IN ('id1', 'id2', ...)`. */
export const idsIn = (keyField: string, ids: readonly string[]): string =>
  `${keyField} IN (${ids.map(quoteId).join(', ')})`;

/**
 * Cuts `ids` (in their order) into batches of at most {@link ID_BATCH} whose `IN` condition, added to the
 * longest of the queries (`longest`: the URL-encoded bytes of that query with an empty `IN ()`), stays
 * within {@link MAX_QUERY_BYTES}.
 */
export function idBatches(ids: readonly string[], longest: number): string[][] {
  const room = MAX_QUERY_BYTES - longest;
  const separator = queryBytes(', ');
  const batches: string[][] = [];
  let current: string[] = [];
  let used = 0;
  for (const id of ids) {
    const cost = queryBytes(quoteId(id));
    if (current.length > 0 && (current.length >= ID_BATCH || used + separator + cost > room)) {
      batches.push(current);
      current = [];
      used = 0;
    }
    if (cost > room)
      throw new ConnectorError(
        'INTERNAL',
        `The customer id "${id.slice(0, 40)}" does not fit in a query of at most ${String(MAX_QUERY_BYTES)} bytes.`,
        { actions: ['Report this: customer ids are Salesforce record ids, 18 characters long.'] },
      );
    used += (current.length > 0 ? separator : 0) + cost;
    current.push(id);
  }
  if (current.length > 0) batches.push(current);
  return batches;
}

/**
 * Refuses a stream whose query, before a read adds to it, leaves less than {@link QUERY_RESERVE_BYTES} of
 * the budget: an object with so many fields that selecting them all is too long a URL.
 */
export function assertQueryFits(object: string, fields: number, soql: string): void {
  const bytes = queryBytes(soql);
  if (bytes + QUERY_RESERVE_BYTES <= MAX_QUERY_BYTES) return;
  throw new ConnectorError(
    'JOURNEY_INVALID',
    `${object} has ${String(fields)} fields the integration user can read: selecting them all takes a query of ` +
      `${String(bytes)} URL-encoded bytes, over the ${String(MAX_QUERY_BYTES - QUERY_RESERVE_BYTES)} a read can ` +
      `use (Salesforce refuses a REST request whose URL and headers pass 16,384 bytes).`,
    {
      actions: [
        `Hide the ${object} fields the journey does not use from the integration user (field-level security in ` +
          'its permission set): the read selects every field it can see.',
      ],
    },
  );
}
