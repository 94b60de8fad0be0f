import { startSalesforceSandbox, type SalesforceSandbox } from '@crm-journey/sandbox';
import { afterEach, describe, expect, it } from 'vitest';
import { readEachOnce } from './read-each-once.ts';
import { b2bJourney, connectTo, population, testClock } from './salesforce-connector-support.ts';

let sandbox: SalesforceSandbox | undefined;
afterEach(async () => {
  await sandbox?.close();
  sandbox = undefined;
});

describe('Salesforce connector: a full read split by id range', () => {
  it('lists every customer, and ranges cut at listed ids read each customer once, with the same records', async () => {
    const clock = testClock();
    sandbox = await startSalesforceSandbox({ records: population(300, 5), now: clock.now });
    const journey = b2bJourney();
    const connector = await connectTo(sandbox, clock.now);
    const whole = await readEachOnce(connector.readCustomers(journey));

    const calls = connector.apiUsage().calls;
    const listed = await connector.listCustomers?.(journey);
    // Ids only: one page per customer stream (accounts, unconverted leads) and the clock.
    expect(connector.apiUsage().calls - calls).toBeLessThanOrEqual(3);
    expect(listed?.customerIds).toEqual([...whole.keys()]);
    expect(Date.parse(listed?.watermark ?? '')).toBeLessThan(clock.now());

    const ids = listed?.customerIds ?? [];
    const cuts = [ids[100], ids[200]];
    const ranges = [{ to: cuts[0] }, { from: cuts[0], to: cuts[1] }, { from: cuts[1] }];
    const parts = [];
    for (const range of ranges) parts.push(await readEachOnce(connector.readCustomers(journey, { range })));
    expect(parts.map((part) => part.size)).toEqual([100, 100, ids.length - 200]);
    const joined = new Map(parts.flatMap((part) => [...part]));
    expect(joined).toEqual(whole);
  });

  it('ranges read at once hold no query cursor: a stream longer than a page goes through a query job', async () => {
    const clock = testClock();
    sandbox = await startSalesforceSandbox({ records: population(600, 5), now: clock.now });
    const journey = b2bJourney();
    const whole = await readEachOnce((await connectTo(sandbox, clock.now)).readCustomers(journey));
    // Pages of 200 rows: a plain read of these 600 customers would hold more than the user's 10 cursors.
    const connector = await connectTo(sandbox, clock.now, { batchSize: 200, bulkPollIntervalMs: 5 });
    const ids = (await connector.listCustomers?.(journey))?.customerIds ?? [];
    const cuts = [ids[150], ids[300], ids[450]];
    const ranges = [{ to: cuts[0] }, { from: cuts[0], to: cuts[1] }, { from: cuts[1], to: cuts[2] }, { from: cuts[2] }];
    sandbox.inspect.resetLog();
    const parts = await Promise.all(ranges.map((range) => readEachOnce(connector.readCustomers(journey, { range }))));
    expect(new Map(parts.flatMap((part) => [...part]))).toEqual(whole);
    expect(sandbox.inspect.requests.some((request) => request.path.endsWith('/jobs/query'))).toBe(true);
  });

  it('a range does not go with a watermark or ids', async () => {
    const clock = testClock();
    sandbox = await startSalesforceSandbox({ records: population(5, 5), now: clock.now });
    const connector = await connectTo(sandbox, clock.now);
    const reader = connector.readCustomers(b2bJourney(), { range: { from: 'a' }, customerIds: ['001'] });
    await expect(reader.next()).rejects.toThrow(/id range, or a watermark and customer ids/);
  });
});
