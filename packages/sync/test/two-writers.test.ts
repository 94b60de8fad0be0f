// Two syncs writing the same org at once (two machines, two state files): every expected task exists
// exactly once and both runs finish. Sugar has no unique index on the action key: the create itself must be
// idempotent (an id derived from the key). Salesforce upserts on the unique external id.
import { join } from 'node:path';
import type { CrmConnector } from '@crm-journey/connector';
import { connectSalesforce } from '@crm-journey/connector/salesforce';
import { connectSugar } from '@crm-journey/connector/sugarcrm';
import {
  DEFAULT_AS_OF,
  generatePopulation,
  startSalesforceSandbox,
  startSugarSandbox,
  toSalesforceRecords,
  toSugarRecords,
} from '@crm-journey/sandbox';
import { describe, expect, it } from 'vitest';
import { runSync } from '../src/run/run-sync.ts';
import { openSyncStore } from '../src/state/sync-store.ts';
import { afterThisTest } from './after-this-test.ts';
import { checkedJourney } from './checked-journey.ts';
import { testTempDir } from './temp-dir.ts';

/** Two runs at once, each with its own connector and its own state file; the keys of what they created. */
async function twoWriters(
  connect: (index: number) => Promise<CrmConnector>,
  file: string,
  scope: string,
): Promise<{ created: number; existing: number; failures: number }> {
  // Both runs read before either writes: the window in which look-then-create duplicates.
  let arrived = 0;
  let release: () => void = () => undefined;
  const bothRead = new Promise<void>((resolve) => (release = resolve));
  const atOnce = (connector: CrmConnector): CrmConnector =>
    Object.assign(Object.create(connector) as CrmConnector, {
      write: async (...args: Parameters<CrmConnector['write']>) => {
        if (++arrived === 2) release();
        await bothRead;
        return connector.write(...args);
      },
    });
  const dir = testTempDir('crm-journey-two-writers-');
  const runs = [0, 1].map(async (index) => {
    const connector = await connect(index);
    const store = openSyncStore(join(dir, `state-${String(index)}.sqlite`));
    afterThisTest(async () => {
      await store.close();
      await connector.close();
    });
    const journey = await checkedJourney(connector, file);
    return runSync({ connector: atOnce(connector), journey, store, scope, asOf: DEFAULT_AS_OF });
  });
  const [first, second] = await Promise.all(runs);
  if (!first || !second) throw new Error('a run did not finish');
  return {
    created: first.tasksCreated + second.tasksCreated,
    existing: first.tasksExisting + second.tasksExisting,
    failures: first.failures.length + second.failures.length,
  };
}

const duplicates = (keys: readonly string[]): string[] => keys.filter((key, index) => keys.indexOf(key) !== index);

describe('two syncs writing the same org at once', () => {
  it('on SugarCRM create each task exactly once, and both finish', async () => {
    const sandbox = await startSugarSandbox({
      records: toSugarRecords(generatePopulation({ customers: 60, seed: 19 })),
      now: () => DEFAULT_AS_OF,
      platforms: ['crm-journey-2'],
    });
    afterThisTest(() => sandbox.close());
    const counts = await twoWriters(
      // One session per user and platform in Sugar: two machines logging in as one user need two platforms.
      (index) =>
        connectSugar({
          url: sandbox.url,
          username: sandbox.username,
          password: sandbox.password,
          platform: index === 0 ? 'crm-journey' : 'crm-journey-2',
          env: {},
        }),
      'sugarcrm-b2b.yaml',
      'two|sugarcrm-b2b',
    );
    const keys = ['Tasks', 'Calls', 'Meetings'].flatMap((module) =>
      sandbox.inspect
        .records(module)
        .map((record) => record['journey_action_key_c'])
        .filter((key): key is string => typeof key === 'string' && key !== ''),
    );
    expect(keys.length).toBeGreaterThan(20);
    expect(duplicates(keys)).toEqual([]);
    expect(counts.failures).toBe(0);
    // Each task counted once as created (by one run) and once as existing (by the other).
    expect(counts.created).toBe(keys.length);
    expect(counts.existing).toBe(keys.length);
  });

  it('on Salesforce create each task exactly once, and both finish', async () => {
    const sandbox = await startSalesforceSandbox({
      records: toSalesforceRecords(generatePopulation({ customers: 60, seed: 19 })),
      now: () => DEFAULT_AS_OF,
    });
    afterThisTest(() => sandbox.close());
    const counts = await twoWriters(
      () =>
        connectSalesforce({
          instanceUrl: sandbox.url,
          accessToken: sandbox.accessToken,
          env: {},
          retry: { baseDelayMs: 1 },
          rowLockDelayMs: 1,
        }),
      'salesforce-b2b.yaml',
      'two|salesforce-b2b',
    );
    const keys = [...sandbox.inspect.records('Task'), ...sandbox.inspect.records('Event')]
      .map((record) => record['Journey_Action_Key__c'])
      .filter((key): key is string => typeof key === 'string');
    expect(keys.length).toBeGreaterThan(20);
    expect(duplicates(keys)).toEqual([]);
    expect(counts.failures).toBe(0);
  });
});
