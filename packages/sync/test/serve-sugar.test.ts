import { readFileSync } from 'node:fs';
import { connectSugar } from '@crm-journey/connector/sugarcrm';
import { DEFAULT_AS_OF, generatePopulation, startSugarSandbox, toSugarRecords } from '@crm-journey/sandbox';
import { expect, it } from 'vitest';
import { createLogger } from '../src/logging/create-logger.ts';
import { runSync } from '../src/run/run-sync.ts';
import { buildServeApp } from '../src/serve/serve-app.ts';
import { createServeMetrics } from '../src/serve/serve-metrics.ts';
import { openSyncStore } from '../src/state/sync-store.ts';
import { repoFile } from './repo-context.ts';

const TOKEN = 'sugar-serve-token-0123456789abcdef';
const journeyFile = repoFile('journeys', 'sugarcrm-b2b.yaml');

it('answers journey, explain and plan for a SugarCRM org', async () => {
  const sandbox = await startSugarSandbox({
    records: toSugarRecords(generatePopulation({ customers: 25, seed: 9 })),
    now: () => DEFAULT_AS_OF,
  });
  const connector = await connectSugar({ url: sandbox.url, username: sandbox.username, password: sandbox.password });
  const store = openSyncStore(':memory:');
  const text = readFileSync(journeyFile, 'utf8');
  const checked = await connector.checkJourney(text, journeyFile);
  if (!checked.journey) throw new Error('the bundled Sugar journey does not fit the sandbox');
  const scope = 'sugar-test|sugarcrm-b2b';
  await runSync({ connector, journey: checked.journey, store, scope, asOf: DEFAULT_AS_OF });
  const { logger } = createLogger({ output: { write: () => undefined }, format: 'json', level: 'silent' });
  const app = await buildServeApp({
    token: TOKEN,
    logger,
    connector,
    journey: checked.journey,
    store,
    scope,
    metrics: createServeMetrics(),
    isReady: () => true,
    now: () => DEFAULT_AS_OF,
  });
  try {
    const base = await app.listen({ host: '127.0.0.1', port: 0 });
    const headers = { authorization: `Bearer ${TOKEN}` };
    const account = sandbox.inspect.records('Accounts')[0];
    const id = String(account?.['id']);

    const journey = await fetch(`${base}/v1/customers/${id}/journey`, { headers });
    expect(journey.status).toBe(200);
    const stored = ((await journey.json()) as { state: { stage: string | null } }).state;
    expect(stored.stage).toBe(account?.['journey_stage_c']);

    const explain = await fetch(`${base}/v1/customers/${id}/explain`, { headers });
    expect(explain.status).toBe(200);
    const explained = (await explain.json()) as {
      state: { stage: string | null };
      explanation: { sentences: string[] };
    };
    expect(explained.state.stage).toBe(stored.stage);
    expect(explained.explanation.sentences.length).toBeGreaterThan(0);

    const plan = await fetch(`${base}/v1/plan`, {
      method: 'POST',
      headers: { ...headers, 'content-type': 'application/json' },
      body: JSON.stringify({ journey: text, customers: [id] }),
    });
    expect(plan.status).toBe(200);
    expect(await plan.json()).toMatchObject({ customers: 1, truncated: false, errors: [] });
  } finally {
    await app.close();
    await store.close();
    await connector.close();
    await sandbox.close();
  }
});
