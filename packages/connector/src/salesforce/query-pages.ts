// Streams one SOQL query page by page: `query` (or `queryAll`), then `nextRecordsUrl` until done.
import type { CrmRecord } from '../records/crm-record.ts';
import { checkResponseRecords } from '../connector/check-response-records.ts';
import type { SalesforceClient } from './salesforce-client.ts';

/** The REST query result (one page). */
interface QueryPage {
  readonly done?: boolean;
  readonly totalSize?: number;
  readonly nextRecordsUrl?: string;
  readonly records: CrmRecord[];
}

/** Options of {@link queryPages}. */
export interface QueryPagesOptions {
  /** Include deleted records (`queryAll`). */
  readonly scanAll?: boolean;
  /** Rows per page, 200..2000 (`Sforce-Query-Options: batchSize`); default 2000, the fewest calls. */
  readonly batchSize?: number;
  /** Stop before yielding anything when the first page's `totalSize` is above this; the total is returned. */
  readonly stopAbove?: number;
  /** Called as the last page arrives: the query's server-side cursor is closed from then on. */
  readonly onLastPage?: () => void;
}

/**
 * Yields the pages of a query as they arrive, prefetching the next page while the caller works on the
 * current one. At most two pages are held, whatever the size of the result. Returns the total when it
 * stopped on `stopAbove`.
 */
export async function* queryPages(
  client: SalesforceClient,
  soql: string,
  options: QueryPagesOptions = {},
): AsyncGenerator<CrmRecord[], number | undefined> {
  const headers = { 'Sforce-Query-Options': `batchSize=${options.batchSize ?? 2000}` };
  const what = `reading ${/ FROM (\w+)/.exec(soql)?.[1] ?? 'records'}`;
  const first = `/${options.scanAll ? 'queryAll' : 'query'}?q=${encodeURIComponent(soql)}`;
  let pending: Promise<QueryPage> | undefined = client.send<QueryPage>({ method: 'GET', url: first, headers }, what);
  // Only the first page decides, and only when more pages follow (a complete result is read as is).
  for (let isFirst = true; pending; isFirst = false) {
    const page: QueryPage = await pending;
    const total = page.totalSize ?? 0;
    if (isFirst && options.stopAbove !== undefined && page.done === false && total > options.stopAbove) return total;
    const next = page.done === false ? page.nextRecordsUrl : undefined;
    if (next === undefined) options.onLastPage?.();
    pending = next === undefined ? undefined : client.send<QueryPage>({ method: 'GET', url: next, headers }, what);
    // A failed prefetch is reported when it is awaited, not as an unhandled rejection.
    pending?.catch(() => undefined);
    yield checkResponseRecords(page.records, {
      crm: 'Salesforce',
      object: /FROM (\w+)/.exec(soql)?.[1] ?? 'query',
      idField: 'Id',
    });
  }
  return undefined;
}
