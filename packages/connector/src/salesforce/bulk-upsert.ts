// Upserts records through one Bulk API 2.0 ingest job: create, upload the CSV, close, poll until the job
// is done, then read successfulResults / failedResults back so that every record has a result, as an
// sObject Collections call would give it. Keyed on an external ID, so running it again never duplicates.
import { ConnectorError } from '../errors/connector-error.ts';
import { formatCsv, parseCsv } from './bulk-csv.ts';
import type { SalesforceClient } from './salesforce-client.ts';

/** One record's outcome, in the shape sObject Collections answers. */
export interface SaveResult {
  readonly id?: string;
  readonly success: boolean;
  readonly created?: boolean;
  readonly errors: readonly { readonly statusCode: string; readonly message: string }[];
}

/** Options of {@link bulkUpsert}. */
export interface BulkUpsertOptions {
  /** Delay between job status polls; default 2 s. */
  readonly pollIntervalMs?: number;
  /** Give up on a job that is not done after this long; default 10 min. */
  readonly pollTimeoutMs?: number;
}

interface IngestJobInfo {
  readonly id: string;
  readonly state: string;
  readonly numberRecordsProcessed?: number;
  readonly numberRecordsFailed?: number;
  readonly errorMessage?: string;
}

const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));
const DONE = new Set(['JobComplete', 'Failed', 'Aborted']);

// `sf__Error` holds `STATUS_CODE:message:fields --`, several joined by spaces.
function errorsOf(text: string): SaveResult['errors'] {
  return text
    .split(/ --\s*/)
    .filter((part) => part.trim() !== '')
    .map((part) => {
      const [statusCode = 'UNKNOWN', ...rest] = part.trim().split(':');
      return { statusCode, message: rest.slice(0, -1).join(':') || rest.join(':') };
    });
}

/**
 * Upserts `records` (plain field maps, each with `keyField` set) into `object` through one ingest job;
 * returns one result per record, in order. A record the job did not process fails with `NOT_PROCESSED`.
 */
export async function bulkUpsert(
  client: SalesforceClient,
  object: string,
  keyField: string,
  records: readonly Readonly<Record<string, unknown>>[],
  options: BulkUpsertOptions = {},
): Promise<SaveResult[]> {
  const what = `bulk upserting ${object} records on ${keyField}`;
  const columns = [...new Set(records.flatMap((record) => Object.keys(record)))];
  const job = await client.send<IngestJobInfo>(
    {
      method: 'POST',
      url: '/jobs/ingest',
      body: { object, operation: 'upsert', externalIdFieldName: keyField, contentType: 'CSV', lineEnding: 'LF' },
    },
    what,
  );
  const url = `/jobs/ingest/${job.id}`;
  await client.sendRaw(
    { method: 'PUT', url: `${url}/batches`, body: formatCsv(columns, records), contentType: 'text/csv' },
    what,
  );
  let info: IngestJobInfo;
  try {
    info = await client.send<IngestJobInfo>({ method: 'PATCH', url, body: { state: 'UploadComplete' } }, what);
  } catch (error) {
    // The close may have landed before its answer was lost: then the job is already past Open.
    info = await client.send<IngestJobInfo>({ method: 'GET', url }, what);
    if (info.state === 'Open') throw error;
  }
  const deadline = Date.now() + (options.pollTimeoutMs ?? 600_000);
  while (!DONE.has(info.state)) {
    if (Date.now() > deadline) {
      throw new ConnectorError('CRM_REQUEST_FAILED', `The Bulk API job ${job.id} for ${what} did not finish in time.`, {
        actions: ['Run again: the upsert is keyed, so records the job did write are not duplicated.'],
      });
    }
    await sleep(options.pollIntervalMs ?? 2000);
    info = await client.send<IngestJobInfo>({ method: 'GET', url }, what);
  }
  const byKey = new Map<string, SaveResult>();
  const read = async (kind: 'successfulResults' | 'failedResults'): Promise<void> => {
    const { text } = await client.fetchText(`${url}/${kind}`, what);
    const [header = [], ...rows] = parseCsv(text);
    const [keyAt, idAt, createdAt, errorAt] = [keyField, 'sf__Id', 'sf__Created', 'sf__Error'].map((name) =>
      header.indexOf(name),
    );
    for (const cells of rows) {
      const key = cells[keyAt ?? -1] ?? '';
      // A re-sent upload processes a row twice: its success wins, and `created` from its first time.
      if (byKey.get(key)?.success === true) continue;
      byKey.set(
        key,
        kind === 'successfulResults'
          ? { id: cells[idAt ?? -1] ?? '', success: true, created: cells[createdAt ?? -1] === 'true', errors: [] }
          : { success: false, errors: errorsOf(cells[errorAt ?? -1] ?? '') },
      );
    }
  };
  const failed = info.numberRecordsFailed ?? 0;
  if ((info.numberRecordsProcessed ?? 0) > failed) await read('successfulResults');
  if (failed > 0) await read('failedResults');
  const missing = info.errorMessage ?? `the job ended ${info.state}`;
  return records.map(
    (record) =>
      byKey.get(String(record[keyField])) ?? {
        success: false,
        errors: [{ statusCode: 'NOT_PROCESSED', message: `Bulk API job ${job.id}: ${missing}` }],
      },
  );
}
