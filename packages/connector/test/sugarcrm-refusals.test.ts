// The Sugar sandbox's `q` search and its refusal of arguments it does not model, over HTTP with axios.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { startSugarSandbox, type SugarSandbox } from '@crm-journey/sandbox';
import { connectSugar, type SugarClient, type SugarErrorBody, type SugarPage } from './sugarcrm-support.ts';

let sugar: SugarSandbox;
let client: SugarClient;

beforeEach(async () => {
  sugar = await startSugarSandbox({
    records: {
      Accounts: [
        { id: 'a1', name: 'Acme Corp', industry: 'Retail' },
        { id: 'a2', name: 'acme Logistics', industry: 'Transportation' },
        { id: 'a3', name: 'Beta Acme', industry: 'Retail' },
      ],
      Contacts: [
        { id: 'c1', first_name: 'Anna', last_name: 'Smith' },
        { id: 'c2', first_name: 'Smitha', last_name: 'Rao' },
        { id: 'c3', first_name: 'Piotr', last_name: 'Nowak' },
      ],
    },
  });
  client = await connectSugar(sugar);
});
afterEach(async () => {
  await sugar.close();
});

const ids = (page: SugarPage): string[] => page.records.map((record) => String(record['id'])).sort();

describe('Sugar sandbox: q', () => {
  it('matches the start of the module’s search fields, any of them, and ANDs with the filter', async () => {
    const found = await client.http.get<SugarPage>('/Accounts', { params: { q: 'acme', fields: 'name' } });
    expect(found.status).toBe(200);
    expect(ids(found.data)).toEqual(['a1', 'a2']);
    const filtered = await client.http.post<SugarPage>('/Accounts/filter', {
      q: 'acme',
      filter: [{ industry: 'Retail' }],
    });
    expect(ids(filtered.data)).toEqual(['a1']);
    const people = await client.http.get<SugarPage>('/Contacts/filter', { params: { q: 'smi' } });
    expect(ids(people.data)).toEqual(['c1', 'c2']);
    const counted = await client.http.get<{ record_count: number }>('/Accounts/count', { params: { q: 'acme' } });
    expect(counted.data.record_count).toBe(2);
  });

  it('refuses a q it cannot search as Sugar does: email addresses, full names', async () => {
    for (const [module, q] of [
      ['Accounts', 'info@acme.com'],
      ['Contacts', 'Anna Smith'],
    ] as const) {
      const response = await client.http.get<SugarErrorBody>(`/${module}`, { params: { q } });
      expect(response.status).toBe(400);
      expect(response.data.error).toBe('SANDBOX_UNSUPPORTED');
      expect(response.data.error_message).toContain(q);
    }
  });
});

describe('Sugar sandbox: arguments it does not model', () => {
  it('refuses an unknown query-string or filter-body argument, naming it', async () => {
    const view = await client.http.get<SugarErrorBody>('/Accounts', { params: { view: 'list' } });
    expect(view.status).toBe(400);
    expect(view.data).toEqual({
      error: 'SANDBOX_UNSUPPORTED',
      error_message: expect.stringContaining('"view" on GET /rest/<version>/Accounts') as string,
    });
    const favorites = await client.http.post<SugarErrorBody>('/Accounts/filter', { favorites: true, max_num: 5 });
    expect(favorites.data.error_message).toContain('body argument "favorites"');
    const erased = await client.http.get<SugarErrorBody>('/Accounts/a1', { params: { erased_fields: true } });
    expect(erased.data.error).toBe('SANDBOX_UNSUPPORTED');
    expect((await client.http.get('/Accounts/a1', { params: { fields: 'name' } })).status).toBe(200);
    const search = await client.http.get<SugarErrorBody>('/globalsearch', { params: { q: 'acme' } });
    expect(search.status).toBe(400);
    expect(search.data.error_message).toContain('the endpoint GET /rest/<version>/globalsearch');
    const hashed = await client.http.get<SugarErrorBody>('/Accounts/a1', { headers: { 'X-Metadata-Hash': 'abc' } });
    expect(hashed.data.error_message).toContain('"x-metadata-hash"');
    // A record's fields in a create body are fields, not arguments.
    expect((await client.http.post('/Accounts', { name: 'Gamma', industry: 'Retail' })).status).toBe(200);
  });
});
