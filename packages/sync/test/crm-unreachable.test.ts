import { readFileSync } from 'node:fs';
import { isConnectorError } from '@crm-journey/connector';
import { connectSalesforce } from '@crm-journey/connector/salesforce';
import { connectSugar } from '@crm-journey/connector/sugarcrm';
import { startSandbox } from '@crm-journey/sandbox';
import { expect, it } from 'vitest';
import { repoFile } from './repo-context.ts';
import { freePort } from './free-port.ts';
import { runSync } from '../src/run/run-sync.ts';
import { openSyncStore } from '../src/state/sync-store.ts';

// An unreachable CRM is named as such (CRM_UNREACHABLE, with its address) on both CRMs: at connection,
// and when it vanishes in the middle of a sync, where the message names the failed call, not the logout.

it.each(['salesforce', 'sugarcrm'] as const)('%s: a closed port is CRM_UNREACHABLE, said at once', async (crm) => {
  const url = `http://127.0.0.1:${String(await freePort())}`;
  const started = Date.now();
  const error: unknown = await (
    crm === 'salesforce'
      ? connectSalesforce({ instanceUrl: url, accessToken: '00Dclosed000000001!tokenXYZ', env: {} })
      : connectSugar({ url, username: 'admin', password: 'closed-port-password', env: {} })
  ).catch((caught: unknown) => caught);
  expect(isConnectorError(error, 'CRM_UNREACHABLE'), String(error)).toBe(true);
  expect((error as Error).message).toContain(`at ${url} is unreachable`);
  expect((error as Error).message).toContain('ECONNREFUSED');
  // No half-minute backoff against an address where nothing listens.
  expect(Date.now() - started).toBeLessThan(3000);
});

it.each([
  { crm: 'salesforce' as const, journey: 'salesforce-b2b.yaml' },
  { crm: 'sugarcrm' as const, journey: 'sugarcrm-b2b.yaml' },
])('$crm: a CRM that vanishes mid-sync is reported unreachable, not blamed on the logout', async ({ crm, journey }) => {
  const sandbox = await startSandbox(crm, { customers: 150, seed: 3 });
  const store = openSyncStore(':memory:');
  // The connectors' own retries, made short: a vanished CRM stays vanished.
  const connector =
    sandbox.target.crm === 'salesforce'
      ? await connectSalesforce({ ...sandbox.target, env: {}, retry: { attempts: 3, baseDelayMs: 5 } })
      : await connectSugar({ ...sandbox.target, env: {}, maxAttempts: 3, baseDelayMs: 5 });
  let closed: Promise<void> | undefined;
  try {
    const file = repoFile('journeys', journey);
    const checked = await connector.checkJourney(readFileSync(file, 'utf8'), file);
    if (!checked.journey) throw new Error(`${journey} does not fit the ${crm} sandbox`);
    // Gone as soon as the first batch is written: the run is mid-way, its session open.
    const watch = setInterval(() => {
      if (sandbox.inspect.writes.length > 0) {
        clearInterval(watch);
        closed = sandbox.close();
      }
    }, 2);
    const error: unknown = await runSync({
      connector,
      journey: checked.journey,
      store,
      scope: `${crm}|vanish`,
      batchSize: 5,
    }).catch((caught: unknown) => caught);
    clearInterval(watch);
    // Ending the session of a CRM that is gone adds no error of its own.
    await connector.close();
    expect(isConnectorError(error, 'CRM_UNREACHABLE'), String(error)).toBe(true);
    expect((error as Error).message).toContain(`at ${sandbox.url} is unreachable`);
    expect((error as Error).message).not.toContain('logout');
  } finally {
    await store.close();
    await (closed ?? sandbox.close());
  }
});
