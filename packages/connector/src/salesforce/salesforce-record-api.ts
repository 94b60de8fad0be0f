// Record-level access for the demo's record browser: list, search, read, edit and upsert through jsforce,
// counted, retried and wrapped by the connector's own request layer.
import type { CrmRecord } from '../records/crm-record.ts';
import type { CrmRecordApi, ListRecordsOptions } from '../connector/crm-record-api.ts';
import { openSalesforceConnection, type ConnectSalesforceOptions } from './connect-salesforce.ts';
import { createSalesforceClient } from './salesforce-client.ts';
import { errorCodeOf } from './salesforce-errors.ts';

const API_NAME = /^[A-Za-z][A-Za-z0-9_]*$/;

/** A SOQL string literal: quotes and backslashes escaped. */
function soqlString(value: string): string {
  return `'${value.replace(/[\\']/g, (match) => `\\${match}`)}'`;
}

/** A LIKE pattern matching `text` anywhere, its own `%` and `_` taken literally. */
function containsPattern(text: string): string {
  return soqlString(`%${text.replace(/[\\%_]/g, (match) => `\\${match}`)}%`);
}

function apiName(name: string, what: string): string {
  // Object and field names come from the browser's URL: never let them carry SOQL.
  if (!API_NAME.test(name)) throw new TypeError(`"${name}" is not a Salesforce ${what} API name.`);
  return name;
}

/** The SOQL WHERE clause of a list, or '' when it has no conditions. */
function whereClause(options: ListRecordsOptions): string {
  const parts: string[] = [];
  const search = options.search?.trim() ?? '';
  if (search !== '' && (options.searchFields ?? []).length > 0) {
    const alternatives = (options.searchFields ?? []).map(
      (field) => `${apiName(field, 'field')} LIKE ${containsPattern(search)}`,
    );
    parts.push(`(${alternatives.join(' OR ')})`);
  }
  for (const [field, value] of Object.entries(options.equals ?? {}))
    parts.push(`${apiName(field, 'field')} = ${soqlString(value)}`);
  return parts.length === 0 ? '' : ` WHERE ${parts.join(' AND ')}`;
}

/** A save result's failure as the error shape the request layer classifies and wraps. */
function checkSaved(result: { success: boolean; errors?: unknown }): void {
  if (result.success) return;
  const errors = (result.errors ?? []) as { errorCode?: string; statusCode?: string; message?: string }[];
  const first = errors[0];
  throw Object.assign(new Error(first?.message ?? 'the save failed'), {
    errorCode: first?.errorCode ?? first?.statusCode ?? 'FIELD_INTEGRITY_EXCEPTION',
  });
}

const withoutAttributes = (record: Record<string, unknown>): CrmRecord => {
  const { attributes, ...fields } = record;
  return fields;
};

/**
 * Opens a {@link CrmRecordApi} on a Salesforce org: SOQL with `LIKE` for search, sObject rows to read and
 * edit, and upsert by external ID (a second upsert with the same key updates, it never duplicates).
 *
 * @example
 * const records = await openSalesforceRecordApi({ instanceUrl, accessToken });
 * const page = await records.list('Account', { fields: ['Id', 'Name'], search: 'Kowal', searchFields: ['Name'] });
 */
export async function openSalesforceRecordApi(options: ConnectSalesforceOptions = {}): Promise<CrmRecordApi> {
  const { connection, secrets } = await openSalesforceConnection(options);
  const client = createSalesforceClient(connection, {
    secrets,
    ...(options.retry === undefined ? {} : { retry: options.retry }),
  });
  // A create is not idempotent: sent once, never retried.
  const once = createSalesforceClient(connection, { secrets, retry: { attempts: 1 } });
  return {
    crm: 'salesforce',
    async list(object, listOptions) {
      const from = `${apiName(object, 'object')}${whereClause(listOptions)}`;
      const limit = Math.min(200, Math.max(1, listOptions.limit ?? 25));
      const order = listOptions.orderBy === undefined ? '' : ` ORDER BY ${apiName(listOptions.orderBy, 'field')}`;
      const fields = listOptions.fields.map((field) => apiName(field, 'field')).join(', ');
      const soql = `SELECT ${fields} FROM ${from}${order} LIMIT ${limit} OFFSET ${Math.max(0, listOptions.offset ?? 0)}`;
      const [page, count] = await Promise.all([
        client.attempt(`listing ${object}`, async () => connection.query<Record<string, unknown>>(soql)),
        client.attempt(`counting ${object}`, async () => connection.query(`SELECT COUNT() FROM ${from}`)),
      ]);
      return { records: page.records.map(withoutAttributes), total: count.totalSize };
    },
    async get(object, id, fields) {
      const found = await client.attempt(`reading ${object} ${id}`, async () => {
        try {
          const sobject = connection.sobject(apiName(object, 'object'));
          const record: Record<string, unknown> =
            fields === undefined ? await sobject.retrieve(id) : await sobject.retrieve(id, { fields: [...fields] });
          return record;
        } catch (error) {
          // A missing (or malformed) id is an answer, not a failure.
          if (['NOT_FOUND', 'MALFORMED_ID', 'ERROR_HTTP_404'].includes(errorCodeOf(error))) return undefined;
          throw error;
        }
      });
      return found === undefined ? null : withoutAttributes(found);
    },
    async update(object, id, fields) {
      await client.attempt(`updating ${object} ${id}`, async () => {
        const result = await connection.sobject(apiName(object, 'object')).update({ ...fields, Id: id });
        checkSaved(result);
      });
    },
    async create(object, fields) {
      return once.attempt(`creating a ${object}`, async () => {
        const result = await connection.sobject(apiName(object, 'object')).create({ ...fields });
        checkSaved(result);
        return result.id ?? '';
      });
    },
    async upsert(object, keyField, fields) {
      return client.attempt(`upserting a ${object} by ${keyField}`, async () => {
        const result = await connection
          .sobject(apiName(object, 'object'))
          .upsert({ ...fields }, apiName(keyField, 'field'));
        checkSaved(result);
        return { id: result.id ?? '', created: result.created === true };
      });
    },
    apiCalls: () => client.calls() + once.calls(),
    close: () => Promise.resolve(),
  };
}
