import { describe, expect, it } from 'vitest';
import { parseFaultSpec } from './faults/fault-schedule.ts';
import { startSandbox } from './start-sandbox.ts';

describe('startSandbox', () => {
  it('starts a Salesforce org with a generated population and a token target', async () => {
    const sandbox = await startSandbox('salesforce', { customers: 20, seed: 7, apiLimit: 50 });
    try {
      expect(sandbox.crm).toBe('salesforce');
      expect(sandbox.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
      expect(sandbox.target).toEqual({ crm: 'salesforce', instanceUrl: sandbox.url, accessToken: sandbox.accessToken });
      expect(sandbox.targetFlags).toEqual(['--instance-url', sandbox.url, '--access-token', sandbox.accessToken]);
      expect(sandbox.title).toBe('Salesforce sandbox with 20 generated customers (seed 7)');
      expect(sandbox.inspect.count('Account') + sandbox.inspect.count('Lead')).toBeGreaterThanOrEqual(20);
      const limits = await fetch(`${sandbox.url}/services/data/v62.0/limits`, {
        headers: { authorization: `Bearer ${sandbox.accessToken ?? ''}` },
      });
      expect(((await limits.json()) as { DailyApiRequests: { Max: number } }).DailyApiRequests.Max).toBe(50);
    } finally {
      await sandbox.close();
    }
  });

  it('starts a SugarCRM org with the given credentials, faults and a password target', async () => {
    const faults = { seed: 's', rules: parseFaultSpec('server-error:0.5') };
    const sandbox = await startSandbox('sugarcrm', { customers: 5, username: 'u1', password: 'p1', faults });
    try {
      expect(sandbox.crm).toBe('sugarcrm');
      expect(sandbox.target).toEqual({ crm: 'sugarcrm', url: sandbox.url, username: 'u1', password: 'p1' });
      expect(sandbox.targetFlags).toEqual(['--sugar-url', sandbox.url, '--sugar-user', 'u1', '--sugar-password', 'p1']);
      expect(sandbox.faults?.rules).toEqual(faults.rules);
      expect(sandbox.inspect.count('Accounts') + sandbox.inspect.count('Leads')).toBeGreaterThanOrEqual(5);
    } finally {
      await sandbox.close();
    }
  });

  it('takes given records instead of generating and says so in its title', async () => {
    const sandbox = await startSandbox('salesforce', { records: { Account: [] }, customers: 99 });
    try {
      expect(sandbox.inspect.count('Account')).toBe(0);
      expect(sandbox.title).toBe('Salesforce sandbox');
    } finally {
      await sandbox.close();
    }
  });
});
