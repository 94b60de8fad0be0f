// Time moves customers: 200 days on, with no record changed, the incremental run (the customers due for a
// time-driven re-evaluation, read by id) leaves every customer where a full read puts it.
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
import { checkedJourney } from './checked-journey.ts';

const DAY = 86_400_000;
const YEAR = 365 * DAY;

describe.each([
  {
    crm: 'Salesforce',
    file: 'salesforce-b2b.yaml',
    start: async (now: () => number) => {
      const box = await startSalesforceSandbox({
        records: toSalesforceRecords(generatePopulation({ customers: 120, seed: 21 })),
        now,
      });
      const connector = await connectSalesforce({
        instanceUrl: box.url,
        accessToken: box.accessToken,
        env: {},
        now,
        retry: { baseDelayMs: 1 },
      });
      return { connector, close: () => box.close() };
    },
  },
  {
    crm: 'SugarCRM',
    file: 'sugarcrm-b2b.yaml',
    start: async (now: () => number) => {
      const box = await startSugarSandbox({
        records: toSugarRecords(generatePopulation({ customers: 120, seed: 21 })),
        now,
      });
      const connector = await connectSugar({
        url: box.url,
        username: box.username,
        password: box.password,
        env: {},
        now,
      });
      return { connector, close: () => box.close() };
    },
  },
])('$crm: time-driven re-evaluation', ({ file, start }) => {
  it('the incremental run finds the stages a full read finds', async () => {
    let time = DEFAULT_AS_OF;
    const { connector, close } = await start(() => time);
    const store = openSyncStore(':memory:');
    try {
      const journey = await checkedJourney(connector, file);
      const scope = 'time|journey';
      // The weekly full read is off here: only the time-driven re-evaluation may move anyone.
      const run = (): ReturnType<typeof runSync> =>
        runSync({ connector, journey, store, scope, asOf: time, fullReadEveryMs: YEAR });
      await run();
      time += 5 * 60_000;
      await run(); // reads the echo of its own writes; the watermark passes them
      time += 200 * DAY;
      const later = await run();
      expect(later.failures).toEqual([]);
      expect(later.stageChanges).toBeGreaterThan(0);

      const full = await runSync({
        connector,
        journey,
        store: openSyncStore(':memory:'),
        scope,
        asOf: time,
        dryRun: true,
      });
      expect(full.customers).toBe(120);
      const moved = [...(full.plan ?? [])].filter((change) => change.from !== change.to);
      expect(moved.map((change) => `${change.customer.id}: ${String(change.from)} -> ${String(change.to)}`)).toEqual(
        [],
      );
      expect(full.stageChanges).toBe(0);
    } finally {
      await store.close();
      await connector.close();
      await close();
    }
  });

  it('reads every customer again once the last full read is a week old', async () => {
    let time = DEFAULT_AS_OF;
    const { connector, close } = await start(() => time);
    const store = openSyncStore(':memory:');
    try {
      const journey = await checkedJourney(connector, file);
      const run = (): ReturnType<typeof runSync> => runSync({ connector, journey, store, scope: 'weekly', asOf: time });
      expect((await run()).customers).toBe(120);
      time += 5 * 60_000;
      await run();
      time += 60 * 60_000;
      expect((await run()).customers).toBeLessThan(120);
      time += 7 * DAY;
      expect((await run()).customers).toBe(120);
    } finally {
      await store.close();
      await connector.close();
      await close();
    }
  });
});
