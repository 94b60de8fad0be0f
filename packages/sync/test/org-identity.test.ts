// Another org behind the same URL (a sandbox refresh) with the same state file: detected, said, and read in
// full as a first sight, never "0 customers".
import { join } from 'node:path';
import type { CrmConnector, RecordsByObject } from '@crm-journey/connector';
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

interface Org {
  readonly url: string;
  readonly port: number;
  readonly connect: () => Promise<CrmConnector>;
  close(): Promise<void>;
}

const salesforceOrg = async (orgId: string, seed: number, port?: number): Promise<Org> => {
  const records: RecordsByObject = {
    ...toSalesforceRecords(generatePopulation({ customers: 40, seed })),
    Organization: [{ Id: orgId, Name: `org ${orgId}` }],
  };
  const box = await startSalesforceSandbox({ records, now: () => DEFAULT_AS_OF, ...(port ? { port } : {}) });
  const port_ = Number(new URL(box.url).port);
  return {
    url: box.url,
    port: port_,
    connect: () =>
      connectSalesforce({ instanceUrl: box.url, accessToken: box.accessToken, env: {}, retry: { baseDelayMs: 1 } }),
    close: () => box.close(),
  };
};

const sugarOrg = async (siteId: string, seed: number, port?: number): Promise<Org> => {
  const box = await startSugarSandbox({
    records: toSugarRecords(generatePopulation({ customers: 40, seed })),
    now: () => DEFAULT_AS_OF,
    siteId,
    ...(port ? { port } : {}),
  });
  return {
    url: box.url,
    port: Number(new URL(box.url).port),
    connect: () => connectSugar({ url: box.url, username: box.username, password: box.password, env: {} }),
    close: () => box.close(),
  };
};

describe.each([
  {
    crm: 'Salesforce',
    file: 'salesforce-b2b.yaml',
    start: salesforceOrg,
    ids: ['00D000000000001EAA', '00D000000000002EAA'],
  },
  {
    crm: 'SugarCRM',
    file: 'sugarcrm-b2b.yaml',
    start: sugarOrg,
    ids: ['0b6f4c9e-1111-5aaa-8bbb-000000000001', '0b6f4c9e-2222-5aaa-8bbb-000000000002'],
  },
])('$crm: another org behind the same URL', ({ file, start, ids }) => {
  it('is detected, said, and read in full', async () => {
    const dir = testTempDir('crm-journey-org-');
    const store = openSyncStore(join(dir, 'state.sqlite'));
    afterThisTest(() => store.close());
    const scope = 'same-url|journey';
    const run = async (org: Org): Promise<Awaited<ReturnType<typeof runSync>>> => {
      const connector = await org.connect();
      try {
        const journey = await checkedJourney(connector, file);
        return await runSync({ connector, journey, store, scope, asOf: DEFAULT_AS_OF });
      } finally {
        await connector.close();
      }
    };

    const first = await start(ids[0] ?? '', 1);
    const before = await run(first);
    expect(before.customers).toBe(40);
    expect(before.orgChanged).toBeUndefined();
    expect(await store.orgOf(scope)).toBe(ids[0]);
    await first.close();
    // Let the client's pooled keep-alive sockets to the closed server go before the same port serves again.
    await new Promise((resolve) => setTimeout(resolve, 200));

    // Refreshed: another org, other customers, at the same URL; its records are older than the watermark.
    const second = await start(ids[1] ?? '', 2, first.port);
    afterThisTest(() => second.close());
    expect(second.url).toBe(first.url);
    const after = await run(second);
    expect(after.orgChanged).toEqual({ from: ids[0], to: ids[1] });
    expect(after.customers).toBe(40);
    expect(after.failures).toEqual([]);
    expect(await store.orgOf(scope)).toBe(ids[1]);

    // Then as usual on the new org.
    const again = await run(second);
    expect(again.orgChanged).toBeUndefined();
    expect(again.failures).toEqual([]);
  });
});
