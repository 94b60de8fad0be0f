// The Sugar sandbox's record endpoints over HTTP: CRUD, audit log, links, /bulk, metadata, the inspection
// API and the data file.
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import axios from 'axios';
import { afterEach, describe, expect, it } from 'vitest';
import { startSugarSandbox, type SugarSandbox } from '@crm-journey/sandbox';
import {
  AS_OF,
  connectSugar,
  testClock,
  type SugarClient,
  type SugarErrorBody,
  type SugarPage,
  type SugarRow,
} from './sugarcrm-support.ts';
import { repoFile } from './repo-file.ts';

let sugar: SugarSandbox | undefined;
afterEach(async () => {
  await sugar?.close();
  sugar = undefined;
});

async function start(clock = testClock(), extra: Parameters<typeof startSugarSandbox>[0] = {}): Promise<SugarClient> {
  sugar = await startSugarSandbox({ now: clock.now, ...extra });
  return connectSugar(sugar);
}

describe('Sugar sandbox: records', () => {
  it('creates (200, whole record), reads, updates and deletes, moving date_modified forward', async () => {
    const clock = testClock();
    const client = await start(clock);
    const created = await client.http.post<SugarRow>('/Tasks', {
      name: 'Call Anna back',
      date_due: '2026-11-21T17:00:00+02:00',
      journey_action_key_c: 'cj:demo:a1:purchase:s1:call',
      not_a_field: 'ignored',
    });
    expect(created.status).toBe(200);
    const id = String(created.data['id']);
    expect(id).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-5[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
    expect(created.data).toMatchObject({
      name: 'Call Anna back',
      status: 'Not Started',
      priority: 'Medium',
      date_due: '2026-11-21T15:00:00+00:00',
      date_entered: '2026-11-20T12:00:00+00:00',
      date_modified: '2026-11-20T12:00:00+00:00',
      assigned_user_id: '1',
      assigned_user_name: 'Administrator',
      journey_action_key_c: 'cj:demo:a1:purchase:s1:call',
      deleted: false,
      _module: 'Tasks',
    });
    expect(created.data).not.toHaveProperty('not_a_field');

    clock.advance(90_000);
    const updated = await client.http.put<SugarRow>(`/Tasks/${id}`, {
      status: 'Completed',
      date_modified: '2020-01-01',
    });
    expect(updated.data).toMatchObject({ status: 'Completed', date_modified: '2026-11-20T12:01:30+00:00' });
    const read = await client.http.get<SugarRow>(`/Tasks/${id}?fields=status`);
    expect(read.data).toMatchObject({ id, status: 'Completed' });
    expect(read.data).not.toHaveProperty('name');
    // An update answers with the record as a read would, `fields` included.
    const narrowed = await client.http.put<SugarRow>(`/Tasks/${id}?fields=id`, { priority: 'High' });
    expect(narrowed.data).toMatchObject({ id, date_modified: '2026-11-20T12:01:30+00:00' });
    expect(narrowed.data).not.toHaveProperty('priority');

    const removed = await client.http.delete<SugarRow>(`/Tasks/${id}`);
    expect(removed.data).toEqual({ id });
    const gone = await client.http.get<SugarErrorBody>(`/Tasks/${id}`);
    expect([gone.status, gone.data]).toEqual([
      404,
      { error: 'not_found', error_message: `Could not find record: ${id} in module: Tasks` },
    ]);
    expect((await client.http.put(`/Tasks/${id}`, { status: 'x' })).status).toBe(404);
    expect(sugar?.inspect.writes.map((write) => write.operation)).toEqual(['create', 'update', 'update', 'delete']);
  });

  it('keeps sales_status and probability in step with sales_stage, and audits the audited fields', async () => {
    const clock = testClock();
    const client = await start(clock);
    const { data } = await client.http.post<SugarRow>('/Opportunities', {
      name: 'Fleet tracking',
      sales_stage: 'Qualification',
      amount: 48000,
      date_closed: '2026-12-31',
    });
    const id = String(data['id']);
    expect(data).toMatchObject({ sales_status: 'In Progress', probability: 20, amount: '48000.000000' });
    clock.advance(60_000);
    await client.http.put(`/Opportunities/${id}`, { sales_stage: 'Closed Won', amount: '52000' });
    clock.advance(60_000);
    const won = await client.http.put<SugarRow>(`/Opportunities/${id}`, { next_step: 'Kick-off' });
    expect(won.data).toMatchObject({ sales_stage: 'Closed Won', sales_status: 'Closed Won', probability: 100 });
    const audit = await client.http.get<SugarPage>(`/Opportunities/${id}/audit`);
    expect(audit.data.next_offset).toBe(-1);
    const rows = audit.data.records.map((row) => [row['field_name'], row['before'], row['after'], row['date_created']]);
    expect(rows.sort()).toEqual([
      ['amount', '48000.000000', '52000.000000', '2026-11-20T12:01:00+00:00'],
      ['probability', 20, 100, '2026-11-20T12:01:00+00:00'],
      ['sales_stage', 'Qualification', 'Closed Won', '2026-11-20T12:01:00+00:00'],
    ]);
    expect(audit.data.records.find((row) => row['field_name'] === 'sales_stage')).toMatchObject({
      parent_id: id,
      created_by: '1',
      data_type: 'enum',
      event_action: 'update',
    });
    const page = await client.http.get<SugarPage>(`/Opportunities/${id}/audit?max_num=2`);
    expect([page.data.records.length, page.data.next_offset]).toEqual([2, 2]);
    expect((await client.http.get<SugarPage>('/Tasks/x/audit')).status).toBe(404);
  });

  it('follows, links and unlinks related records', async () => {
    const client = await start();
    const acme = String((await client.http.post<SugarRow>('/Accounts', { name: 'Acme' })).data['id']);
    const anna = String(
      (await client.http.post<SugarRow>('/Contacts', { first_name: 'Anna', last_name: 'Nowak' })).data['id'],
    );
    const call = String((await client.http.post<SugarRow>('/Calls', { name: 'Intro' })).data['id']);
    const linked = await client.http.post<{ record: SugarRow; related_record: SugarRow }>(
      `/Accounts/${acme}/link/contacts/${anna}`,
    );
    expect(linked.data.related_record).toMatchObject({
      id: anna,
      name: 'Anna Nowak',
      account_id: acme,
      account_name: 'Acme',
    });
    await client.http.post(`/Accounts/${acme}/link`, { link_name: 'calls', ids: [call] });
    const contacts = await client.http.get<SugarPage>(`/Accounts/${acme}/link/contacts?fields=name`);
    expect(contacts.data.records.map((record) => record['name'])).toEqual(['Anna Nowak']);
    const calls = await client.http.get<SugarPage>(`/Accounts/${acme}/link/calls`);
    expect(calls.data.records.map((record) => [record['parent_type'], record['parent_name']])).toEqual([
      ['Accounts', 'Acme'],
    ]);
    await client.http.delete(`/Accounts/${acme}/link/contacts/${anna}`);
    expect((await client.http.get<{ record_count: number }>(`/Accounts/${acme}/link/contacts/count`)).data).toEqual({
      record_count: 0,
    });
    const unknown = await client.http.get<SugarErrorBody>(`/Accounts/${acme}/link/widgets`);
    expect([unknown.status, unknown.data.error_message]).toEqual([404, 'Could not find a relationship named: widgets']);
  });

  it('accepts duplicate journey action keys, as Sugar has no unique index, and reports them', async () => {
    const client = await start();
    const key = 'cj:demo:a1:purchase:s1:call';
    await client.http.post('/Tasks', { name: 'First', journey_action_key_c: key });
    expect(sugar?.inspect.duplicateActionKeys()).toEqual({});
    const second = await client.http.post<SugarRow>('/Calls', { name: 'Second', journey_action_key_c: key });
    expect(second.status).toBe(200);
    expect(Object.keys(sugar?.inspect.duplicateActionKeys() ?? {})).toEqual([key]);
  });
});

describe('Sugar sandbox: /bulk', () => {
  it('runs sub-requests in order, each with its own status; a failure does not stop the batch', async () => {
    const client = await start();
    const response = await client.http.post<
      { contents: unknown; headers: unknown; status: number; status_text: string }[]
    >('/bulk', {
      requests: [
        { url: '/v11/Tasks', method: 'POST', data: JSON.stringify({ name: 'Bulk one' }) },
        { url: '/v11/Tasks/missing', method: 'PUT', data: '{"status":"Completed"}' },
        { url: '/v11/Tasks', method: 'POST', data: { name: 'Bulk two' } },
        { url: '/v9/Tasks', method: 'GET' },
        { url: '/v11/Tasks/filter', method: 'POST', data: '{"filter":[{"name":{"$starts":"Bulk"}}],"fields":"name"}' },
      ],
    });
    expect(response.status).toBe(200);
    expect(response.data.map((item) => [item.status, item.status_text])).toEqual([
      [200, 'OK'],
      [404, 'Not Found'],
      [200, 'OK'],
      [301, 'Moved Permanently'],
      [200, 'OK'],
    ]);
    expect(response.data[0]).toMatchObject({ contents: { name: 'Bulk one', _module: 'Tasks' }, headers: [] });
    expect(response.data[1]).toEqual({
      contents: { error: 'not_found', error_message: 'Could not find record: missing in module: Tasks' },
      headers: { 'Cache-Control': 'no-store' },
      status: 404,
      status_text: 'Not Found',
    });
    expect((response.data[4]?.contents as SugarPage).records).toHaveLength(2);
    expect(sugar?.inspect.count('Tasks')).toBe(2);
    expect(sugar?.inspect.callsByEndpoint()).toMatchObject({ 'POST /rest/v11/bulk': 1 });
  });

  it('refuses a batch with a request without url, before running any', async () => {
    const client = await start();
    const response = await client.http.post<SugarErrorBody>('/bulk', {
      requests: [{ url: '/v11/Tasks', method: 'POST', data: '{"name":"x"}' }, { method: 'GET' }],
    });
    expect([response.status, response.data]).toEqual([
      422,
      { error: 'missing_parameter', error_message: 'Invalid request - URL is missing' },
    ]);
    expect(sugar?.inspect.count('Tasks')).toBe(0);
  });
});

describe('Sugar sandbox: metadata', () => {
  it('describes modules, field types, dropdown names and the journey custom fields', async () => {
    const client = await start();
    const { data } = await client.http.get<{
      modules: Record<string, { fields: Record<string, Record<string, unknown>>; _hash: string }>;
      full_module_list: Record<string, string>;
      _hash: string;
    }>('/metadata?type_filter=modules,full_module_list&module_filter=Accounts,Tasks');
    expect(Object.keys(data.modules)).toEqual(['Accounts', 'Tasks']);
    expect(data.full_module_list).toMatchObject({ Leads: 'Leads', Meetings: 'Meetings', Users: 'Users' });
    expect(data).not.toHaveProperty('server_info');
    const accounts = data.modules['Accounts']?.fields ?? {};
    expect(accounts['industry']).toMatchObject({ name: 'industry', type: 'enum', options: 'industry_dom' });
    expect(accounts['journey_stage_c']).toMatchObject({
      type: 'varchar',
      source: 'custom_fields',
      custom_module: 'Accounts',
    });
    expect(accounts['journey_stage_entered_c']).toMatchObject({ type: 'datetime', source: 'custom_fields' });
    expect(accounts['journey_state_c']).toMatchObject({ source: 'custom_fields' });
    expect(accounts['contacts']).toMatchObject({ type: 'link', module: 'Contacts' });
    expect(data.modules['Tasks']?.fields['journey_action_key_c']).toMatchObject({
      type: 'varchar',
      source: 'custom_fields',
    });
    const all = await client.http.get<{ modules: Record<string, { fields: Record<string, unknown> }> }>('/metadata');
    for (const module of ['Contacts', 'Leads']) {
      expect(Object.keys(all.data.modules[module]?.fields ?? {})).toEqual(
        expect.arrayContaining(['journey_stage_c', 'journey_stage_entered_c', 'journey_state_c']),
      );
    }
    for (const module of ['Calls', 'Meetings']) {
      expect(all.data.modules[module]?.fields).toHaveProperty('journey_action_key_c');
    }
    expect(all.data.modules['Opportunities']?.fields['sales_stage']).toMatchObject({
      audited: true,
      options: 'sales_stage_dom',
    });
  });

  it('serves the dropdown values in app_list_strings at /lang/en_us', async () => {
    const client = await start();
    const { data } = await client.http.get<{ app_list_strings: Record<string, Record<string, string>> }>('/lang/en_us');
    expect(Object.keys(data.app_list_strings['sales_stage_dom'] ?? {})).toEqual([
      '',
      'Prospecting',
      'Qualification',
      'Needs Analysis',
      'Value Proposition',
      'Id. Decision Makers',
      'Perception Analysis',
      'Proposal/Price Quote',
      'Negotiation/Review',
      'Closed Won',
      'Closed Lost',
    ]);
    expect(data.app_list_strings['case_priority_dom']).toEqual({ '': '', P1: 'High', P2: 'Medium', P3: 'Low' });
  });
});

describe('Sugar sandbox: data and inspection', () => {
  it('loads a snapshot as it is, audit rows included', async () => {
    const snapshot = JSON.parse(
      await readFile(repoFile('fixtures', 'snapshots', 'sugarcrm-b2b.json'), 'utf8'),
    ) as Record<string, SugarRow[]>;
    const client = await start(testClock(), { records: snapshot });
    expect(sugar?.inspect.count('Opportunities')).toBe(snapshot['Opportunities']?.length);
    const opportunity = snapshot['Opportunities']?.[0] ?? {};
    const audit = await client.http.get<SugarPage>(`/Opportunities/${String(opportunity['id'])}/audit`);
    expect(audit.data.records.length).toBeGreaterThan(0);
    const { data } = await client.http.get<SugarRow>(`/Opportunities/${String(opportunity['id'])}`);
    expect(data).toMatchObject({ name: opportunity['name'], account_name: 'Kowalski Logistyka sp. z o.o.' });
  });

  it('serves the inspection API apart from the CRM surface, with ids folded in callsByEndpoint', async () => {
    const client = await start();
    const id = String((await client.http.post<SugarRow>('/Accounts', { name: 'Acme' })).data['id']);
    await client.http.get(`/Accounts/${id}`);
    await client.http.get(`/Accounts/${id}/link/contacts`);
    const url = sugar?.url ?? '';
    const stats = await axios.get<{ counts: Record<string, number>; callsByEndpoint: Record<string, number> }>(
      `${url}/__sandbox/stats`,
    );
    expect(stats.data.counts['Accounts']).toBe(1);
    expect(stats.data.callsByEndpoint).toEqual({
      'POST /rest/v11/oauth2/token': 1,
      'POST /rest/v11/Accounts': 1,
      'GET /rest/v11/Accounts/:id': 1,
      'GET /rest/v11/Accounts/:id/link/contacts': 1,
    });
    expect((await axios.get<SugarRow[]>(`${url}/__sandbox/records/Accounts`)).data.map((row) => row['name'])).toEqual([
      'Acme',
    ]);
    expect((await axios.get<unknown[]>(`${url}/__sandbox/writes`)).data).toHaveLength(1);
    sugar?.inspect.resetLog();
    expect([sugar?.inspect.requests.length, sugar?.inspect.writes.length]).toEqual([0, 0]);
  });

  it('keeps the instance in its data file across a restart', async () => {
    const directory = await mkdtemp(join(tmpdir(), 'sugar-sandbox-'));
    const dataFile = join(directory, 'sugar.json');
    try {
      const client = await start(testClock(), { dataFile });
      const id = String(
        (await client.http.post<SugarRow>('/Leads', { last_name: 'Ахмедов', status: 'New' })).data['id'],
      );
      sugar?.update('Leads', id, { status: 'In Process' });
      await sugar?.close();
      sugar = await startSugarSandbox({ dataFile, now: () => AS_OF + 60_000 });
      const again = await connectSugar(sugar);
      const { data } = await again.http.get<SugarRow>(`/Leads/${id}`);
      expect(data).toMatchObject({ last_name: 'Ахмедов', status: 'In Process' });
      expect((await again.http.get<SugarPage>(`/Leads/${id}/audit`)).data.records).toHaveLength(1);
      const next = String((await again.http.post<SugarRow>('/Leads', { last_name: 'Second' })).data['id']);
      expect(next).not.toBe(id);
    } finally {
      await sugar?.close();
      sugar = undefined;
      await rm(directory, { recursive: true, force: true });
    }
  });
});
