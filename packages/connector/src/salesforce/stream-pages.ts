// The pages of one read stream, within the read's budget of query cursors. A stream that gets a cursor
// reads REST pages (or, above the bulk threshold, a query job after the first page). A stream that gets
// none reads its first page with `LIMIT <page>`, a result that fits one page and so opens no cursor;
// when that page is full, the rest comes from where it stopped (`key >= last key`), through REST pages if
// a cursor has come free meanwhile (short streams give theirs back after one page), else a query job,
// which holds none. Memory stays at a page or two per REST stream, a quarter page per query job.
import type { CrmRecord } from '../records/crm-record.ts';
import { bulkQueryPages } from './bulk-query-pages.ts';
import { quoteId } from './query-budget.ts';
import type { CursorBudget } from './cursor-budget.ts';
import { readPath } from './merge-streams.ts';
import { queryPages } from './query-pages.ts';
import type { SalesforceClient } from './salesforce-client.ts';

/** What streaming needs from the read. */
export interface StreamContext {
  readonly client: SalesforceClient;
  /** Rows per REST page; default 2,000. */
  readonly batchSize?: number;
  /** Results above this many rows continue through a query job after the first REST page. */
  readonly bulkQueryThreshold: number;
  readonly bulkPollIntervalMs?: number;
}

/** One stream's query: its SOQL (ordered by `keyField`) with extra conditions, and its object's field types. */
interface StreamQuery {
  readonly soql: (extra: readonly string[]) => string;
  readonly keyField: string;
  readonly types: ReadonlyMap<string, string>;
}

const pageRows = (context: StreamContext): number => context.batchSize ?? 2000;
const batchOf = (context: StreamContext): { batchSize?: number } =>
  context.batchSize === undefined ? {} : { batchSize: context.batchSize };
// As the merge compares keys: Salesforce orders ids case-insensitively.
const keyOf = (record: CrmRecord, keyField: string): string => {
  const value = readPath(record, keyField);
  return typeof value === 'string' ? value.toLowerCase() : '';
};

function bulk(context: StreamContext, soql: string, types: ReadonlyMap<string, string>): AsyncGenerator<CrmRecord[]> {
  const poll = context.bulkPollIntervalMs === undefined ? {} : { pollIntervalMs: context.bulkPollIntervalMs };
  // Chunks of a quarter page (BULK_CHUNK_ROWS): the merge holds less of a job's rows than of a REST page's.
  return bulkQueryPages(context.client, soql, { types, ...poll });
}

// REST pages on a cursor already taken, given back when the last page arrives. Above the bulk threshold
// the first page's cursor is left open (Salesforce keeps it until it expires): its share stays taken.
async function* withCursor(
  context: StreamContext,
  soql: string,
  types: ReadonlyMap<string, string>,
  budget: CursorBudget,
): AsyncGenerator<CrmRecord[]> {
  const onLastPage = (): void => {
    budget.release();
  };
  const options = { ...batchOf(context), stopAbove: context.bulkQueryThreshold, onLastPage };
  const pages = queryPages(context.client, soql, options);
  for (let next = await pages.next(); ; next = await pages.next()) {
    if (next.done !== true) yield next.value;
    else if (next.value === undefined) return;
    else {
      yield* bulk(context, soql, types);
      return;
    }
  }
}

/**
 * Yields a stream's rows in key order, page by page, never holding more cursors than `budget` allows: one
 * REST call per page as before while cursors are free, else one page-sized REST call and a query job.
 */
export async function* streamPages(
  context: StreamContext,
  query: StreamQuery,
  budget: CursorBudget,
): AsyncGenerator<CrmRecord[]> {
  if (budget.take()) {
    yield* withCursor(context, query.soql([]), query.types, budget);
    return;
  }
  const rows = pageRows(context);
  const probe: CrmRecord[] = [];
  // Salesforce may cut a page of wide rows short; the rest of the probe is read at once, closing its cursor.
  for await (const page of queryPages(context.client, `${query.soql([])} LIMIT ${rows}`, batchOf(context)))
    probe.push(...page);
  if (probe.length < rows) {
    if (probe.length > 0) yield probe;
    return;
  }
  const lastValue = readPath(probe[probe.length - 1] ?? {}, query.keyField);
  const last = typeof lastValue === 'string' && lastValue !== '' ? lastValue : undefined;
  // The last key's rows may go on past the page: they are all read again with the rest.
  if (last !== undefined) {
    const before = probe.filter((record) => keyOf(record, query.keyField) < last.toLowerCase());
    probe.length = 0;
    if (before.length > 0) yield before;
  }
  const soql = query.soql(last === undefined ? [] : [`${query.keyField} >= ${quoteId(last)}`]);
  if (budget.take()) yield* withCursor(context, soql, query.types, budget);
  else yield* bulk(context, soql, query.types);
}
