import type { SugarFilter } from '../conditions/compile-sugar-filter.ts';
import type { CrmRecord } from '../records/crm-record.ts';
import { checkResponseRecords } from '../connector/check-response-records.ts';
import { ConnectorError } from '../errors/connector-error.ts';
import { assertIdentifiers } from '../profiles/crm-identifier.ts';
import type { SugarClient } from './sugar-client.ts';

/** One filter query of the filter API. */
export interface SugarQuery {
  readonly module: string;
  readonly filter: readonly SugarFilter[];
  readonly orderBy?: string;
  readonly fields?: readonly string[];
  /** Include deleted records (`deleted: true`), for incremental reads. */
  readonly deleted?: boolean;
}

interface FilterPage {
  readonly next_offset: number;
  readonly records: CrmRecord[];
}

/** Field names a filter compares (its keys that are not `$` operators), at any depth. */
function filterFields(filter: unknown, into: string[] = []): string[] {
  if (Array.isArray(filter)) for (const item of filter) filterFields(item, into);
  else if (typeof filter === 'object' && filter !== null)
    for (const [key, value] of Object.entries(filter)) {
      if (!key.startsWith('$')) into.push(key);
      filterFields(value, into);
    }
  return into;
}

// The last guard before names reach the URL path and the filter: validation has refused bad names already.
const body = (query: SugarQuery, maxNum: number, offset: number): Record<string, unknown> => {
  assertIdentifiers('sugarcrm', 'object', [query.module]);
  assertIdentifiers('sugarcrm', 'field', [
    ...filterFields(query.filter),
    ...(query.fields ?? []),
    ...(query.orderBy === undefined ? [] : [query.orderBy.replace(/:(ASC|DESC)$/i, '')]),
  ]);
  return {
    filter: query.filter,
    max_num: maxNum,
    offset,
    order_by: query.orderBy ?? 'id:ASC',
    ...(query.fields === undefined ? {} : { fields: query.fields.join(',') }),
    ...(query.deleted === true ? { deleted: true } : {}),
  };
};

const isPage = (value: unknown): value is FilterPage =>
  typeof value === 'object' &&
  value !== null &&
  Array.isArray((value as FilterPage).records) &&
  typeof (value as FilterPage).next_offset === 'number';

/** Pages one query with `offset = next_offset` until -1, from `start`. */
export async function* filterPages(
  client: SugarClient,
  query: SugarQuery,
  maxNum: number,
  start = 0,
): AsyncGenerator<CrmRecord[]> {
  let offset = start;
  while (offset !== -1) {
    const page = await client.request<FilterPage>('POST', `${query.module}/filter`, body(query, maxNum, offset), {
      idempotent: true,
    });
    const context = { crm: 'SugarCRM', object: query.module, idField: 'id' };
    yield checkResponseRecords(page.records, context);
    // A page without a numeric next_offset would be asked for again and again.
    const next: unknown = page.next_offset;
    if (typeof next !== 'number')
      throw new ConnectorError(
        'CRM_REQUEST_FAILED',
        `SugarCRM sent a malformed page of ${query.module} records: next_offset is ${next === undefined ? 'missing' : JSON.stringify(next)}, not a number.`,
        {
          actions: [
            'Run again; if it persists, check what sits between crm-journey and SugarCRM (a proxy, a gateway).',
          ],
        },
      );
    offset = next;
  }
}

/**
 * Runs several queries to the end: their first pages together in one `/bulk` call, further pages one by
 * one. Results by query index.
 */
export async function fetchAll(
  client: SugarClient,
  queries: readonly SugarQuery[],
  maxNum: number,
): Promise<CrmRecord[][]> {
  if (queries.length === 0) return [];
  const first = await client.bulk(
    queries.map((query) => ({ method: 'POST', url: `${query.module}/filter`, data: body(query, maxNum, 0) })),
    { idempotent: true },
  );
  return Promise.all(
    queries.map(async (query, index) => {
      const result = first[index];
      if (!result || result.status !== 200 || !isPage(result.contents)) {
        // A failed sub-request (a lock, a busy server) is asked again on its own, with retries.
        const records: CrmRecord[] = [];
        for await (const page of filterPages(client, query, maxNum)) records.push(...page);
        return records;
      }
      const records = [
        ...checkResponseRecords(result.contents.records, { crm: 'SugarCRM', object: query.module, idField: 'id' }),
      ];
      if (result.contents.next_offset !== -1) {
        for await (const page of filterPages(client, query, maxNum, result.contents.next_offset)) records.push(...page);
      }
      return records;
    }),
  );
}
