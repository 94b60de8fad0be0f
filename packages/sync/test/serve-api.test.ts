import { readFileSync } from 'node:fs';
import { type CrmConnector, type JourneyDefinition } from '@crm-journey/connector';
import { connectSalesforce } from '@crm-journey/connector/salesforce';
import {
  DEFAULT_AS_OF,
  generatePopulation,
  startSalesforceSandbox,
  toSalesforceRecords,
  type Sandbox,
} from '@crm-journey/sandbox';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createLogger } from '../src/logging/create-logger.ts';
import { buildServeApp, type ServeApp } from '../src/serve/serve-app.ts';
import { createServeMetrics, type ServeMetrics } from '../src/serve/serve-metrics.ts';
import type { SyncLoop } from '../src/run/sync-loop.ts';
import { startServeSync } from '../src/serve/start-serve-sync.ts';
import { openSyncStore, type SyncStore } from '../src/state/sync-store.ts';
import { repoFile } from './repo-context.ts';

const TOKEN = 'serve-test-token-0123456789abcdef';
const journeyFile = repoFile('journeys', 'salesforce-b2b.yaml');
const journeyText = readFileSync(journeyFile, 'utf8');

let sandbox: Sandbox;
let connector: CrmConnector;
let store: SyncStore;
let journey: JourneyDefinition;
let metrics: ServeMetrics;
let loop: SyncLoop | undefined;
let app: ServeApp;
let base: string;
const logLines: string[] = [];
const scope = 'serve-test|salesforce-b2b';

const auth = { authorization: `Bearer ${TOKEN}` };
const get = (path: string, headers: Record<string, string> = auth): Promise<Response> =>
  fetch(`${base}${path}`, { headers });
const post = (path: string, body: string, headers: Record<string, string> = auth): Promise<Response> =>
  fetch(`${base}${path}`, { method: 'POST', headers: { 'content-type': 'application/json', ...headers }, body });

/** Builds an app over the shared sandbox and store, listening on a free loopback port. */
async function startApp(
  corsOrigins: readonly string[] = [],
  maxCrmRequests?: number,
): Promise<{ app: ServeApp; base: string }> {
  const { logger } = createLogger({
    output: { write: (line: string) => logLines.push(line) },
    format: 'json',
    level: 'info',
    secrets: [TOKEN],
  });
  const started = await buildServeApp({
    token: TOKEN,
    corsOrigins,
    bodyLimit: 64 * 1024,
    logger,
    connector,
    journey,
    store,
    scope,
    metrics,
    isReady: () => loop?.isReady() ?? false,
    now: () => DEFAULT_AS_OF,
    ...(maxCrmRequests === undefined ? {} : { maxCrmRequests }),
  });
  return { app: started, base: await started.listen({ host: '127.0.0.1', port: 0 }) };
}

beforeAll(async () => {
  sandbox = await startSalesforceSandbox({
    records: toSalesforceRecords(generatePopulation({ customers: 40, seed: 5 })),
    now: () => DEFAULT_AS_OF,
  });
  connector = await connectSalesforce({ instanceUrl: sandbox.url, accessToken: sandbox.accessToken ?? '' });
  const checked = await connector.checkJourney(journeyText, journeyFile);
  if (!checked.journey) throw new Error('the bundled journey does not fit the sandbox');
  journey = checked.journey;
  store = openSyncStore(':memory:');
  metrics = createServeMetrics();
  ({ app, base } = await startApp());
});

afterAll(async () => {
  await app.close();
  await loop?.stop();
  await store.close();
  await connector.close();
  await sandbox.close();
});

describe('crm-journey serve API', () => {
  it('is live at once, ready only after the first run, and counts the run in its metrics', async () => {
    expect((await get('/healthz', {})).status).toBe(200);
    const before = await get('/readyz', {});
    expect(before.status).toBe(503);
    expect(await before.json()).toMatchObject({ error: { code: 'NOT_READY' } });

    loop = await startServeSync({ connector, journey, store, scope, intervalMs: 3_600_000, metrics, logger: app.log });
    const deadline = Date.now() + 20_000;
    while (!loop.isReady() && Date.now() < deadline) await new Promise((resolve) => setTimeout(resolve, 50));
    expect((await get('/readyz', {})).status).toBe(200);

    const text = await (await get('/metrics')).text();
    const customers =
      sandbox.inspect.count('Account') +
      sandbox.inspect.records('Lead').filter((lead) => lead['IsConverted'] !== true).length;
    expect(text).toContain('crm_journey_sync_runs_total{status="succeeded"} 1');
    expect(text).toContain(`crm_journey_customers_evaluated_total ${customers}`);
    expect(text).toMatch(/crm_journey_stage_changes_total [1-9]\d*/);
    const tasks = ['Task', 'Event']
      .flatMap((object) => sandbox.inspect.records(object))
      .filter((task) => typeof task['Journey_Action_Key__c'] === 'string' && task['Journey_Action_Key__c'] !== '');
    expect(text).toContain(`crm_journey_tasks_written_total ${tasks.length}`);
    expect(text).toMatch(/crm_journey_api_calls_total [1-9]\d*/);
    expect(text).toMatch(/crm_journey_api_remaining \d+/);
    expect(text).toContain('crm_journey_sync_run_duration_seconds_count 1');
  });

  it('answers a customer journey from the store and 404 for an unknown customer', async () => {
    const account = sandbox.inspect.records('Account')[0];
    const id = String(account?.['Id']);
    const response = await get(`/v1/customers/${id}/journey`);
    expect(response.status).toBe(200);
    const body = (await response.json()) as { customerId: string; state: { stage: string | null } };
    expect(body.customerId).toBe(id);
    expect(body.state).toEqual(await store.previous(scope, id));
    expect(body.state.stage).toBe(account?.['Journey_Stage__c']);

    const missing = await get('/v1/customers/001000000000000AAA/journey');
    expect(missing.status).toBe(404);
    expect(await missing.json()).toMatchObject({ error: { code: 'CUSTOMER_NOT_FOUND' } });
  });

  it('explains a customer read from the CRM', async () => {
    const id = String(sandbox.inspect.records('Account')[1]?.['Id']);
    sandbox.inspect.resetLog();
    const response = await get(`/v1/customers/${id}/explain`);
    expect(response.status).toBe(200);
    const body = (await response.json()) as {
      state: { customer: { id: string }; stage: string | null };
      explanation: { sentences: string[] };
    };
    expect(body.state.customer.id).toBe(id);
    expect(body.state.stage).toBe((await store.previous(scope, id))?.stage);
    expect(body.explanation.sentences.length).toBeGreaterThan(0);
    // One customer, not a scan: a handful of requests.
    expect(sandbox.inspect.requests.length).toBeLessThan(15);
    expect((await get('/v1/customers/001000000000000AAA/explain')).status).toBe(404);
  });

  it('plans a journey over a bounded sample, and returns the diagnostics of a bad one', async () => {
    const writes = sandbox.inspect.writes.length;
    const response = await post('/v1/plan', JSON.stringify({ journey: journeyText, limit: 5 }));
    expect(response.status).toBe(200);
    const plan = (await response.json()) as { customers: number; truncated: boolean; journey: { id: string } };
    expect(plan).toMatchObject({ customers: 5, truncated: true, journey: { id: 'salesforce-b2b' } });
    const id = String(sandbox.inspect.records('Account')[2]?.['Id']);
    const one = await post('/v1/plan', JSON.stringify({ journey: journeyText, customers: [id] }));
    expect(await one.json()).toMatchObject({ customers: 1, truncated: false });
    expect(sandbox.inspect.writes.length).toBe(writes);

    const broken = journeyText.replace('StageName: {', 'StageNme: {');
    const bad = await post('/v1/plan', JSON.stringify({ journey: broken }));
    expect(bad.status).toBe(400);
    const error = (await bad.json()) as { error: { code: string; diagnostics: { message: string }[] } };
    expect(error.error.code).toBe('JOURNEY_INVALID');
    expect(error.error.diagnostics.map((d) => d.message).join('\n')).toContain('StageNme');
  });

  it('lets only a few explain and plan requests read the CRM at once, and frees the slot after each', async () => {
    const busy = await startApp([], 1);
    try {
      const plan = (): Promise<Response> =>
        fetch(`${busy.base}/v1/plan`, {
          method: 'POST',
          headers: { ...auth, 'content-type': 'application/json' },
          body: JSON.stringify({ journey: journeyText, limit: 20 }),
        });
      const responses = await Promise.all([plan(), plan(), plan()]);
      const statuses = responses.map((response) => response.status);
      expect(statuses.filter((status) => status === 200)).not.toHaveLength(0);
      expect(statuses.every((status) => status === 200 || status === 429)).toBe(true);
      const refused = responses.find((response) => response.status === 429);
      expect(refused?.headers.get('retry-after')).toBe('1');
      expect(((await refused?.json()) as { error: { code: string } }).error.code).toBe('BUSY');
      // One at a time, every request gets through: the slot is released after each.
      for (let i = 0; i < 3; i++) expect((await plan()).status).toBe(200);
    } finally {
      await busy.app.close();
    }
  });

  it('refuses requests without the token or with a wrong one', async () => {
    for (const headers of [{}, { authorization: 'Bearer wrong-token-0123456789abcdef' }, { authorization: TOKEN }]) {
      const response = await get('/v1/customers/x/journey', headers);
      expect(response.status).toBe(401);
      expect(response.headers.get('www-authenticate')).toContain('Bearer');
      expect(await response.json()).toMatchObject({ error: { code: 'UNAUTHORIZED' } });
    }
    expect((await get('/metrics', {})).status).toBe(401);
    expect((await post('/v1/plan', '{}', {})).status).toBe(401);
    expect(logLines.join('')).not.toContain(TOKEN);
  });

  it('refuses oversized and invalid bodies with one error shape', async () => {
    const big = await post('/v1/plan', JSON.stringify({ journey: 'x'.repeat(70 * 1024) }));
    expect(big.status).toBe(413);
    expect(await big.json()).toMatchObject({ error: { code: 'BODY_TOO_LARGE' } });
    const extra = await post('/v1/plan', JSON.stringify({ journey: journeyText, dropTables: true }));
    expect(extra.status).toBe(400);
    expect(await extra.json()).toMatchObject({ error: { code: 'INVALID_REQUEST' } });
    const limit = await post('/v1/plan', JSON.stringify({ journey: journeyText, limit: 1_000_000 }));
    expect(limit.status).toBe(400);
    const text = await post('/v1/plan', 'journey: x', { ...auth, 'content-type': 'text/yaml' });
    expect(text.status).toBe(415);
    const unknown = await get('/v1/nothing');
    expect(unknown.status).toBe(404);
    expect(await unknown.json()).toMatchObject({ error: { code: 'NOT_FOUND' } });
  });

  it('refuses cross-origin requests unless the origin is configured', async () => {
    const preflight = {
      origin: 'https://acme.lightning.force.com',
      'access-control-request-method': 'GET',
      'access-control-request-headers': 'authorization',
    };
    const closed = await fetch(`${base}/v1/customers/x/journey`, { method: 'OPTIONS', headers: preflight });
    expect(closed.status).toBe(403);
    expect(closed.headers.get('access-control-allow-origin')).toBeNull();
    const simple = await get('/v1/customers/x/journey', { ...auth, origin: 'https://acme.lightning.force.com' });
    expect(simple.status).toBe(403);

    const open = await startApp(['https://acme.lightning.force.com']);
    try {
      const allowed = await fetch(`${open.base}/v1/customers/x/journey`, { method: 'OPTIONS', headers: preflight });
      expect(allowed.status).toBe(204);
      expect(allowed.headers.get('access-control-allow-origin')).toBe('https://acme.lightning.force.com');
      const id = String(sandbox.inspect.records('Account')[0]?.['Id']);
      const call = await fetch(`${open.base}/v1/customers/${id}/journey`, {
        headers: { ...auth, origin: 'https://acme.lightning.force.com' },
      });
      expect(call.status).toBe(200);
      expect(call.headers.get('access-control-allow-origin')).toBe('https://acme.lightning.force.com');
      const other = await fetch(`${open.base}/v1/customers/x/journey`, {
        method: 'OPTIONS',
        headers: { ...preflight, origin: 'https://evil.example' },
      });
      expect(other.status).toBe(403);
    } finally {
      await open.app.close();
    }
  });
});
