// The shape every page of records from a CRM must have before the engine sees it. The CRMs never send
// anything else, but a proxy, a half-written response or an API change could: then the run stops
// with the object, record and field named, instead of evaluating characters of a string as records.
import type { CrmRecord } from '../records/crm-record.ts';
import { ConnectorError } from '../errors/connector-error.ts';

/** What the caller was doing, for the message: e.g. `SugarCRM answered Accounts/filter`. */
export interface ResponseContext {
  readonly crm: string;
  readonly object: string;
  readonly idField: string;
}

function malformed(context: ResponseContext, problem: string): ConnectorError {
  return new ConnectorError(
    'CRM_REQUEST_FAILED',
    `${context.crm} sent a malformed page of ${context.object} records: ${problem}. Nothing from this page was used.`,
    {
      actions: [
        'Run again; if it persists, check what sits between crm-journey and the CRM (a proxy, a gateway) and report the response.',
      ],
    },
  );
}

/**
 * Checks that `records` is an array of objects each with a non-empty string id, and returns it typed.
 * Throws `CRM_REQUEST_FAILED` naming the object, the record's index and the field otherwise.
 *
 * @example
 * const records = checkResponseRecords(page.records, { crm: 'SugarCRM', object: 'Accounts', idField: 'id' });
 */
export function checkResponseRecords(records: unknown, context: ResponseContext): CrmRecord[] {
  if (!Array.isArray(records))
    throw malformed(context, `"records" is ${records === null ? 'null' : typeof records}, not a list`);
  for (let index = 0; index < records.length; index++) {
    const record: unknown = records[index];
    if (typeof record !== 'object' || record === null || Array.isArray(record))
      throw malformed(
        context,
        `record ${String(index)} is ${record === null ? 'null' : Array.isArray(record) ? 'a list' : typeof record}, not a record`,
      );
    const id = (record as Record<string, unknown>)[context.idField];
    if (typeof id !== 'string' || id === '')
      throw malformed(
        context,
        `record ${String(index)} has ${id === undefined ? 'no' : `an invalid (${JSON.stringify(id)})`} ${context.idField} field`,
      );
  }
  return records as CrmRecord[];
}
