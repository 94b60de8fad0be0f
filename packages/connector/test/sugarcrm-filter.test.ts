// The Sugar sandbox's filter API over HTTP: every operator against known records, the GET syntaxes,
// paging, ordering, counting and Sugar's 422 errors.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { startSugarSandbox, type SugarSandbox, type SugarSandboxOptions } from '@crm-journey/sandbox';
import {
  AS_OF,
  connectSugar,
  fetchAll,
  type SugarClient,
  type SugarErrorBody,
  type SugarPage,
  type SugarRow,
} from './sugarcrm-support.ts';

const SALLY = 'f86b640d-8aca-546c-a91e-20c622493578';
const stamp = (day: string, time = '09:00:00'): string => `${day}T${time}+00:00`;
const account = (id: string, name: string, extra: SugarRow, modified: string): SugarRow => ({
  id,
  name,
  date_entered: stamp('2026-01-05'),
  date_modified: modified,
  assigned_user_id: SALLY,
  created_by: SALLY,
  deleted: false,
  ...extra,
});
const records = {
  Accounts: [
    account('a1', "O'Brien Consulting", { industry: 'Consulting', employee_count_c: 120 }, stamp('2026-11-18')),
    account('a2', 'Zażółć Sp. z o.o.', { industry: 'Retail', employee_count_c: 800 }, stamp('2026-11-01')),
    account('a3', 'ООО «Северный ветер»', { industry: 'Energy', employee_count_c: 2500 }, stamp('2026-10-01')),
    account('a4', 'شرکت پارس داده', {}, stamp('2026-11-20', '08:00:00')),
    account('a5', '100% Organic_Foods', { industry: '', employee_count_c: 0 }, stamp('2026-09-15')),
    account('a6', 'Deleted Holdings', { industry: 'Retail', deleted: true }, stamp('2026-08-01')),
    account('a7', '1000 Units Inc', { industry: 'Manufacturing', employee_count_c: 45 }, stamp('2026-07-01')),
  ],
  Opportunities: [
    {
      id: 'o1',
      account_id: 'a1',
      name: 'Retainer',
      sales_stage: 'Prospecting',
      amount: '1200.000000',
      date_closed: '2026-11-25',
      assigned_user_id: '1',
      date_modified: stamp('2026-11-19'),
    },
    {
      id: 'o2',
      account_id: 'a2',
      name: 'Fleet',
      sales_stage: 'Closed Won',
      amount: '48000.000000',
      date_closed: '2026-10-01',
      assigned_user_id: SALLY,
      date_modified: stamp('2026-10-02'),
    },
    {
      id: 'o3',
      account_id: 'a3',
      name: 'Pipeline',
      sales_stage: 'Negotiation/Review',
      amount: '',
      date_closed: '2026-12-15',
      assigned_user_id: SALLY,
      date_modified: stamp('2026-11-02'),
    },
    {
      id: 'o4',
      account_id: '',
      name: 'Orphan',
      sales_stage: 'Closed Lost',
      amount: '0.000000',
      date_closed: '',
      assigned_user_id: '1',
      date_modified: stamp('2026-11-03'),
    },
  ],
};

let sugar: SugarSandbox | undefined;
let client: SugarClient;
async function start(options: SugarSandboxOptions = {}): Promise<void> {
  await sugar?.close();
  sugar = await startSugarSandbox({ records, now: () => AS_OF, ...options });
  client = await connectSugar(sugar);
}
beforeEach(async () => {
  await start();
});
afterEach(async () => {
  await sugar?.close();
  sugar = undefined;
});

async function ids(module: string, filter: unknown): Promise<string[]> {
  const response = await client.http.post<SugarPage & SugarErrorBody>(`/${module}/filter`, { filter, max_num: 100 });
  if (response.status !== 200) throw new Error(`${String(response.status)} ${response.data.error_message}`);
  return response.data.records.map((record) => String(record['id'])).sort();
}

describe('Sugar sandbox: filter operators', () => {
  it.each([
    ['a bare value as $equals, case-insensitively', [{ industry: 'retail' }], ['a2']],
    ['$equals with an apostrophe', [{ name: { $equals: "o'brien consulting" } }], ['a1']],
    ['$not_equals (NULL dropped, empty kept)', [{ industry: { $not_equals: 'Retail' } }], ['a1', 'a3', 'a5', 'a7']],
    ['$starts in Polish', [{ name: { $starts: 'ZAŻ' } }], ['a2']],
    ['$starts in Russian', [{ name: { $starts: 'ооо' } }], ['a3']],
    ['$ends in Persian', [{ name: { $ends: 'داده' } }], ['a4']],
    ['$contains with % taken literally', [{ name: { $contains: '100%' } }], ['a5']],
    ['$contains with _ taken literally', [{ name: { $contains: 'c_f' } }], ['a5']],
    ['$not_contains', [{ name: { $not_contains: 'sp.' } }], ['a1', 'a3', 'a4', 'a5', 'a7']],
    ['$in', [{ industry: { $in: ['Retail', 'Energy'] } }], ['a2', 'a3']],
    ['$in with "" also matches NULL', [{ industry: { $in: ['', 'Retail'] } }], ['a2', 'a4', 'a5']],
    [
      '$not_in keeps NULL, as Sugar’s SQL does',
      [{ industry: { $not_in: ['Retail', 'Energy'] } }],
      ['a1', 'a4', 'a5', 'a7'],
    ],
    ['$is_null', [{ industry: { $is_null: '' } }], ['a4']],
    ['$not_null', [{ industry: { $not_null: '' } }], ['a1', 'a2', 'a3', 'a5', 'a7']],
    ['$empty', [{ industry: { $empty: '' } }], ['a4', 'a5']],
    ['$not_empty', [{ industry: { $not_empty: '' } }], ['a1', 'a2', 'a3', 'a7']],
    ['$gt on a number', [{ employee_count_c: { $gt: 100 } }], ['a1', 'a2', 'a3']],
    ['$gte', [{ employee_count_c: { $gte: 800 } }], ['a2', 'a3']],
    ['$lt', [{ employee_count_c: { $lt: 45 } }], ['a5']],
    ['$lte with a numeric string', [{ employee_count_c: { $lte: '45' } }], ['a5', 'a7']],
    ['$between', [{ employee_count_c: { $between: [45, 800] } }], ['a1', 'a2', 'a7']],
    ['$dateBetween on a date-time', [{ date_modified: { $dateBetween: ['2026-11-01', '2026-11-18'] } }], ['a1', 'a2']],
    ['$dateRange today', [{ date_modified: { $dateRange: 'today' } }], ['a4']],
    ['$dateRange last_7_days', [{ date_modified: { $dateRange: 'last_7_days' } }], ['a1', 'a4']],
    ['$dateRange last_30_days', [{ date_modified: { $dateRange: 'last_30_days' } }], ['a1', 'a2', 'a4']],
    [
      '$and and $or',
      [
        {
          $or: [{ industry: 'Energy' }, { $and: [{ employee_count_c: { $gt: 100 } }, { name: { $contains: 'o.o' } }] }],
        },
      ],
      ['a2', 'a3'],
    ],
    ['several operators on one field', [{ employee_count_c: { $gt: 0, $lt: 200 } }], ['a1', 'a7']],
    ['entries of the array are and-ed', [{ industry: { $not_null: '' } }, { name: { $starts: '1' } }], ['a5', 'a7']],
  ])('%s', async (_name, filter, expected) => {
    expect(await ids('Accounts', filter)).toEqual(expected);
  });

  it.each([
    ['$dateRange next_7_days on a date', [{ date_closed: { $dateRange: 'next_7_days' } }], ['o1']],
    ['$lt on a date', [{ date_closed: { $lt: '2026-11-01' } }], ['o2']],
    ['an empty date is NULL', [{ date_closed: { $is_null: '' } }], ['o4']],
    ['$not_equals 0 on currency', [{ amount: { $not_equals: 0 } }], ['o1', 'o2']],
    ['$empty on currency matches NULL and 0', [{ amount: { $empty: '' } }], ['o3', 'o4']],
    ['a related field through a link', [{ 'accounts.name': { $starts: "O'B" } }], ['o1']],
    ['a related field with no related record is NULL', [{ 'accounts.name': { $is_null: '' } }], ['o4']],
    ['a relate field', [{ account_name: { $contains: 'ветер' } }], ['o3']],
    ['the $owner macro', [{ $owner: '' }], ['o1', 'o4']],
    ['$favorite selects nothing in the sandbox', [{ $favorite: '' }], []],
  ])('%s', async (_name, filter, expected) => {
    expect(await ids('Opportunities', filter)).toEqual(expected);
  });

  it('treats % and _ as LIKE wildcards when the instance is set to, as Sugar does', async () => {
    await start({ likeWildcards: true });
    expect(await ids('Accounts', [{ name: { $contains: '100%' } }])).toEqual(['a5', 'a7']);
    expect(await ids('Accounts', [{ name: { $starts: '_000' } }])).toEqual(['a7']);
  });

  it('reads the GET forms: bracketed filter[…] parameters and filter= JSON', async () => {
    const get = async (query: string) =>
      (await client.http.get<SugarPage>(`/Accounts/filter?${query}`)).data.records.map((record) => record['id']).sort();
    expect(await get(`filter[0][name][$starts]=${encodeURIComponent("O'B")}`)).toEqual(['a1']);
    expect(await get('filter[0][industry][$in][]=Retail&filter[0][industry][$in][]=Energy')).toEqual(['a2', 'a3']);
    expect(await get('filter[0][employee_count_c][$gt]=100&filter[1][name][$not_contains]=o.o')).toEqual(['a1', 'a3']);
    expect(await get('filter[0][$or][0][industry]=Energy&filter[0][$or][1][industry]=Retail')).toEqual(['a2', 'a3']);
    expect(await get(`filter=${encodeURIComponent(JSON.stringify([{ name: { $contains: '%' } }]))}`)).toEqual(['a5']);
    expect((await client.http.get<SugarPage>('/Accounts?filter[0][industry]=Retail')).data.records).toHaveLength(1);
  });
});

describe('Sugar sandbox: list arguments', () => {
  it('returns the mandatory fields with the ones asked for, and deleted records only when asked', async () => {
    const { data } = await client.http.post<SugarPage>('/Accounts/filter', {
      fields: 'name',
      filter: [{ industry: 'Retail' }],
    });
    expect(data).toEqual({
      next_offset: -1,
      records: [
        {
          id: 'a2',
          date_modified: stamp('2026-11-01'),
          assigned_user_id: SALLY,
          created_by: SALLY,
          locked_fields: [],
          name: 'Zażółć Sp. z o.o.',
          _acl: { fields: {} },
          _module: 'Accounts',
        },
      ],
    });
    const withDeleted = await client.http.post<SugarPage>('/Accounts/filter', {
      fields: 'name',
      filter: [{ industry: 'Retail' }],
      deleted: true,
    });
    expect(withDeleted.data.records.map((record) => [record['id'], record['deleted']])).toEqual([
      ['a2', false],
      ['a6', true],
    ]);
  });

  it('orders by order_by (default date_modified DESC), NULL first ascending', async () => {
    const order = async (orderBy?: string) =>
      (
        await client.http.post<SugarPage>('/Accounts/filter', orderBy === undefined ? {} : { order_by: orderBy })
      ).data.records.map((record) => record['id']);
    expect(await order()).toEqual(['a4', 'a1', 'a2', 'a3', 'a5', 'a7']);
    expect(await order('employee_count_c:ASC,name:DESC')).toEqual(['a4', 'a5', 'a7', 'a1', 'a2', 'a3']);
    expect(await order('employee_count_c:desc')).toEqual(['a3', 'a2', 'a1', 'a7', 'a5', 'a4']);
    expect(await order('name')).toEqual(['a5', 'a7', 'a1', 'a2', 'a3', 'a4']);
  });

  it('pages with max_num (default 20) until next_offset is -1, capped by max_list_limit', async () => {
    for (let i = 0; i < 45; i++) {
      await client.http.post('/Tasks', { name: `Follow-up ${String(i).padStart(2, '0')}` });
    }
    const first = await client.http.get<SugarPage>('/Tasks/filter');
    expect([first.data.records.length, first.data.next_offset]).toEqual([20, 20]);
    const paged = await fetchAll(client, '/Tasks/filter', { max_num: 10, order_by: 'name:ASC' });
    expect([paged.records.length, paged.pages]).toEqual([45, 5]);
    expect(paged.records.map((record) => record['name'])).toEqual(
      Array.from({ length: 45 }, (_, i) => `Follow-up ${String(i).padStart(2, '0')}`),
    );
    const last = await client.http.post<SugarPage>('/Tasks/filter', { max_num: 10, offset: 40 });
    expect([last.data.records.length, last.data.next_offset]).toEqual([5, -1]);

    await start({ maxListLimit: 7 });
    for (let i = 0; i < 15; i++) await client.http.post('/Tasks', { name: `T${String(i)}` });
    const capped = await client.http.post<SugarPage>('/Tasks/filter', { max_num: 1000 });
    expect([capped.data.records.length, capped.data.next_offset]).toEqual([7, 7]);
    expect((await fetchAll(client, '/Tasks/filter', { max_num: 1000 })).pages).toBe(3);
  });

  it('counts with /filter/count (GET and POST) and /count', async () => {
    const count = async (method: 'get' | 'post', path: string, body?: unknown) =>
      (await client.http.request<{ record_count: number }>({ method, url: path, data: body })).data;
    expect(await count('post', '/Accounts/filter/count', { filter: [{ industry: { $not_null: '' } }] })).toEqual({
      record_count: 5,
    });
    expect(await count('get', '/Accounts/filter/count?filter[0][industry]=Retail')).toEqual({ record_count: 1 });
    expect(await count('get', '/Accounts/count')).toEqual({ record_count: 6 });
  });
});

describe('Sugar sandbox: filter errors', () => {
  it.each([
    [[{ bogus: 'x' }], 'Unknown field bogus'],
    [[{ name: { $like: 'x' } }], 'Did not recognize the operand: $like'],
    [[{ name: { $in: 'x' } }], '$in requires an array'],
    [[{ employee_count_c: { $between: [1] } }], '$between requires an array with two values.'],
    [[{ 'widgets.name': 'x' }], 'Invalid link widgets for field name'],
    [[{ 'contacts.bogus': 'x' }], 'Unknown field bogus'],
    [[{ $not: [{ name: 'x' }] }], 'Unknown field $not'],
    [['name'], 'Did not recognize the definition: name'],
    ['name', 'Unexpected filter type string.'],
  ])('%j → 422 %s', async (filter, message) => {
    const response = await client.http.post<SugarErrorBody>('/Accounts/filter', { filter });
    expect([response.status, response.data]).toEqual([422, { error: 'invalid_parameter', error_message: message }]);
  });

  it('rejects an unknown order_by field', async () => {
    const response = await client.http.get<SugarErrorBody>('/Accounts/filter?order_by=bogus:DESC');
    expect([response.status, response.data]).toEqual([
      422,
      { error: 'invalid_parameter', error_message: 'Non existing field: bogus in module: Accounts' },
    ]);
  });
});
