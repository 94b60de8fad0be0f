import { Connection } from 'jsforce';
import { afterEach, describe, expect, it } from 'vitest';
import { startSalesforceSandbox, type SalesforceSandbox, type SalesforceSandboxOptions } from '@crm-journey/sandbox';

// What the Salesforce sandbox models on request the way a real org answers, and what it refuses with
// SANDBOX_UNSUPPORTED instead of answering as if the input were not there (docs/sandbox.md).

const VERSION = '62.0';
let sandbox: SalesforceSandbox | undefined;
afterEach(async () => {
  await sandbox?.close();
  sandbox = undefined;
});

async function start(options: SalesforceSandboxOptions = {}): Promise<{ org: SalesforceSandbox; conn: Connection }> {
  sandbox = await startSalesforceSandbox(options);
  const conn = new Connection({ instanceUrl: sandbox.url, accessToken: sandbox.accessToken, version: VERSION });
  return { org: sandbox, conn };
}

async function call(
  org: SalesforceSandbox,
  path: string,
  init: { method?: string; headers?: Record<string, string>; body?: string } = {},
): Promise<{ status: number; body: unknown }> {
  const response = await fetch(`${org.url}/services/data/v${VERSION}${path}`, {
    ...init,
    headers: { authorization: `Bearer ${org.accessToken}`, 'content-type': 'application/json', ...init.headers },
  });
  return { status: response.status, body: await response.json() };
}

describe('Salesforce sandbox: inputs it does not model are refused', () => {
  it('refuses a query parameter a route does not model, naming it', async () => {
    const { org, conn } = await start();
    const { id } = (await conn.sobject('Account').create({ Name: 'Acme' })) as { id: string };
    expect((await call(org, `/sobjects/Account/${id}?fields=Name`)).status).toBe(200);
    const refused = await call(org, `/sobjects/Account/${id}?fieldz=Name`);
    expect(refused.status).toBe(400);
    expect(refused.body).toEqual([
      {
        errorCode: 'SANDBOX_UNSUPPORTED',
        message: expect.stringContaining(
          'query parameter "fieldz" on GET /services/data/vXX.X/sobjects/:object/:id',
        ) as string,
      },
    ]);
    expect((await call(org, '/limits?verbose=true')).body).toMatchObject([{ errorCode: 'SANDBOX_UNSUPPORTED' }]);
  });

  it('answers a resource a real org has and the sandbox does not model with SANDBOX_UNSUPPORTED, not 404', async () => {
    const { org, conn } = await start();
    const tooling = await call(org, `/tooling/query?q=${encodeURIComponent('SELECT Id FROM ApexClass')}`);
    expect(tooling).toEqual({
      status: 400,
      body: [
        {
          errorCode: 'SANDBOX_UNSUPPORTED',
          message: expect.stringContaining(`GET /services/data/v${VERSION}/tooling/query`) as string,
        },
      ],
    });
    await expect(conn.apex.get('/crm-journey/v1/ping')).rejects.toMatchObject({ errorCode: 'SANDBOX_UNSUPPORTED' });
  });

  it('refuses Sforce-* headers it does not model and accepts the ones it does', async () => {
    const { org } = await start();
    const created = await call(org, '/sobjects/Account', {
      method: 'POST',
      headers: { 'Sforce-Auto-Assign': 'FALSE' },
      body: JSON.stringify({ Name: 'Acme' }),
    });
    expect(created.status).toBe(400);
    expect(JSON.stringify(created.body)).toContain('header \\"sforce-auto-assign\\"');
    expect(org.inspect.count('Account')).toBe(0);
    const query = await call(org, `/query?q=${encodeURIComponent('SELECT Id FROM Account')}`, {
      headers: { 'Sforce-Query-Options': 'batchSize=200', 'Sforce-Call-Options': 'client=crm-journey' },
    });
    expect(query.status).toBe(200);
  });
});

describe('Salesforce sandbox: query columns=true', () => {
  it('answers the column metadata sf data query reads, parent fields as join columns', async () => {
    const { conn } = await start();
    const soql = 'SELECT Id, Name, Owner.Name, Owner.Email, NumberOfEmployees FROM Account';
    const answer = await conn.request<Record<string, unknown>>(
      `/services/data/v${VERSION}/query?q=${encodeURIComponent(soql)}&columns=true`,
    );
    expect(answer).toMatchObject({ entityName: 'Account', idSelect: true, keyPrefix: '001', groupBy: false });
    const columns = answer['columnMetadata'] as {
      columnName: string;
      apexType: string | null;
      joinColumns: { displayName: string }[];
    }[];
    expect(columns.map((column) => [column.columnName, column.apexType])).toEqual([
      ['Id', 'Id'],
      ['Name', 'String'],
      ['Owner', null],
      ['NumberOfEmployees', 'Integer'],
    ]);
    expect(columns[2]?.joinColumns.map((column) => column.displayName)).toEqual(['Owner.Name', 'Owner.Email']);
    await expect(
      conn.request(`/services/data/v${VERSION}/query?q=${encodeURIComponent(soql)}&columns=yes`),
    ).rejects.toMatchObject({ errorCode: 'SANDBOX_UNSUPPORTED' });
  });
});

describe('Salesforce sandbox: getUpdated and getDeleted', () => {
  it('lists what changed and what was deleted in the span, to the minute', async () => {
    let now = Date.parse('2026-11-20T12:00:30Z');
    const { conn } = await start({ now: () => now });
    const created = (await conn.sobject('Account').create([{ Name: 'Kept' }, { Name: 'Gone' }])) as { id: string }[];
    const [kept, gone] = created.map((result) => result.id);
    now += 2 * 60_000;
    await conn.sobject('Account').destroy(gone ?? '');
    now += 2 * 60_000;
    const updated = await conn.sobject('Account').updated('2026-11-20T12:00:00Z', '2026-11-20T12:10:00Z');
    expect(updated.ids).toContain(kept);
    expect(updated.ids).not.toContain(gone);
    // End is never later than the last whole minute of the org's clock.
    expect(updated.latestDateCovered).toBe('2026-11-20T12:04:00.000+0000');
    const deleted = await conn.sobject('Account').deleted('2026-11-20T12:00:00Z', '2026-11-20T12:10:00Z');
    expect(deleted.deletedRecords).toEqual([{ id: gone, deletedDate: '2026-11-20T12:02:30.000+0000' }]);
    expect(deleted.earliestDateAvailable).toBe('2026-11-05T12:04:00.000+0000');
    // Seconds do not count: a span inside the minute of the creation holds it.
    expect((await conn.sobject('Account').updated('2026-11-20T12:00:59Z', '2026-11-20T12:01:00Z')).ids).toContain(kept);
    await expect(conn.sobject('Account').updated('2026-10-01T00:00:00Z', '2026-11-20T12:00:00Z')).rejects.toMatchObject(
      { errorCode: 'INVALID_REPLICATION_DATE' },
    );
    await expect(conn.sobject('Account').updated('2026-11-20T12:05:00Z', '2026-11-20T12:00:00Z')).rejects.toMatchObject(
      { errorCode: 'INVALID_REPLICATION_DATE' },
    );
  });
});

describe('Salesforce sandbox: the Metadata API under the organization id', () => {
  it('hands out /services/Soap/m/<version>/<org id> and serves it', async () => {
    const { org } = await start();
    const headers = { authorization: `Bearer ${org.accessToken}` };
    const identity = (await (await fetch(`${org.url}/services/oauth2/userinfo`, { headers })).json()) as {
      urls: Record<string, string>;
    };
    const orgId15 = org.orgId.slice(0, 15);
    expect(identity.urls['metadata']).toBe(`${org.url}/services/Soap/m/{version}/${orgId15}`);
    expect(identity.urls['partner']).toBe(`${org.url}/services/Soap/u/{version}/${orgId15}`);
    const envelope = (sessionId: string): string =>
      `<?xml version="1.0" encoding="UTF-8"?><soapenv:Envelope xmlns:soapenv="http://schemas.xmlsoap.org/soap/envelope/" xmlns="http://soap.sforce.com/2006/04/metadata"><soapenv:Header><SessionHeader><sessionId>${sessionId}</sessionId></SessionHeader></soapenv:Header><soapenv:Body><checkDeployStatus><asyncProcessId>0Af000000000000AAA</asyncProcessId><includeDetails>true</includeDetails></checkDeployStatus></soapenv:Body></soapenv:Envelope>`;
    const post = async (path: string): Promise<string> =>
      (
        await fetch(`${org.url}${path}`, {
          method: 'POST',
          headers: { 'content-type': 'text/xml', soapaction: '""' },
          body: envelope(org.accessToken),
        })
      ).text();
    const url = identity.urls['metadata']?.replace(org.url, '').replace('{version}', VERSION) ?? '';
    expect(await post(url)).toContain('INVALID_ID_FIELD: invalid deploy id');
    expect(await post(`/services/Soap/m/${VERSION}/00D000000000BAD`)).toContain('SANDBOX_UNSUPPORTED');
  });
});

describe('Salesforce sandbox: SOAP login', () => {
  it('logs jsforce in and hands out metadataServerUrl under the organization id, which the Metadata API serves', async () => {
    const { org } = await start();
    const conn = new Connection({ loginUrl: org.url, version: VERSION });
    const user = await conn.login(org.username, org.password);
    expect(user).toMatchObject({ id: org.userId, organizationId: org.orgId });
    expect((await conn.query('SELECT COUNT() FROM User')).totalSize).toBeGreaterThan(0);
    await expect(new Connection({ loginUrl: org.url, version: VERSION }).login(org.username, 'nope')).rejects.toThrow(
      /INVALID_LOGIN/,
    );

    const login = await (
      await fetch(`${org.url}/services/Soap/u/${VERSION}`, {
        method: 'POST',
        headers: { 'content-type': 'text/xml', soapaction: 'login' },
        body: `<?xml version="1.0" encoding="utf-8"?><soapenv:Envelope xmlns:soapenv="http://schemas.xmlsoap.org/soap/envelope/" xmlns="urn:partner.soap.sforce.com"><soapenv:Body><login><username>${org.username}</username><password>${org.password}</password></login></soapenv:Body></soapenv:Envelope>`,
      })
    ).text();
    const metadataUrl = /<metadataServerUrl>([^<]+)<\/metadataServerUrl>/.exec(login)?.[1];
    const sessionId = /<sessionId>([^<]+)<\/sessionId>/.exec(login)?.[1] ?? '';
    expect(metadataUrl).toBe(`${org.url}/services/Soap/m/${VERSION}/${org.orgId.slice(0, 15)}`);
    const status = await (
      await fetch(metadataUrl ?? '', {
        method: 'POST',
        headers: { 'content-type': 'text/xml', soapaction: '""' },
        body: `<?xml version="1.0" encoding="UTF-8"?><soapenv:Envelope xmlns:soapenv="http://schemas.xmlsoap.org/soap/envelope/" xmlns="http://soap.sforce.com/2006/04/metadata"><soapenv:Header><SessionHeader><sessionId>${sessionId}</sessionId></SessionHeader></soapenv:Header><soapenv:Body><checkDeployStatus><asyncProcessId>0Af000000000000AAA</asyncProcessId></checkDeployStatus></soapenv:Body></soapenv:Envelope>`,
      })
    ).text();
    expect(status).toContain('INVALID_ID_FIELD');
  });
});

describe('Salesforce sandbox: OAuth clients', () => {
  async function password(
    org: SalesforceSandbox,
    clientId: string,
    clientSecret: string,
  ): Promise<Record<string, unknown>> {
    const response = await fetch(`${org.url}/services/oauth2/token`, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({
        grant_type: 'password',
        client_id: clientId,
        client_secret: clientSecret,
        username: org.username,
        password: org.password,
      }),
    });
    return (await response.json()) as Record<string, unknown>;
  }

  it('accepts only the connected app it was started with', async () => {
    const { org } = await start({ client: { id: 'acme-app', secret: 's3cret' } });
    expect(await password(org, 'crm-journey', 's3cret')).toEqual({
      error: 'invalid_client_id',
      error_description: 'client identifier invalid',
    });
    expect(await password(org, 'acme-app', 'wrong')).toEqual({
      error: 'invalid_client',
      error_description: 'invalid client credentials',
    });
    expect(await password(org, 'acme-app', 's3cret')).toHaveProperty('access_token');
    const scoped = await fetch(`${org.url}/services/oauth2/token`, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({
        grant_type: 'client_credentials',
        client_id: 'acme-app',
        client_secret: 's3cret',
        scope: 'api',
      }),
    });
    expect(await scoped.json()).toMatchObject({ error: 'SANDBOX_UNSUPPORTED' });
    const conn = new Connection({
      loginUrl: org.url,
      version: VERSION,
      oauth2: { clientId: 'other', clientSecret: 'x', loginUrl: org.url },
    });
    await expect(conn.login(org.username, org.password)).rejects.toMatchObject({ name: 'invalid_client_id' });
  });
});
