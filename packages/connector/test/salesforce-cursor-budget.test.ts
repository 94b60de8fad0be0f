import { readFileSync } from 'node:fs';
import { journeySetReadDefinition, validateJourneySet, type JourneyDefinition } from '@crm-journey/connector';
import {
  generatePopulation,
  startSalesforceSandbox,
  toSalesforceRecords,
  type SalesforceSandbox,
} from '@crm-journey/sandbox';
import { afterEach, describe, expect, it } from 'vitest';
import { readEachOnce } from './read-each-once.ts';
import { repoFile } from './repo-file.ts';
import { connectTo, testClock } from './salesforce-connector-support.ts';

let sandbox: SalesforceSandbox | undefined;
afterEach(async () => {
  await sandbox?.close();
  sandbox = undefined;
});

// The bundled B2B + B2C set as one read: account streams, and contact streams of contacts without an account.
function b2bAndB2c(): JourneyDefinition {
  const files = ['b2b', 'b2c'].map((kind) => {
    const file = `salesforce-${kind}.yaml`;
    return { text: readFileSync(repoFile('journeys', file), 'utf8'), file };
  });
  const { set, errors } = validateJourneySet(files);
  if (!set) throw new Error(errors.map((error) => error.message).join('\n'));
  return journeySetReadDefinition(set);
}

describe('Salesforce connector: query cursors of a read', () => {
  it('a read of many streams longer than a page holds at most 8 cursors and reads the same customers', async () => {
    const clock = testClock();
    const records = toSalesforceRecords(generatePopulation({ customers: 1000, seed: 7, consumerShare: 0.4 }));
    // An org that releases a user's oldest cursor at the 9th: a read past its budget of 8 fails.
    sandbox = await startSalesforceSandbox({ records, now: clock.now, maxOpenCursors: 8 });
    const journey = b2bAndB2c();
    // Pages of 2,000: every stream fits one page, so no cursor and no budget is involved; the reference.
    const whole = await readEachOnce((await connectTo(sandbox, clock.now)).readCustomers(journey));
    expect(sandbox.inspect.requests.filter((request) => /\/query(\/|$)/.test(request.path)).length).toBeGreaterThan(10);
    expect(sandbox.inspect.requests.some((request) => /\/query\/|\/jobs\//.test(request.path))).toBe(false);
    // Business customers and leads, and consumers: contacts without an account.
    expect([...whole.keys()].filter((id) => id.startsWith('003')).length).toBeGreaterThan(100);

    // Pages of 200: most of the set's streams run to several pages, all merged at once.
    const connector = await connectTo(sandbox, clock.now, { batchSize: 200, bulkPollIntervalMs: 5 });
    sandbox.inspect.resetLog();
    const paged = await readEachOnce(connector.readCustomers(journey));
    expect(paged).toEqual(whole);
    const paths = sandbox.inspect.requests.map((request) => request.path);
    const firstPages = paths.filter((path) => /\/query$/.test(path)).length;
    // More streams than the budget, some continued on cursors and some through query jobs.
    expect(firstPages).toBeGreaterThan(10);
    expect(paths.some((path) => /\/query\/[0-9a-zA-Z]{18}-\d+$/.test(path))).toBe(true);
    expect(paths.some((path) => path.endsWith('/jobs/query'))).toBe(true);
  });

  it('without a free cursor, a customer with more rows than a page is read again from its own id, once', async () => {
    const clock = testClock();
    const records = toSalesforceRecords(generatePopulation({ customers: 30, seed: 5 }));
    const account = String(records['Account']?.[0]?.['Id']);
    const task = records['Task']?.[0] ?? {};
    // 450 tasks on one account: its rows run across pages of 200, so a full first page ends inside them.
    const many = Array.from({ length: 450 }, (_, i) => ({
      ...task,
      Id: `00TDk00000${String(900_000 + i)}AA`,
      WhoId: null,
      WhatId: account,
      AccountId: account,
    }));
    sandbox = await startSalesforceSandbox({
      records: { ...records, Task: [...(records['Task'] ?? []), ...many] },
      now: clock.now,
    });
    const journey = b2bAndB2c();
    const whole = await readEachOnce((await connectTo(sandbox, clock.now)).readCustomers(journey));
    expect((JSON.parse(whole.get(account) ?? '{}') as { Task: unknown[] }).Task.length).toBeGreaterThan(450);
    // A read partition holds no cursor: every stream starts with a page-sized LIMIT query.
    const connector = await connectTo(sandbox, clock.now, { batchSize: 200, bulkPollIntervalMs: 5 });
    expect(await readEachOnce(connector.readCustomers(journey, { range: {} }))).toEqual(whole);
  });
});
