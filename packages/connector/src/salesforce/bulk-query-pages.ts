// Streams one SOQL query through a Bulk API 2.0 query job: create, poll until complete, then the CSV
// results page by page (`Sforce-Locator`), each page turned back into REST-shaped records.
import type { CrmRecord } from '../conditions/field-values.ts';
import { ConnectorError } from '../errors/connector-error.ts';
import { csvRecords } from './bulk-csv.ts';
import type { SalesforceClient } from './salesforce-client.ts';

/** Options of {@link bulkQueryPages}. */
export interface BulkQueryOptions {
  /** Field name -> describe type of the queried object, to type the CSV values. */
  readonly types: ReadonlyMap<string, string>;
  /** Delay between job status polls; default 2 s. */
  readonly pollIntervalMs?: number;
  /** Give up on a job that is not complete after this long; default 10 min. */
  readonly pollTimeoutMs?: number;
  /** Rows per results page (`maxRecords`); default: Salesforce's choice. */
  readonly pageSize?: number;
}

interface QueryJobInfo {
  readonly id: string;
  readonly state: string;
  readonly errorMessage?: string;
}

const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

/** Yields the pages of a Bulk API 2.0 query job; one page (at most `pageSize` rows) is held at a time. */
export async function* bulkQueryPages(
  client: SalesforceClient,
  soql: string,
  options: BulkQueryOptions,
): AsyncGenerator<CrmRecord[]> {
  const what = `bulk reading ${/ FROM (\w+)/.exec(soql)?.[1] ?? 'records'}`;
  let job = await client.send<QueryJobInfo>(
    { method: 'POST', url: '/jobs/query', body: { operation: 'query', query: soql } },
    what,
  );
  const deadline = Date.now() + (options.pollTimeoutMs ?? 600_000);
  while (job.state !== 'JobComplete') {
    if (job.state === 'Failed' || job.state === 'Aborted' || Date.now() > deadline) {
      const why = job.errorMessage ?? (Date.now() > deadline ? 'it did not finish in time' : job.state);
      throw new ConnectorError('CRM_REQUEST_FAILED', `The Bulk API query job ${job.id} for ${what} failed: ${why}.`, {
        actions: ['Run again; if it keeps failing, raise bulkQueryThreshold so that the REST API is used.'],
      });
    }
    await sleep(options.pollIntervalMs ?? 2000);
    job = await client.send<QueryJobInfo>({ method: 'GET', url: `/jobs/query/${job.id}` }, what);
  }
  const size = options.pageSize === undefined ? '' : `maxRecords=${options.pageSize}&`;
  for (let locator = ''; locator !== 'null';) {
    const url = `/jobs/query/${job.id}/results?${size}${locator === '' ? '' : `locator=${locator}`}`;
    const { text, headers } = await client.fetchText(url, what);
    locator = headers.get('sforce-locator') ?? 'null';
    yield csvRecords(text, options.types);
  }
}
