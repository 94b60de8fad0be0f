import { compileJourney, evaluateCustomer, type CustomerWrite } from '@crm-journey/connector';
import type { SalesforceConnector } from '@crm-journey/connector/salesforce';
import { parseFaultSpec, startSalesforceSandbox, type SalesforceSandbox } from '@crm-journey/sandbox';
import { afterEach, describe, expect, it } from 'vitest';
import {
  activityKeys,
  b2bJourney,
  connectTo,
  expectedTaskKeys,
  offlineStates,
  population,
  testClock,
} from './salesforce-connector-support.ts';

let sandbox: SalesforceSandbox | undefined;
afterEach(async () => {
  await sandbox?.close();
  sandbox = undefined;
});

// Reads and evaluates every customer; the writes are returned, not sent.
async function planWrites(connector: SalesforceConnector, asOf: number): Promise<CustomerWrite[]> {
  const journey = b2bJourney();
  const compiled = compileJourney(journey);
  const writes: CustomerWrite[] = [];
  for await (const read of connector.readCustomers(journey)) {
    const state = evaluateCustomer(compiled, { ...read, previous: read.stored, asOf });
    const tasks = state.nextActions.filter((action) => action.mode === 'create' && action.status === 'new');
    writes.push({
      customer: read.customer,
      state,
      stored: read.stored,
      tasks,
      sourceFingerprint: read.sourceFingerprint,
    });
  }
  return writes;
}

describe('Salesforce connector writing tasks through Bulk API 2.0 ingest jobs', () => {
  it('upserts through a job, retries row-locked rows, and finds every task by its key when a batch is re-sent', async () => {
    const clock = testClock();
    const records = population(300, 29);
    // Every job fails its first row with a row lock.
    const rules = parseFaultSpec('row-lock:1@PATCH /services/data/v62.0/jobs/ingest');
    sandbox = await startSalesforceSandbox({ records, now: clock.now, faults: { seed: 'row-lock', rules } });
    const journey = b2bJourney();
    const expectedKeys = expectedTaskKeys(offlineStates(b2bJourney(), records, clock.now()).values());
    const connector = await connectTo(sandbox, clock.now, { bulkWriteThreshold: 20, bulkPollIntervalMs: 5 });
    const writes = await planWrites(connector, clock.now());

    const first = await connector.write(journey, writes);
    expect(first.failures).toEqual([]);
    expect(first.tasksCreated).toBe(expectedKeys.length);
    expect(activityKeys(sandbox)).toEqual(expectedKeys);
    const requests = sandbox.inspect.requests;
    const jobs = requests.filter((request) => request.method === 'POST' && request.path.endsWith('/jobs/ingest'));
    expect(jobs.length).toBe(2); // Task and Event
    // The row-locked rows (one per job) went again, through sObject Collections.
    expect(requests.filter((request) => request.path.includes('/composite/sobjects/')).length).toBe(2);

    // The outbox re-sends a batch whose confirmation was lost: every task is found by its key.
    sandbox.faults?.disable();
    const again = await connector.write(journey, writes);
    expect(again.failures).toEqual([]);
    expect(again).toMatchObject({ tasksCreated: 0, tasksExisting: expectedKeys.length });
    expect(activityKeys(sandbox)).toEqual(expectedKeys);
  });

  it('leaves exactly the expected tasks when jobs, uploads and closes are retried after resets', async () => {
    const clock = testClock();
    const records = population(300, 29);
    sandbox = await startSalesforceSandbox({
      records,
      now: clock.now,
      faults: {
        seed: 's24',
        // Resets land after the request was applied: a job created twice, a CSV uploaded twice, a close
        // that went through.
        rules: parseFaultSpec(
          'reset:0.3@/jobs/ingest,server-error:0.2@/jobs/ingest,row-lock:1@PATCH /services/data/v62.0/jobs/ingest',
        ),
      },
    });
    const expectedKeys = expectedTaskKeys(offlineStates(b2bJourney(), records, clock.now()).values());
    const connector = await connectTo(sandbox, clock.now, { bulkWriteThreshold: 20, bulkPollIntervalMs: 5 });
    const summary = await connector.write(b2bJourney(), await planWrites(connector, clock.now()));
    expect(summary.failures).toEqual([]);
    expect(summary.tasksCreated).toBe(expectedKeys.length);
    expect(activityKeys(sandbox)).toEqual(expectedKeys);
    const injected = (sandbox.faults?.injected ?? []).map(
      (fault) => `${fault.kind} ${fault.route.split(' ')[0] ?? ''}`,
    );
    // The seed was picked so that these paths are all taken.
    expect(injected).toEqual(expect.arrayContaining(['reset PUT', 'reset PATCH', 'reset POST', 'server-error GET']));
  });
});
