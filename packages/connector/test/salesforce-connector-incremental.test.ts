import type { RecordsByObject } from '@crm-journey/connector';
import { startSalesforceSandbox, type SalesforceSandbox } from '@crm-journey/sandbox';
import { afterEach, describe, expect, it } from 'vitest';
import { b2bJourney, connectTo, population, syncRun, testClock } from './salesforce-connector-support.ts';

let sandbox: SalesforceSandbox | undefined;
afterEach(async () => {
  await sandbox?.close();
  sandbox = undefined;
});

// The generator dates a few records after the test clock: their customers count as changed on every run.
function futureCustomers(records: RecordsByObject, watermark: string): Set<string> {
  return new Set(
    Object.values(records)
      .flatMap((rows) => rows ?? [])
      .filter((row) => Date.parse(String(row['SystemModstamp']).replace('+0000', 'Z')) > Date.parse(watermark))
      .map((row) => String(row['AccountId'])),
  );
}

const queries = (box: SalesforceSandbox): number =>
  box.inspect.requests.filter((request) => /\/query(All)?(\/|$)/.test(request.path)).length;

describe('Salesforce connector: incremental reads after its own writes', () => {
  it.each([
    { read: 'REST query pages', options: {} },
    // The fingerprints are taken from CSV rows and compared with REST rows: dates and numbers must agree.
    { read: 'Bulk API query jobs', options: { bulkQueryThreshold: 1, batchSize: 200, bulkPollIntervalMs: 5 } },
  ])(
    'a run right after a run reads none of the customers it wrote, and writes nothing ($read)',
    async ({ options }) => {
      const clock = testClock();
      const records = population(400, 5);
      sandbox = await startSalesforceSandbox({ records, now: clock.now });
      const journey = b2bJourney();
      const connector = await connectTo(sandbox, clock.now, { watermarkMarginMs: 1000, ...options });
      const first = await syncRun(connector, journey, clock.now());
      expect(first.summary.stagesWritten).toBeGreaterThan(200);
      expect(first.summary.tasksCreated).toBeGreaterThan(100);

      clock.advance(60_000);
      sandbox.inspect.resetLog();
      const second = await syncRun(connector, journey, clock.now(), first.read.watermark);
      const future = futureCustomers(records, first.read.watermark);
      expect(future.size).toBeLessThan(10);
      expect(new Set(second.states.keys())).toEqual(future);
      expect(sandbox.inspect.writes).toEqual([]);
      // One changed-rows query per live stream, then one batch of re-reads for the few dated customers.
      expect(queries(sandbox)).toBeLessThan(40);
    },
  );

  it('still reads a customer another user changed: its root between our read and our write, a deal, a task', async () => {
    const clock = testClock();
    const records = population(200, 5);
    sandbox = await startSalesforceSandbox({ records, now: clock.now });
    const box = sandbox;
    const journey = b2bJourney();
    const connector = await connectTo(box, clock.now, { watermarkMarginMs: 1000 });
    const accounts = (records['Account'] ?? []).map((account) => String(account['Id']));
    const open = (records['Opportunity'] ?? []).find((opportunity) => opportunity['IsClosed'] === false);
    const dealAccount = String(open?.['AccountId']);
    const editedMidRun = accounts.find((id) => id !== dealAccount) ?? '';

    // The root is edited after the read and before our journey-field write lands on it: the same user
    // (the sandbox edits as the integration user), so only the fingerprint can tell.
    const first = await syncRun(connector, journey, clock.now(), undefined, () => {
      clock.advance(1000);
      box.update('Account', editedMidRun, { Description: 'Edited while the sync was running' });
    });
    expect(first.summary.stagesWritten).toBeGreaterThan(100);
    const written = new Set(box.inspect.writes.map((write) => write.id));
    expect(written.has(editedMidRun)).toBe(true);

    clock.advance(60_000);
    expect(first.states.get(dealAccount)?.stage).toMatch(/evaluation|purchase/);
    box.update('Opportunity', String(open?.['Id']), { StageName: 'Closed Won', CloseDate: '2026-11-19' });
    const ours = box.inspect
      .records('Task')
      .find(
        (task) =>
          typeof task['Journey_Action_Key__c'] === 'string' &&
          ![dealAccount, editedMidRun].includes(String(task['WhatId'])),
      );
    const taskAccount = String(ours?.['WhatId']);
    expect(taskAccount).toMatch(/^001/);
    box.update('Task', String(ours?.['Id']), { Status: 'Completed' });
    clock.advance(60_000);

    const second = await syncRun(connector, journey, clock.now(), first.read.watermark);
    const future = futureCustomers(records, first.read.watermark);
    expect(new Set(second.states.keys())).toEqual(new Set([editedMidRun, dealAccount, taskAccount, ...future]));
    expect(second.states.get(dealAccount)?.stage).toBe('onboarding');
    expect(second.summary.failures).toEqual([]);
  });
});
