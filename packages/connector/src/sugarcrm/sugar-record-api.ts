// Record-level access for the demo's record browser on SugarCRM: the filter API for lists, search and
// reads, record PUT and POST for edits, through the adapter's axios client (login, retries, errors).
import type { CrmRecord } from '../records/crm-record.ts';
import type { CrmRecordApi, ListRecordsOptions } from '../connector/crm-record-api.ts';
import { createSugarClient } from './sugar-client.ts';
import { resolveSugarOptions, type SugarConnectOptions } from './sugar-options.ts';

const NAME = /^[A-Za-z][A-Za-z0-9_]*$/;

function name(value: string, what: string): string {
  // Module and field names come from the browser's URL: keep them to identifiers.
  if (!NAME.test(value)) throw new TypeError(`"${value}" is not a SugarCRM ${what} name.`);
  return value;
}

/** The filter of a list: `$or` of `$contains` over the search fields, ANDed with the exact matches. */
function filterOf(options: ListRecordsOptions): Record<string, unknown>[] {
  const filter: Record<string, unknown>[] = [];
  const search = options.search?.trim() ?? '';
  const fields = options.searchFields ?? [];
  if (search !== '' && fields.length > 0)
    filter.push({ $or: fields.map((field) => ({ [name(field, 'field')]: { $contains: search } })) });
  for (const [field, value] of Object.entries(options.equals ?? {})) filter.push({ [name(field, 'field')]: value });
  return filter;
}

interface FilterAnswer {
  readonly records: CrmRecord[];
}

/**
 * Opens a {@link CrmRecordApi} on a SugarCRM instance (REST v11, OAuth2 password grant). Sugar has no unique
 * index, so `upsert` filters on the key first, as the Sugar dashlet does before it creates a Task.
 *
 * @example
 * const records = await openSugarRecordApi({ url, username, password });
 * const page = await records.list('Accounts', { fields: ['id', 'name'], search: 'Kowal', searchFields: ['name'] });
 */
export async function openSugarRecordApi(options: SugarConnectOptions = {}): Promise<CrmRecordApi> {
  const client = await createSugarClient(resolveSugarOptions(options));
  const api: CrmRecordApi = {
    crm: 'sugarcrm',
    async list(module, listOptions) {
      const filter = filterOf(listOptions);
      const [page, count] = await Promise.all([
        client.request<FilterAnswer>(
          'POST',
          `${name(module, 'module')}/filter`,
          {
            filter,
            fields: listOptions.fields.map((field) => name(field, 'field')).join(','),
            max_num: Math.min(200, Math.max(1, listOptions.limit ?? 25)),
            offset: Math.max(0, listOptions.offset ?? 0),
            ...(listOptions.orderBy === undefined ? {} : { order_by: `${name(listOptions.orderBy, 'field')}:asc` }),
          },
          { idempotent: true },
        ),
        client.request<{ record_count: number }>('POST', `${module}/filter/count`, { filter }, { idempotent: true }),
      ]);
      return { records: page.records, total: count.record_count };
    },
    async get(module, id, fields) {
      const answer = await client.request<FilterAnswer>(
        'POST',
        `${name(module, 'module')}/filter`,
        {
          filter: [{ id }],
          max_num: 1,
          ...(fields === undefined ? {} : { fields: fields.map((field) => name(field, 'field')).join(',') }),
        },
        { idempotent: true },
      );
      return answer.records[0] ?? null;
    },
    async update(module, id, fields) {
      await client.request('PUT', `${name(module, 'module')}/${encodeURIComponent(id)}`, fields);
    },
    async create(module, fields) {
      const created = await client.request<{ id: string }>('POST', name(module, 'module'), fields);
      return created.id;
    },
    async upsert(module, keyField, fields) {
      const key = fields[keyField];
      if (typeof key !== 'string' || key === '') throw new TypeError(`upsert: ${keyField} must be a non-empty string.`);
      const found = await api.list(module, { fields: ['id'], equals: { [keyField]: key }, limit: 1 });
      const existing = found.records[0]?.['id'];
      if (typeof existing === 'string') {
        await api.update(module, existing, fields);
        return { id: existing, created: false };
      }
      return { id: await api.create(module, fields), created: true };
    },
    apiCalls: () => client.calls,
    close: () => client.logout(),
  };
  return api;
}
