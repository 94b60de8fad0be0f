import { createHmac, generateKeyPairSync, sign } from 'node:crypto';
import { Connection } from 'jsforce';
import { afterEach, describe, expect, it } from 'vitest';
import { startSalesforceSandbox, type SalesforceSandbox, type SalesforceSandboxOptions } from '@crm-journey/sandbox';

const VERSION = '62.0';
const CLIENT = { clientId: 'crm-journey-connected-app', clientSecret: 'shh' };

let sandbox: SalesforceSandbox | undefined;
afterEach(async () => {
  await sandbox?.close();
  sandbox = undefined;
});

async function start(options: SalesforceSandboxOptions = {}): Promise<SalesforceSandbox> {
  sandbox = await startSalesforceSandbox(options);
  return sandbox;
}

async function token(
  org: SalesforceSandbox,
  params: Record<string, string>,
): Promise<{ status: number; body: Record<string, unknown> }> {
  const response = await fetch(`${org.url}/services/oauth2/token`, {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams(params),
  });
  return { status: response.status, body: (await response.json()) as Record<string, unknown> };
}

function jwt(payload: Record<string, unknown>, privateKey: string): string {
  const part = (value: object): string => Buffer.from(JSON.stringify(value)).toString('base64url');
  const unsigned = `${part({ alg: 'RS256', typ: 'JWT' })}.${part(payload)}`;
  return `${unsigned}.${sign('RSA-SHA256', Buffer.from(unsigned), privateKey).toString('base64url')}`;
}

describe('Salesforce sandbox: OAuth and sessions', () => {
  it('lists API versions without a session, as GET /services/data does', async () => {
    const org = await start();
    const response = await fetch(`${org.url}/services/data`);
    const versions = (await response.json()) as { version: string; url: string; label: string }[];
    expect(response.status).toBe(200);
    expect(response.headers.get('sforce-limit-info')).toBeNull();
    expect(versions.map((v) => v.version)).toContain('51.0');
    expect(versions.at(-1)).toEqual({ label: "Spring '26", url: '/services/data/v66.0', version: '66.0' });
    expect(
      (
        await fetch(`${org.url}/services/data/v99.0/limits`, {
          headers: { authorization: `Bearer ${org.accessToken}` },
        })
      ).status,
    ).toBe(404);
  });

  it('answers the password grant with a signed token response and a refresh token', async () => {
    const org = await start({ username: 'ops@example.com', password: 'p4ss' });
    const { status, body } = await token(org, {
      grant_type: 'password',
      client_id: CLIENT.clientId,
      client_secret: CLIENT.clientSecret,
      username: 'OPS@example.com',
      password: 'p4ss',
    });
    expect(status).toBe(200);
    expect(body).toMatchObject({
      instance_url: org.url,
      id: `${org.url}/id/${org.orgId}/${org.userId}`,
      token_type: 'Bearer',
      access_token: expect.stringMatching(/^00D\w{12}!/) as string,
      refresh_token: expect.any(String) as string,
    });
    const expected = createHmac('sha256', CLIENT.clientSecret)
      .update(`${String(body['id'])}${String(body['issued_at'])}`)
      .digest('base64');
    expect(body['signature']).toBe(expected);

    const wrong = await token(org, {
      grant_type: 'password',
      ...{ client_id: CLIENT.clientId, client_secret: CLIENT.clientSecret },
      username: 'ops@example.com',
      password: 'nope',
    });
    expect(wrong).toEqual({
      status: 400,
      body: { error: 'invalid_grant', error_description: 'authentication failure' },
    });
    // A consumer key the org has no connected app for is refused before the password is looked at.
    const unknownClient = await token(org, {
      grant_type: 'password',
      ...{ client_id: 'x', client_secret: 'y' },
      username: 'ops@example.com',
      password: 'p4ss',
    });
    expect(unknownClient).toEqual({
      status: 400,
      body: { error: 'invalid_client_id', error_description: 'client identifier invalid' },
    });
    expect((await token(org, { grant_type: 'magic' })).body).toEqual({
      error: 'unsupported_grant_type',
      error_description: 'grant type not supported',
    });
  });

  it('rejects data calls without a valid token with 401 INVALID_SESSION_ID, and userinfo with 403', async () => {
    const org = await start();
    for (const headers of [{}, { authorization: 'Bearer 00Dnope!AQxyz' }]) {
      const response = await fetch(`${org.url}/services/data/v${VERSION}/limits`, { headers });
      expect(response.status).toBe(401);
      expect(await response.json()).toEqual([
        { message: 'Session expired or invalid', errorCode: 'INVALID_SESSION_ID' },
      ]);
    }
    const userinfo = await fetch(`${org.url}/services/oauth2/userinfo`, { headers: { authorization: 'Bearer bad' } });
    expect([userinfo.status, await userinfo.text()]).toEqual([403, 'Bad_OAuth_Token']);
    const conn = new Connection({ instanceUrl: org.url, accessToken: 'bad', version: VERSION });
    await expect(conn.query('SELECT Id FROM Account')).rejects.toMatchObject({ errorCode: 'INVALID_SESSION_ID' });
  });

  it('makes jsforce refresh its token after a session-expired fault, and the old token stays dead', async () => {
    const org = await start({
      faults: { seed: 1, rules: [{ kind: 'session-expired', rate: 1, route: 'GET /services/data/v62.0/query' }] },
    });
    const login = await token(org, {
      grant_type: 'password',
      ...{ client_id: CLIENT.clientId, client_secret: CLIENT.clientSecret },
      username: org.username,
      password: org.password,
    });
    const conn = new Connection({
      oauth2: { ...CLIENT, loginUrl: org.url },
      instanceUrl: org.url,
      accessToken: String(login.body['access_token']),
      refreshToken: String(login.body['refresh_token']),
      version: VERSION,
    });
    const refreshed: string[] = [];
    conn.on('refresh', (accessToken: string) => {
      refreshed.push(accessToken);
      org.faults?.disable();
    });
    const result = await conn.query<{ Username: string }>(
      'SELECT Username FROM User WHERE IsActive = true ORDER BY Username',
    );
    expect(result.records.map((user) => user.Username)).toContain(org.username);
    expect(refreshed).toHaveLength(1);
    expect(refreshed[0]).not.toBe(login.body['access_token']);
    expect(org.inspect.requests.map((entry) => `${entry.method} ${entry.path} ${entry.status}`)).toEqual([
      'POST /services/oauth2/token 200',
      'GET /services/data/v62.0/query 401',
      'POST /services/oauth2/token 200',
      'GET /services/data/v62.0/query 200',
    ]);
    const old = await fetch(`${org.url}/services/data/v${VERSION}/limits`, {
      headers: { authorization: `Bearer ${String(login.body['access_token'])}` },
    });
    expect(old.status).toBe(401);
  });

  it('ends OAuth sessions after two idle hours on the sandbox clock, but not the fixed token', async () => {
    let now = Date.parse('2026-11-20T12:00:00Z');
    const org = await start({ now: () => now, accessToken: '00DFIXED!token' });
    const login = await token(org, {
      grant_type: 'password',
      ...{ client_id: CLIENT.clientId, client_secret: CLIENT.clientSecret },
      username: org.username,
      password: org.password,
    });
    const call = async (accessToken: string): Promise<number> =>
      (
        await fetch(`${org.url}/services/data/v${VERSION}/limits`, {
          headers: { authorization: `Bearer ${accessToken}` },
        })
      ).status;
    expect(await call(String(login.body['access_token']))).toBe(200);
    now += 3 * 60 * 60 * 1000;
    expect(await call(String(login.body['access_token']))).toBe(401);
    expect(await call('00DFIXED!token')).toBe(200);
    const refreshed = await token(org, {
      grant_type: 'refresh_token',
      client_id: CLIENT.clientId,
      refresh_token: String(login.body['refresh_token']),
    });
    expect(await call(String(refreshed.body['access_token']))).toBe(200);
    expect(refreshed.body['refresh_token']).toBeUndefined();
  });

  it('accepts a JWT bearer assertion for the sandbox user, checking the RS256 signature when it has the key', async () => {
    const { privateKey, publicKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
    const pem = privateKey.export({ type: 'pkcs8', format: 'pem' }).toString();
    const org = await start({ jwtPublicKey: publicKey.export({ type: 'spki', format: 'pem' }).toString() });
    const claims = {
      iss: CLIENT.clientId,
      sub: org.username,
      aud: 'https://login.salesforce.com',
      exp: Math.floor(Date.now() / 1000) + 180,
    };
    const conn = new Connection({ loginUrl: org.url, version: VERSION });
    const user = await conn.authorize({
      grant_type: 'urn:ietf:params:oauth:grant-type:jwt-bearer',
      assertion: jwt(claims, pem),
    });
    expect(user).toMatchObject({ id: org.userId, organizationId: org.orgId });
    expect(conn.refreshToken).toBeUndefined();
    expect((await conn.query('SELECT COUNT() FROM User')).totalSize).toBe(3);

    const other = generateKeyPairSync('rsa', { modulusLength: 2048 })
      .privateKey.export({ type: 'pkcs8', format: 'pem' })
      .toString();
    const rejected = async (assertion: string): Promise<unknown> =>
      (await token(org, { grant_type: 'urn:ietf:params:oauth:grant-type:jwt-bearer', assertion })).body;
    expect(await rejected(jwt(claims, other))).toEqual({
      error: 'invalid_grant',
      error_description: 'invalid assertion',
    });
    expect(await rejected(jwt({ ...claims, sub: 'someone@else.com' }, pem))).toMatchObject({
      error_description: "user hasn't approved this consumer",
    });
    expect(await rejected(jwt({ ...claims, aud: 'https://evil.example' }, pem))).toMatchObject({
      error_description: 'audience is invalid',
    });
    await expect(
      new Connection({ loginUrl: org.url }).authorize({
        grant_type: 'urn:ietf:params:oauth:grant-type:jwt-bearer',
        assertion: 'x.y.z',
      }),
    ).rejects.toMatchObject({ name: 'invalid_grant', message: 'invalid assertion' });
  });

  it('serves userinfo and the identity URL for the session user', async () => {
    const org = await start();
    const headers = { authorization: `Bearer ${org.accessToken}` };
    const info = (await (await fetch(`${org.url}/services/oauth2/userinfo`, { headers })).json()) as Record<
      string,
      unknown
    >;
    expect(info).toMatchObject({ user_id: org.userId, organization_id: org.orgId, preferred_username: org.username });
    const conn = new Connection({ instanceUrl: org.url, accessToken: org.accessToken, version: VERSION });
    const user = await conn.sobject('User').retrieve(org.userId);
    expect(user['Username']).toBe(org.username);
    const identity = (await (await fetch(`${org.url}/id/${org.orgId}/${org.userId}`, { headers })).json()) as Record<
      string,
      unknown
    >;
    expect(identity).toMatchObject({ user_id: org.userId, username: org.username, organization_id: org.orgId });
  });
});
