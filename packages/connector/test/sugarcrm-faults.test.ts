// Seeded faults as the Sugar sandbox renders them: 429, 500/503, an expired session the client must
// refresh, a failed write inside /bulk; kinds Sugar has no shape for are not injected.
import axios from 'axios';
import { afterEach, describe, expect, it } from 'vitest';
import { parseFaultSpec, startSugarSandbox, type SugarSandbox } from '@crm-journey/sandbox';
import { connectSugar, passwordGrant, type SugarErrorBody, type SugarToken } from './sugarcrm-support.ts';

let sugar: SugarSandbox | undefined;
afterEach(async () => {
  await sugar?.close();
  sugar = undefined;
});

const withFaults = async (spec: string, seed: string | number = 7): Promise<SugarSandbox> =>
  (sugar = await startSugarSandbox({ faults: { seed, rules: parseFaultSpec(spec) } }));

describe('Sugar sandbox: faults', () => {
  it('renders rate-limited as 429 with a Sugar-style body and Retry-After', async () => {
    const client = await connectSugar(await withFaults('rate-limited:1@GET /rest/v11/Accounts'));
    const response = await client.http.get<SugarErrorBody>('/Accounts');
    expect([response.status, response.data, response.headers['retry-after']]).toEqual([
      429,
      { error: 'too_many_requests', error_message: 'Too many requests. Please try again later.' },
      '1',
    ]);
    expect(sugar?.faults?.injected.map((fault) => fault.kind)).toEqual(['rate-limited']);
  });

  it('renders server-error as Sugar’s 500 fatal_error and 503 service_unavailable', async () => {
    const client = await connectSugar(await withFaults('server-error:1@/Accounts'));
    const first = await client.http.get<SugarErrorBody>('/Accounts');
    const second = await client.http.get<SugarErrorBody>('/Accounts');
    expect([first.status, first.data.error, second.status, second.data.error]).toEqual([
      500,
      'fatal_error',
      503,
      'service_unavailable',
    ]);
  });

  it('expires the session for real on session-expired, so the client refreshes and retries', async () => {
    const client = await connectSugar(await withFaults('session-expired:0.3@GET /rest/v11/Accounts', 'expiry'));
    const before = client.token.access_token;
    for (let i = 0; i < 10; i++) expect((await client.http.get('/Accounts')).status).toBe(200);
    expect(client.refreshes).toBeGreaterThan(0);
    expect(sugar?.faults?.injected.every((fault) => fault.kind === 'session-expired')).toBe(true);
    const stale = await axios.get<SugarErrorBody>(`${sugar?.url ?? ''}/rest/v11/me`, {
      validateStatus: () => true,
      headers: { 'OAuth-Token': before },
    });
    expect(stale.data).toEqual({ error: 'invalid_grant', error_message: 'The access token provided has expired.' });
  });

  it('fails the first write of a /bulk on row-lock, as a database error, and runs the rest', async () => {
    const client = await connectSugar(await withFaults('row-lock:1@/bulk'));
    const { data } = await client.http.post<{ status: number; contents: SugarErrorBody }[]>('/bulk', {
      requests: [
        { url: '/v11/Tasks/filter', method: 'GET' },
        { url: '/v11/Tasks', method: 'POST', data: '{"name":"one"}' },
        { url: '/v11/Tasks', method: 'POST', data: '{"name":"two"}' },
      ],
    });
    expect(data.map((item) => item.status)).toEqual([200, 500, 200]);
    expect(data[1]?.contents.error).toBe('db_error');
    expect(sugar?.inspect.count('Tasks')).toBe(1);
  });

  it('does not inject faults Sugar has no shape for, nor on the token endpoint or the inspection API', async () => {
    await withFaults('limit-exceeded:1,session-expired:1@/oauth2/token,server-error:1@/__sandbox');
    const url = sugar?.url ?? '';
    const token = await axios.post<SugarToken>(`${url}/rest/v11/oauth2/token`, passwordGrant(sugar as SugarSandbox));
    const accounts = await axios.get(`${url}/rest/v11/Accounts`, {
      headers: { 'OAuth-Token': token.data.access_token },
    });
    expect([token.status, accounts.status]).toEqual([200, 200]);
    expect((await axios.get(`${url}/__sandbox/stats`)).status).toBe(200);
    // The schedule drew these faults, but the server dropped them (FaultSchedule.injected still lists them).
    expect(sugar?.inspect.requests.map((request) => request.fault)).toEqual([undefined, undefined]);
  });

  it('replays the same faults from the same seed', async () => {
    const run = async (): Promise<number[]> => {
      const client = await connectSugar(await withFaults('server-error:0.3,rate-limited:0.2', 'replay-17'));
      const statuses: number[] = [];
      for (let i = 0; i < 15; i++) statuses.push((await client.http.get('/Accounts')).status);
      await sugar?.close();
      sugar = undefined;
      return statuses;
    };
    const first = await run();
    expect(new Set(first).size).toBeGreaterThan(1);
    expect(await run()).toEqual(first);
  });
});
