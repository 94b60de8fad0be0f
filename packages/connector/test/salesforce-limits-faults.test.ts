import { Connection } from 'jsforce';
import { afterEach, describe, expect, it } from 'vitest';
import {
  seededRandom,
  startSalesforceSandbox,
  type SalesforceSandbox,
  type SalesforceSandboxOptions,
} from '@crm-journey/sandbox';

const VERSION = '62.0';

let sandbox: SalesforceSandbox | undefined;
afterEach(async () => {
  await sandbox?.close();
  sandbox = undefined;
});

async function connect(options: SalesforceSandboxOptions = {}): Promise<{ conn: Connection; org: SalesforceSandbox }> {
  sandbox = await startSalesforceSandbox(options);
  return {
    conn: new Connection({ instanceUrl: sandbox.url, accessToken: sandbox.accessToken, version: VERSION }),
    org: sandbox,
  };
}

/** The first seed whose schedule (one rule, one draw per request) faults the first request and not the second. */
function seedFaultingOnlyTheFirstCall(rate: number): number {
  for (let seed = 0; ; seed++) {
    const random = seededRandom(seed);
    if (random() < rate && random() >= rate) return seed;
  }
}

const statuses = (org: SalesforceSandbox): string[] =>
  org.inspect.requests.map((entry) => `${entry.method} ${entry.path} ${entry.status}`);

describe('Salesforce sandbox: limits and faults', () => {
  it('reports usage in Sforce-Limit-Info and /limits, and answers 403 REQUEST_LIMIT_EXCEEDED once the allowance is spent', async () => {
    let now = Date.parse('2026-11-20T12:00:00Z');
    const { conn, org } = await connect({ apiLimit: 3, now: () => now });
    const limits = await conn.limits();
    expect(limits['DailyApiRequests']).toEqual({ Max: 3, Remaining: 2 });
    expect(limits['DailyBulkV2QueryJobs']).toEqual({ Max: 10000, Remaining: 10000 });
    expect(conn.limitInfo).toEqual({ apiUsage: { used: 1, limit: 3 } });
    await conn.query('SELECT Id FROM User');
    await conn.query('SELECT Id FROM User');
    expect(conn.limitInfo.apiUsage).toEqual({ used: 3, limit: 3 });
    await expect(conn.query('SELECT Id FROM User')).rejects.toMatchObject({
      errorCode: 'REQUEST_LIMIT_EXCEEDED',
      message: 'TotalRequests Limit exceeded.',
      data: { errorCode: 'REQUEST_LIMIT_EXCEEDED', message: 'TotalRequests Limit exceeded.' },
    });
    const response = await fetch(`${org.url}/services/data/v${VERSION}/limits`, {
      headers: { authorization: `Bearer ${org.accessToken}` },
    });
    expect([response.status, response.headers.get('sforce-limit-info')]).toEqual([403, 'api-usage=3/3']);
    // The allowance is a rolling 24 hours.
    now += 25 * 60 * 60 * 1000;
    expect((await conn.query('SELECT COUNT() FROM User')).totalSize).toBe(3);
  });

  it('lets jsforce retry a GET that met a 503, and answers the next server errors as 500 and an HTML 503', async () => {
    const seed = seedFaultingOnlyTheFirstCall(0.5);
    const { conn, org } = await connect({
      faults: { seed, rules: [{ kind: 'server-error', rate: 0.5, route: '/limits' }] },
    });
    expect((await conn.limits())['DailyApiRequests']?.Max).toBe(100_000);
    expect(statuses(org)).toEqual([
      `GET /services/data/v${VERSION}/limits 503`,
      `GET /services/data/v${VERSION}/limits 200`,
    ]);
    expect(org.faults?.injected).toHaveLength(1);

    await org.close();
    const next = await connect({ faults: { seed: 1, rules: [{ kind: 'server-error', rate: 1, route: '/limits' }] } });
    const headers = { authorization: `Bearer ${next.org.accessToken}` };
    const shapes = [];
    for (let i = 0; i < 3; i++) {
      const response = await fetch(`${next.org.url}/services/data/v${VERSION}/limits`, { headers });
      shapes.push([response.status, response.headers.get('content-type'), (await response.text()).slice(0, 40)]);
    }
    expect(shapes).toEqual([
      [503, 'application/json;charset=UTF-8', '[{"message":"Server is unavailable. Plea'],
      [500, 'application/json;charset=UTF-8', '[{"message":"An unexpected error occurre'],
      [503, 'text/html', '<html><head><title>Service Unavailable</'],
    ]);
  });

  it('answers a rate-limited fault with the concurrent-request 403, which jsforce does not retry', async () => {
    const { conn, org } = await connect({
      faults: { seed: 3, rules: [{ kind: 'rate-limited', rate: 1, route: '/query' }] },
    });
    await expect(conn.query('SELECT Id FROM User')).rejects.toMatchObject({
      errorCode: 'REQUEST_LIMIT_EXCEEDED',
      message: 'ConcurrentPerOrgLongTxn Limit exceeded.',
    });
    expect(statuses(org)).toEqual([`GET /services/data/v${VERSION}/query 403`]);
  });

  it('serves the inspection API apart from the CRM surface: no session, not counted, not logged', async () => {
    const { conn, org } = await connect();
    await conn.sobject('Account').create({ Name: 'Inspected' });
    const stats = (await (await fetch(`${org.url}/__sandbox/stats`)).json()) as Record<string, unknown>;
    expect(stats).toMatchObject({
      crm: 'salesforce',
      counts: { Account: 1, User: 3, Organization: 1 },
      apiUsage: { used: 1, limit: 100_000 },
      requests: 1,
      writes: 1,
      callsByEndpoint: { [`POST /services/data/v${VERSION}/sobjects/Account`]: 1 },
    });
    const accounts = (await (await fetch(`${org.url}/__sandbox/records/Account`)).json()) as { Name: string }[];
    expect(accounts.map((account) => account.Name)).toEqual(['Inspected']);
    const writes = (await (await fetch(`${org.url}/__sandbox/writes`)).json()) as unknown[];
    expect(writes).toEqual([
      {
        at: expect.any(String) as string,
        operation: 'create',
        object: 'Account',
        id: expect.stringMatching(/^001/) as string,
        fields: { Name: 'Inspected' },
      },
    ]);
    expect(org.inspect.requests).toHaveLength(1);
    org.inspect.resetLog();
    expect([org.inspect.requests.length, org.inspect.writes.length, org.inspect.count('Account')]).toEqual([0, 0, 1]);
  });
});
