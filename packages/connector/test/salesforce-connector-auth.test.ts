import { generateKeyPairSync } from 'node:crypto';
import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { compileJourney, evaluateCustomer, isConnectorError } from '@crm-journey/connector';
import { connectSalesforce, type SalesforceConnector } from '@crm-journey/connector/salesforce';
import { parseFaultSpec, startSalesforceSandbox, type SalesforceSandbox } from '@crm-journey/sandbox';
import { afterEach, describe, expect, it } from 'vitest';
import { b2bJourney, offlineStates, population, testClock } from './salesforce-connector-support.ts';

const USERNAME = 'integration@acme.example';
const CLIENT_ID = '3MVG9-crm-journey-connected-app';

let sandbox: SalesforceSandbox | undefined;
const cleanups: (() => void)[] = [];
afterEach(async () => {
  await sandbox?.close();
  sandbox = undefined;
  for (const cleanup of cleanups.splice(0).reverse()) cleanup();
});

function temporaryFolder(): string {
  const folder = mkdtempSync(path.join(tmpdir(), 'cj-auth-'));
  cleanups.push(() => {
    rmSync(folder, { recursive: true, force: true });
  });
  return folder;
}

// A connected app's key pair: the sandbox holds the certificate's public key, we the private key file.
function connectedAppKeys(folder: string): { publicKey: string; privateKey: string; privateKeyFile: string } {
  const { publicKey, privateKey } = generateKeyPairSync('rsa', {
    modulusLength: 2048,
    publicKeyEncoding: { type: 'spki', format: 'pem' },
    privateKeyEncoding: { type: 'pkcs8', format: 'pem' },
  });
  const privateKeyFile = path.join(folder, 'server.key');
  writeFileSync(privateKeyFile, privateKey, { mode: 0o600 });
  return { publicKey, privateKey, privateKeyFile };
}

// One query in ten (REST pages, query jobs, their CSV results) revokes the session for good: only a
// refresh gets the read through.
async function sandboxWithExpiringSessions(publicKey: string, seed: string): Promise<SalesforceSandbox> {
  const clock = testClock();
  sandbox = await startSalesforceSandbox({
    records: population(120, 3),
    now: clock.now,
    username: USERNAME,
    jwtPublicKey: publicKey,
    faults: { seed, rules: parseFaultSpec('session-expired:0.1@/query') },
  });
  return sandbox;
}

async function readStages(connector: SalesforceConnector): Promise<Map<string, string | null>> {
  const journey = b2bJourney();
  const compiled = compileJourney(journey);
  const stages = new Map<string, string | null>();
  for await (const read of connector.readCustomers(journey)) {
    const state = evaluateCustomer(compiled, { ...read, previous: read.stored, asOf: testClock().now() });
    stages.set(read.customer.id, state.stage);
  }
  return stages;
}

function expectedStages(): Map<string, string | null> {
  const records = population(120, 3);
  return new Map([...offlineStates(b2bJourney(), records, testClock().now())].map(([id, s]) => [id, s.stage]));
}

const tokenGrants = (box: SalesforceSandbox): number =>
  box.inspect.requests.filter((request) => request.path === '/services/oauth2/token').length;

describe('Salesforce connector: logging in the ways admins do', () => {
  it('JWT bearer with a private key file: signs a fresh assertion whenever the session expires', async () => {
    const keys = connectedAppKeys(temporaryFolder());
    // Which request draws which fault depends on how the parallel reads interleave, so a seed does not
    // always hit every kind of call: read under up to thirteen seeds until REST pages, job calls and CSV
    // result downloads have all lost their session at least once. Every read must be right.
    const expiredRoutes: string[] = [];
    const covered = (): boolean =>
      expiredRoutes.some((route) => route.endsWith('/query')) &&
      expiredRoutes.some((route) => route.includes('/jobs/query')) &&
      expiredRoutes.some((route) => route.endsWith('/results'));
    // jwt15 first: it reaches a CSV result download (the rarest kind) with the org-clock call each read makes.
    for (const seed of ['jwt15', ...Array.from({ length: 12 }, (_, i) => `jwt${String(i + 2)}`)]) {
      const box = await sandboxWithExpiringSessions(keys.publicKey, seed);
      const connector = await connectSalesforce({
        jwt: { clientId: CLIENT_ID, username: USERNAME, privateKeyFile: keys.privateKeyFile, loginUrl: box.url },
        env: {},
        now: testClock().now,
        retry: { baseDelayMs: 1 },
        // REST pages of 200, then query jobs: both jsforce's requests and the CSV downloads refresh.
        batchSize: 200,
        bulkQueryThreshold: 300,
        bulkPollIntervalMs: 5,
      });
      expect(await readStages(connector)).toEqual(expectedStages());
      const expired = box.faults?.injected.filter((fault) => fault.kind === 'session-expired') ?? [];
      expiredRoutes.push(...expired.map((fault) => fault.route));
      // Calls in flight together when the session ends share one refresh.
      if (expired.length > 0) expect(tokenGrants(box)).toBeGreaterThan(1);
      expect(tokenGrants(box)).toBeLessThanOrEqual(1 + expired.length);
      await connector.close();
      await box.close();
      sandbox = undefined;
      if (covered()) break;
    }
    expect(covered(), `sessions expired on: ${expiredRoutes.join(', ')}`).toBe(true);
  });

  it('refuses a key the connected app does not hold, with neither key nor assertion in the message', async () => {
    const keys = connectedAppKeys(temporaryFolder());
    const other = connectedAppKeys(temporaryFolder());
    const box = await sandboxWithExpiringSessions(keys.publicKey, 'jwt-bad');
    const error: unknown = await connectSalesforce({
      jwt: { clientId: CLIENT_ID, username: USERNAME, privateKeyFile: other.privateKeyFile, loginUrl: box.url },
      env: {},
    }).catch((caught: unknown) => caught);
    expect(isConnectorError(error, 'CRM_AUTH_EXPIRED')).toBe(true);
    const text = `${String(error)} ${JSON.stringify(error)} ${String((error as Error).cause)}`;
    expect(text).not.toContain('PRIVATE KEY');
    expect(text).not.toContain(other.privateKey.split('\n')[1] ?? '-');
    expect(text).not.toMatch(/eyJ[\w-]+\.eyJ/);
  });

  it('an sf CLI alias: the auth file `sf org login jwt` writes, refreshed through @salesforce/core', async () => {
    const home = temporaryFolder();
    const saved = { HOME: process.env['HOME'], keychain: process.env['SF_USE_GENERIC_UNIX_KEYCHAIN'] };
    process.env['HOME'] = home;
    process.env['SF_USE_GENERIC_UNIX_KEYCHAIN'] = 'true';
    cleanups.push(() => {
      process.env['HOME'] = saved.HOME;
      if (saved.keychain === undefined) delete process.env['SF_USE_GENERIC_UNIX_KEYCHAIN'];
      else process.env['SF_USE_GENERIC_UNIX_KEYCHAIN'] = saved.keychain;
    });
    const keys = connectedAppKeys(home);
    const box = await sandboxWithExpiringSessions(keys.publicKey, 'alias');
    // What `sf org login jwt --username ... --alias acme-prod` does, through the same library.
    const { AuthInfo, StateAggregator } = await import('@salesforce/core');
    const auth = await AuthInfo.create({
      username: USERNAME,
      oauth2Options: { clientId: CLIENT_ID, privateKeyFile: keys.privateKeyFile, loginUrl: box.url },
    });
    await auth.save();
    await (await StateAggregator.getInstance()).aliases.setAndSave('acme-prod', USERNAME);
    const authFile = readFileSync(path.join(home, '.sfdx', `${USERNAME}.json`), 'utf8');
    const accessToken = auth.getFields(true).accessToken ?? '';
    expect(accessToken).toMatch(/^00D/);
    expect(authFile).not.toContain(accessToken); // encrypted at rest, as sf keeps it
    expect(readdirSync(path.join(home, '.sfdx'))).toContain('key.json');

    const grantsBefore = tokenGrants(box);
    const connector = await connectSalesforce({ aliasOrUsername: 'acme-prod', env: {}, retry: { baseDelayMs: 1 } });
    expect(connector.instanceUrl).toBe(box.url);
    expect(await readStages(connector)).toEqual(expectedStages());
    const expired = box.faults?.injected.filter((fault) => fault.kind === 'session-expired') ?? [];
    expect(expired.length).toBeGreaterThan(0);
    expect(tokenGrants(box) - grantsBefore).toBeGreaterThan(0);

    const unknown: unknown = await connectSalesforce({ aliasOrUsername: 'no-such-alias', env: {} }).catch(
      (caught: unknown) => caught,
    );
    expect(isConnectorError(unknown)).toBe(true);
    expect((unknown as Error).message).toContain('no-such-alias');
  });
});
