// Streams one SOQL query through a Bulk API 2.0 query job: create, poll until complete, then the CSV
// results page by page (`Sforce-Locator`), each page parsed as it streams in and handed out in chunks
// of REST-shaped records, so memory does not grow with Salesforce's page size (sized by bytes).
import type { CrmRecord } from '../records/crm-record.ts';
import { ConnectorError } from '../errors/connector-error.ts';
import { createCsvRowReader, csvRecordMaker } from './bulk-csv.ts';
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
  /** Records per chunk handed out; default {@link BULK_CHUNK_ROWS}. */
  readonly chunkSize?: number;
  /** Times a results page cut off mid-body is requested again; default 3. */
  readonly bodyAttempts?: number;
}

/**
 * Rows per chunk a query job's results are handed out in: a quarter of a REST page. The results stream
 * in, so nothing is gained by handing out more at once, and a read merges up to a dozen streams, each
 * holding its current chunk until the merge has passed it (at 100,000 customers most of them are jobs).
 */
export const BULK_CHUNK_ROWS = 500;

interface QueryJobInfo {
  readonly id: string;
  readonly state: string;
  readonly errorMessage?: string;
}

const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

/**
 * Yields a Bulk API 2.0 query job's rows in chunks of at most `chunkSize` records; one chunk and one
 * network read are held at a time, whatever the size of a results page.
 */
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
    let next: string | undefined;
    // A body cut off mid-way is requested again, and the rows already handed out are skipped.
    let delivered = 0;
    for (let attempt = 1; next === undefined; attempt++) {
      const { body, headers } = await client.fetchStream(url, what);
      try {
        for await (const chunk of pageRecords(body, options, delivered)) {
          delivered += chunk.length;
          yield chunk;
        }
        next = headers.get('sforce-locator') ?? 'null';
      } catch (error) {
        if (attempt >= (options.bodyAttempts ?? 3) || error instanceof ConnectorError) throw error;
      }
    }
    locator = next;
  }
}

// The records of one results page, parsed as the body arrives, the first `skip` rows left out.
async function* pageRecords(
  body: ReadableStream<Uint8Array>,
  options: BulkQueryOptions,
  skip: number,
): AsyncGenerator<CrmRecord[]> {
  const chunkSize = options.chunkSize ?? BULK_CHUNK_ROWS;
  const reader = createCsvRowReader();
  let make: ((cells: readonly string[]) => CrmRecord) | undefined;
  let seen = 0;
  let out: CrmRecord[] = [];
  const take = (rows: string[][]): void => {
    for (const cells of rows) {
      if (!make) make = csvRecordMaker(cells, options.types);
      else if (seen++ >= skip) out.push(make(cells));
    }
  };
  for await (const text of body.pipeThrough(new TextDecoderStream())) {
    take(reader.push(text));
    // One network read can bring thousands of rows: hand them out a chunk at a time.
    while (out.length >= chunkSize) {
      yield out.slice(0, chunkSize);
      out = out.slice(chunkSize);
    }
  }
  take(reader.end());
  if (out.length > 0) yield out;
}
