// `serve` evaluates on worker threads, bounded by cost: while the heaviest plan the API accepts runs
// (a journey at the body limit over the most customers a plan may read), /healthz still answers at once.
import type { CrmConnector, JourneyDefinition } from '@crm-journey/connector';
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
import { buildServeApp, type ServeApp, type ServeAppOptions } from '../src/serve/serve-app.ts';
import { DEFAULT_BODY_LIMIT } from '../src/serve/serve-app.ts';
import { MAX_PLAN_LIMIT } from '../src/serve/plan-sample.ts';
import { createServeMetrics } from '../src/serve/serve-metrics.ts';
import { openSyncStore, type SyncStore } from '../src/state/sync-store.ts';

const TOKEN = 'serve-stall-token-0123456789abcdef';
const auth = { authorization: `Bearer ${TOKEN}`, 'content-type': 'application/json' };

/**
 * A valid journey with as many stages as fit in the default body limit (or `maxStages`), each with
 * conditions over several objects.
 */
function heaviestJourney(maxStages = Number.POSITIVE_INFINITY): string {
  const head =
    'journey: heavy\nname: Heavy\ncrm: salesforce\ncustomer: { root: Account }\nstages:\n' +
    '  - id: any\n    label: Any\n    when:\n      $or:\n        - Account: {}\n        - Opportunity: {}\n        - Task: {}\n        - Case: {}\n';
  const stage = (n: number): string =>
    `  - id: s${String(n)}\n    label: Stage ${String(n)}\n    when:\n      $or:\n        - Opportunity: { Amount: { $gte: ${String(n * 500)} }, StageName: { $ne: Closed Lost } }\n        - Task: { IsClosed: true, Subject: { $contains: "s${String(n)}" } }\n        - Case: { Status: { $ne: New } }\n`;
  let text = head;
  for (let n = 0; ; n++) {
    const next = text + stage(n);
    if (n >= maxStages || JSON.stringify({ journey: next, limit: MAX_PLAN_LIMIT }).length > DEFAULT_BODY_LIMIT - 64)
      return text;
    text = next;
  }
}

let sandbox: Sandbox | undefined;
let connector: CrmConnector;
let store: SyncStore | undefined;
let journey: JourneyDefinition;
const apps: ServeApp[] = [];

async function startApp(extra: Partial<ServeAppOptions> = {}): Promise<string> {
  const { logger } = createLogger({ output: { write: () => true }, format: 'json', level: 'silent', secrets: [] });
  const app = await buildServeApp({
    token: TOKEN,
    logger,
    connector,
    journey,
    store: store ?? openSyncStore(':memory:'),
    scope: 'stall|heavy',
    metrics: createServeMetrics(),
    isReady: () => true,
    now: () => DEFAULT_AS_OF,
    ...extra,
  });
  apps.push(app);
  return app.listen({ host: '127.0.0.1', port: 0 });
}

beforeAll(async () => {
  const started = await startSalesforceSandbox({
    records: toSalesforceRecords(generatePopulation({ customers: MAX_PLAN_LIMIT, seed: 11 })),
    now: () => DEFAULT_AS_OF,
  });
  sandbox = started;
  connector = await connectSalesforce({ instanceUrl: started.url, accessToken: started.accessToken });
  const checked = await connector.checkJourney(heaviestJourney(), 'heavy.yaml');
  if (!checked.journey) throw new Error(`the heavy journey does not fit: ${checked.errors[0]?.message ?? ''}`);
  journey = checked.journey;
  store = openSyncStore(':memory:');
}, 60_000);

afterAll(async () => {
  for (const app of apps) await app.close();
  await store?.close();
  await (connector as CrmConnector | undefined)?.close();
  await sandbox?.close();
});

describe('serve never stalls', () => {
  it('answers /healthz at once while the heaviest allowed plan runs', { timeout: 120_000 }, async () => {
    const base = await startApp({ planTimeoutMs: 110_000 });
    const body = JSON.stringify({ journey: heaviestJourney(), limit: MAX_PLAN_LIMIT });
    const plan = { done: false };
    const planning = (): boolean => !plan.done;
    const answer = fetch(`${base}/v1/plan`, { method: 'POST', headers: auth, body }).then(async (response) => {
      plan.done = true;
      return { status: response.status, json: (await response.json()) as { customers: number } };
    });
    await new Promise((resolve) => setTimeout(resolve, 50));
    const latencies: number[] = [];
    let answeredWhilePlanning = 0;
    while (planning()) {
      const started = performance.now();
      const health = await fetch(`${base}/healthz`);
      latencies.push(performance.now() - started);
      expect(health.status).toBe(200);
      if (planning()) answeredWhilePlanning++;
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
    const result = await answer;
    expect(result.status).toBe(200);
    expect(result.json.customers).toBe(MAX_PLAN_LIMIT);
    // A generous bound for a loaded two-core machine: the old code held the loop for the whole evaluation.
    expect(answeredWhilePlanning).toBeGreaterThanOrEqual(3);
    expect(Math.max(...latencies)).toBeLessThan(1000);
  });

  it(
    'stops a plan at its time budget with 503 PLAN_TOO_COSTLY, and serves the next one',
    { timeout: 120_000 },
    async () => {
      // 8 s: the heavy plan needs over a minute, and the small one after it starts a fresh worker (the
      // stopped one is terminated), which takes seconds on a loaded two-core machine.
      const base = await startApp({ planTimeoutMs: 8000 });
      const started = performance.now();
      const heavy = await fetch(`${base}/v1/plan`, {
        method: 'POST',
        headers: auth,
        body: JSON.stringify({ journey: heaviestJourney(), limit: MAX_PLAN_LIMIT }),
      });
      expect(heavy.status).toBe(503);
      // Answered at the budget, not when the work would have ended (generous: a loaded machine).
      expect(performance.now() - started).toBeLessThan(15_000);
      expect(await heavy.json()).toMatchObject({
        error: { code: 'PLAN_TOO_COSTLY', message: expect.stringMatching(/ 8 s/) as unknown },
      });
      const small = await fetch(`${base}/v1/plan`, {
        method: 'POST',
        headers: auth,
        body: JSON.stringify({ journey: heaviestJourney(3), limit: 5 }),
      });
      expect(small.status).toBe(200);
    },
  );

  it('stops reading at the record budget and says so', async () => {
    const base = await startApp({ maxPlanRecords: 60 });
    const response = await fetch(`${base}/v1/plan`, {
      method: 'POST',
      headers: auth,
      body: JSON.stringify({ journey: heaviestJourney(3), limit: 100 }),
    });
    expect(response.status).toBe(200);
    const json = (await response.json()) as { customers: number; truncated: boolean; truncatedBy?: string };
    expect(json).toMatchObject({ truncated: true, truncatedBy: 'records' });
    expect(json.customers).toBeGreaterThan(0);
    expect(json.customers).toBeLessThan(60);
  });
});
