import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Connection } from 'jsforce';
import { afterAll, afterEach, describe, expect, it } from 'vitest';
import { startSalesforceSandbox, type SalesforceSandbox } from '@crm-journey/sandbox';

const VERSION = '62.0';
const directory = mkdtempSync(join(tmpdir(), 'crm-journey-org-'));
let sandbox: SalesforceSandbox | undefined;
afterEach(async () => {
  await sandbox?.close();
  sandbox = undefined;
});
afterAll(() => {
  rmSync(directory, { recursive: true, force: true });
});

describe('Salesforce sandbox: persistence', () => {
  it('keeps the org in its data file across a restart, ids continuing where they stopped', async () => {
    const dataFile = join(directory, 'org.json');
    const records = { Account: [{ Id: '001000000000001AAA', Name: 'Loaded Ltd' }] };
    sandbox = await startSalesforceSandbox({ dataFile, records });
    expect(existsSync(dataFile)).toBe(true);
    const conn = new Connection({ instanceUrl: sandbox.url, accessToken: sandbox.accessToken, version: VERSION });
    const first = await conn.sobject('Account').create({ Name: 'Created Ltd' });
    await conn.sobject('Account').destroy('001000000000001AAA');
    await sandbox.close();
    const saved = JSON.parse(readFileSync(dataFile, 'utf8')) as {
      records: { Account: { Name: string; IsDeleted: boolean }[] };
    };
    expect(saved.records.Account.map((account) => [account.Name, account.IsDeleted])).toEqual([
      ['Loaded Ltd', true],
      ['Created Ltd', false],
    ]);

    // The file wins over `records` on restart.
    sandbox = await startSalesforceSandbox({ dataFile, records: { Account: [] } });
    const again = new Connection({ instanceUrl: sandbox.url, accessToken: sandbox.accessToken, version: VERSION });
    const live = await again.query<{ Id: string; Name: string }>('SELECT Id, Name FROM Account');
    expect(live.records.map((account) => [account.Id, account.Name])).toEqual([[first.id, 'Created Ltd']]);
    const second = await again.sobject('Account').create({ Name: 'After restart' });
    expect(second.id).not.toBe(first.id);
    expect((await again.query('SELECT Id FROM Account', { scanAll: true })).totalSize).toBe(3);
  });

  it('refuses a data file that is not an org file, naming it', async () => {
    const dataFile = join(directory, 'other.json');
    writeFileSync(dataFile, '{"hello":"world"}');
    await expect(startSalesforceSandbox({ dataFile })).rejects.toThrow(
      `${dataFile} is not a Salesforce sandbox org file`,
    );
  });
});
