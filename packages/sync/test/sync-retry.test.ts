import { readFileSync } from 'node:fs';
import type { JourneyDefinition } from '@crm-journey/connector';
import { connectSalesforce } from '@crm-journey/connector/salesforce';
import {
  DEFAULT_AS_OF,
  generatePopulation,
  parseFaultSpec,
  startSalesforceSandbox,
  toSalesforceRecords,
} from '@crm-journey/sandbox';
import { describe, expect, it } from 'vitest';
import { runSync } from '../src/run/run-sync.ts';
import { openSyncStore } from '../src/state/sync-store.ts';
import { repoFile } from './repo-context.ts';

const journeyFile = repoFile('journeys', 'salesforce-b2b.yaml');

describe('a customer whose write failed', () => {
  it('is read and written again by the next run, though nothing of it changed in the CRM', async () => {
    const sandbox = await startSalesforceSandbox({
      records: toSalesforceRecords(generatePopulation({ customers: 20, seed: 11 })),
      now: () => DEFAULT_AS_OF,
      // Every item of every sObject Collections write is row-locked: every write of the first run fails.
      faults: { seed: 'retry', rules: parseFaultSpec('row-lock:1') },
    });
    const connector = await connectSalesforce({
      instanceUrl: sandbox.url,
      accessToken: sandbox.accessToken,
      retry: { attempts: 2, baseDelayMs: 1 },
      rowLockDelayMs: 1,
    });
    const store = openSyncStore(':memory:');
    try {
      const checked = await connector.checkJourney(readFileSync(journeyFile, 'utf8'), journeyFile);
      const journey = checked.journey as JourneyDefinition;
      const run = (): ReturnType<typeof runSync> =>
        runSync({ connector, journey, store, scope: 'retry|b2b', asOf: DEFAULT_AS_OF });

      const first = await run();
      expect(first.customers).toBe(20);
      expect(first.failures.length).toBeGreaterThan(0);
      const failed = new Set(first.failures.map((failure) => failure.customerId));
      expect(new Set(await store.retries('retry|b2b', 100))).toEqual(failed);

      sandbox.faults?.disable();
      // Nothing changed in the CRM since the watermark: only the customers whose write failed are read.
      const second = await run();
      expect(second.failures).toEqual([]);
      expect(second.customers).toBe(failed.size);
      expect(second.stagesWritten).toBe(failed.size);
      expect(await store.retries('retry|b2b', 100)).toEqual([]);
      const stages = sandbox.inspect
        .records('Account')
        .filter((account) => failed.has(String(account['Id'])))
        .map((account) => account['Journey_Stage__c']);
      expect(stages.every((stage) => typeof stage === 'string' && stage !== '')).toBe(true);

      const third = await run();
      expect({ customers: third.customers, written: third.stagesWritten, tasks: third.tasksCreated }).toEqual({
        customers: 0,
        written: 0,
        tasks: 0,
      });
    } finally {
      await store.close();
      await connector.close();
      await sandbox.close();
    }
  });
});
