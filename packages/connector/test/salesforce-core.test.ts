// @salesforce/core against the sandbox: it writes auth files under ~/.sfdx and ~/.sf, so HOME points at a
// temporary directory and the generic keychain (a key file there) replaces the OS keychain.
import { generateKeyPairSync } from 'node:crypto';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type * as Sf from '@salesforce/core';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { startSalesforceSandbox, type SalesforceSandbox, type SalesforceSandboxOptions } from '@crm-journey/sandbox';

type Core = typeof Sf;

const saved = { ...process.env };
const home = mkdtempSync(join(tmpdir(), 'crm-journey-sfcore-'));
let core: Core;
let sandbox: SalesforceSandbox | undefined;

beforeAll(async () => {
  Object.assign(process.env, {
    HOME: home,
    SF_USE_GENERIC_UNIX_KEYCHAIN: 'true',
    SF_DISABLE_LOG_FILE: 'true',
    SF_DISABLE_TELEMETRY: 'true',
    SF_DISABLE_DNS_CHECK: 'true',
  });
  core = await import('@salesforce/core');
});
afterEach(async () => {
  await sandbox?.close();
  sandbox = undefined;
});
afterAll(() => {
  process.env = saved;
  rmSync(home, { recursive: true, force: true });
});

async function start(options: SalesforceSandboxOptions): Promise<SalesforceSandbox> {
  sandbox = await startSalesforceSandbox(options);
  return sandbox;
}

describe('Salesforce sandbox: @salesforce/core', () => {
  it('logs in with an access token: userinfo, the User record, then the newest API version', async () => {
    const org = await start({ username: 'core-token@crm-journey.sandbox' });
    const authInfo = await core.AuthInfo.create({
      accessTokenOptions: { accessToken: org.accessToken, instanceUrl: org.url, loginUrl: org.url },
    });
    expect(authInfo.getUsername()).toBe(org.username);
    expect(authInfo.getFields()).toMatchObject({ orgId: org.orgId, isDevHub: false, orgEdition: 'Enterprise Edition' });
    const conn = await core.Connection.create({ authInfo });
    expect(conn.getApiVersion()).toBe('66.0');
    const users = await conn.query<{ Username: string }>('SELECT Username FROM User ORDER BY Username');
    expect(users.records.map((user) => user.Username)).toContain(org.username);
    expect(Object.keys(org.inspect.callsByEndpoint())).toEqual(
      expect.arrayContaining([
        'GET /services/oauth2/userinfo',
        'GET /services/data/v51.0/sobjects/User/:id',
        'GET /services/data',
      ]),
    );
  });

  it('logs in with a refresh token and refreshes after a session-expired fault', async () => {
    const org = await start({
      username: 'core-refresh@crm-journey.sandbox',
      faults: { seed: 5, rules: [{ kind: 'session-expired', rate: 1, route: 'GET /services/data/v62.0/query' }] },
    });
    const client = { clientId: 'PlatformCLI', clientSecret: 'shh' };
    const password = await fetch(`${org.url}/services/oauth2/token`, {
      method: 'POST',
      body: new URLSearchParams({
        grant_type: 'password',
        client_id: client.clientId,
        client_secret: client.clientSecret,
        username: org.username,
        password: org.password,
      }),
    });
    const { refresh_token: refreshToken } = (await password.json()) as { refresh_token: string };
    const authInfo = await core.AuthInfo.create({ oauth2Options: { ...client, refreshToken, loginUrl: org.url } });
    expect(authInfo.getUsername()).toBe(org.username);
    const conn = await core.Connection.create({ authInfo });
    conn.setApiVersion('62.0');
    const before = authInfo.getFields(true).accessToken;
    conn.on('refresh', () => org.faults?.disable());
    const result = await conn.query('SELECT COUNT() FROM Organization');
    expect(result.totalSize).toBe(1);
    expect(org.faults?.injected).toHaveLength(1);
    expect(authInfo.getFields(true).accessToken).not.toBe(before);
  });

  it('logs in with the JWT bearer flow from a private key file, the sandbox checking the signature', async () => {
    const { privateKey, publicKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
    const keyFile = join(home, 'server.key');
    writeFileSync(keyFile, privateKey.export({ type: 'pkcs8', format: 'pem' }));
    const org = await start({
      username: 'core-jwt@crm-journey.sandbox',
      jwtPublicKey: publicKey.export({ type: 'spki', format: 'pem' }).toString(),
    });
    const authInfo = await core.AuthInfo.create({
      username: org.username,
      oauth2Options: { clientId: 'crm-journey-connected-app', privateKeyFile: keyFile, loginUrl: org.url },
    });
    const conn = await core.Connection.create({ authInfo });
    const organization = await conn.singleRecordQuery<{ Id: string }>('SELECT Id FROM Organization');
    expect(organization.Id).toBe(org.orgId);
  });
});
