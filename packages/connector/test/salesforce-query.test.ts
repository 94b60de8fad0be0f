import { readFileSync } from 'node:fs';
import type { RecordsByObject } from '@crm-journey/connector';
import { Connection } from 'jsforce';
import { afterEach, describe, expect, it } from 'vitest';
import { startSalesforceSandbox, type SalesforceSandbox, type SalesforceSandboxOptions } from '@crm-journey/sandbox';
import { repoFile } from './repo-file.ts';

const VERSION = '62.0';
const NOW = Date.parse('2026-11-20T12:00:00Z');
const snapshot = JSON.parse(
  readFileSync(repoFile('fixtures', 'snapshots', 'salesforce-b2b.json'), 'utf8'),
) as RecordsByObject;

let sandbox: SalesforceSandbox | undefined;
afterEach(async () => {
  await sandbox?.close();
  sandbox = undefined;
});

async function connect(options: SalesforceSandboxOptions = { records: snapshot, now: () => NOW }): Promise<Connection> {
  sandbox = await startSalesforceSandbox(options);
  return new Connection({ instanceUrl: sandbox.url, accessToken: sandbox.accessToken, version: VERSION });
}

/** `count` tasks with ids 00T000000000001AAA..., subjects T0001..., every third one closed. */
function tasks(count: number): RecordsByObject {
  return {
    Task: Array.from({ length: count }, (_, i) => ({
      Id: `00T${String(i + 1).padStart(12, '0')}AAA`,
      Subject: `T${String(i + 1).padStart(4, '0')}`,
      Status: i % 3 === 0 ? 'Completed' : 'Not Started',
      IsClosed: i % 3 === 0,
      Priority: 'Normal',
      CreatedDate: '2026-11-01T09:00:00.000+0000',
    })),
  };
}

const ids = (records: readonly { Id?: unknown }[]): unknown[] => records.map((record) => record.Id);

describe('Salesforce sandbox: query and queryMore', () => {
  it('pages through nextRecordsUrl honouring Sforce-Query-Options, as jsforce autoFetch follows it', async () => {
    const conn = await connect({ records: tasks(450), now: () => NOW });
    const headers = { 'Sforce-Query-Options': 'batchSize=200' };
    const first = await conn.query('SELECT Id, Subject FROM Task ORDER BY Subject', { headers });
    expect(first).toMatchObject({ totalSize: 450, done: false });
    expect(first.records).toHaveLength(200);
    expect(first.nextRecordsUrl).toMatch(new RegExp(`/services/data/v${VERSION}/query/01g\\w{15}-200$`));
    // The cursor keeps the page size it was opened with.
    const second = await conn.queryMore(first.nextRecordsUrl ?? '');
    expect(second.records).toHaveLength(200);
    expect(second.records[0]).toMatchObject({ Subject: 'T0201' });

    const all = await conn.query('SELECT Id FROM Task').run({ autoFetch: true, maxFetch: 1000, headers });
    expect(all.records).toHaveLength(450);
    expect(new Set(ids(all.records)).size).toBe(450);
    const capped = await conn.query('SELECT Id FROM Task').run({ autoFetch: true, maxFetch: 300, headers });
    expect(capped.records).toHaveLength(300);
    const calls = sandbox?.inspect.callsByEndpoint() ?? {};
    expect(calls[`GET /services/data/v${VERSION}/query/:locator`]).toBeGreaterThanOrEqual(4);
  });

  it('defaults to pages of 2000 and keeps at most 10 open cursors per user', async () => {
    const conn = await connect({ records: tasks(2100), now: () => NOW });
    const page = await conn.query('SELECT Id FROM Task');
    expect(page.records).toHaveLength(2000);
    const locators: string[] = [page.nextRecordsUrl ?? ''];
    for (let i = 0; i < 10; i++) locators.push((await conn.query('SELECT Id FROM Task')).nextRecordsUrl ?? '');
    await expect(conn.queryMore(locators[0] ?? '')).rejects.toMatchObject({ errorCode: 'INVALID_QUERY_LOCATOR' });
    expect((await conn.queryMore(locators[10] ?? '')).records).toHaveLength(100);
  });

  it('nests parent relationship fields under their relationship name and resolves names case-insensitively', async () => {
    const conn = await connect();
    const result = await conn.query(
      "select id, name, account.name, OWNER.name from contact where account.name like 'Kowalski%'",
    );
    expect(result.records).toEqual([
      {
        attributes: { type: 'Contact', url: `/services/data/v${VERSION}/sobjects/Contact/003000000000002AAA` },
        Id: '003000000000002AAA',
        Name: 'Anna Kowalska',
        Account: {
          attributes: { type: 'Account', url: `/services/data/v${VERSION}/sobjects/Account/001000000000001AAA` },
          Name: 'Kowalski Logistyka sp. z o.o.',
        },
        Owner: {
          attributes: { type: 'User', url: `/services/data/v${VERSION}/sobjects/User/005000000000001AAA` },
          Name: 'Sandbox Admin',
        },
      },
    ]);
    const tasksWithWhat = await conn.query<{ What: unknown }>(
      "SELECT Id, What.Name FROM Task WHERE Subject = 'Intro call'",
    );
    expect(tasksWithWhat.records[0]?.What).toBeNull();
  });

  it('filters, orders, limits and counts like SOQL', async () => {
    const conn = await connect();
    const expected = (snapshot['Opportunity'] ?? []).filter(
      (o) => o['IsClosed'] === false && ((o['Amount'] as number) > 10000 || o['StageName'] === 'Prospecting'),
    ).length;
    expect(expected).toBeGreaterThan(0);
    const count = await conn.query(
      "SELECT COUNT() FROM Opportunity WHERE IsClosed = false AND (Amount > 10000 OR StageName IN ('Prospecting'))",
    );
    expect(count).toEqual({ totalSize: expected, done: true, records: [] });
    const open = await conn.query<{ Id: string; Amount: number | null; StageName: string }>(
      'SELECT Id, Amount, StageName FROM Opportunity WHERE IsClosed = false ORDER BY Amount DESC NULLS LAST, Id',
    );
    const amounts = open.records.map((record) => record.Amount);
    expect(amounts).toEqual([...amounts].sort((a, b) => (b ?? -Infinity) - (a ?? -Infinity)));
    const page = await conn.query('SELECT Id FROM Opportunity ORDER BY Id LIMIT 2 OFFSET 1');
    const everything = await conn.query('SELECT Id FROM Opportunity ORDER BY Id');
    expect(ids(page.records)).toEqual(ids(everything.records).slice(1, 3));
    const notIn = await conn.query("SELECT Id FROM Lead WHERE NOT (Status NOT IN ('Open - Not Contacted'))");
    const inList = await conn.query("SELECT Id FROM Lead WHERE Status IN ('Open - Not Contacted')");
    expect(ids(notIn.records)).toEqual(ids(inList.records));
    const recent = await conn.query('SELECT Id FROM Lead WHERE CreatedDate = LAST_N_DAYS:7');
    expect(ids(recent.records)).toEqual(['00Q000000000049AAA']);
    expect(
      (await conn.query('SELECT Id FROM Task WHERE ActivityDate < TODAY AND IsClosed = false')).totalSize,
    ).toBeGreaterThan(0);
  });

  it('includes deleted rows, flagged IsDeleted, only in queryAll', async () => {
    const conn = await connect();
    await conn.sobject('Case').destroy('500000000000026AAA');
    const live = await conn.query('SELECT Id FROM Case');
    const all = await conn.query<{ Id: string; IsDeleted: boolean }>('SELECT Id, IsDeleted FROM Case ORDER BY Id', {
      scanAll: true,
    });
    expect(ids(live.records)).toEqual(['500000000000035AAA']);
    expect(all.records.map((record) => [record.Id, record.IsDeleted])).toEqual([
      ['500000000000026AAA', true],
      ['500000000000035AAA', false],
    ]);
    expect(sandbox?.inspect.callsByEndpoint()[`GET /services/data/v${VERSION}/queryAll`]).toBe(1);
  });

  it('answers bad SOQL with Salesforce error codes and its row/column preamble', async () => {
    const conn = await connect();
    const bodyOf = async (soql: string): Promise<unknown> => {
      const url = `${sandbox?.url ?? ''}/services/data/v${VERSION}/query?q=${encodeURIComponent(soql)}`;
      const response = await fetch(url, { headers: { authorization: `Bearer ${sandbox?.accessToken ?? ''}` } });
      expect(response.status).toBe(400);
      return response.json();
    };
    expect(await bodyOf('SELECT Id, Nmae FROM Account')).toEqual([
      {
        message:
          "\nSELECT Id, Nmae FROM Account\n           ^\nERROR at Row:1:Column:12\nNo such column 'Nmae' on entity 'Account'. If you are attempting to use a custom field, be sure to append the '__c' after the custom field name. Please reference your WSDL or the describe call for the appropriate names.",
        errorCode: 'INVALID_FIELD',
      },
    ]);
    expect(await bodyOf('SELECT Id FORM Account')).toEqual([
      { message: expect.stringContaining('ERROR at Row:1:Column:') as string, errorCode: 'MALFORMED_QUERY' },
    ]);
    await expect(conn.query('SELECT Id FROM Widget')).rejects.toMatchObject({ errorCode: 'INVALID_TYPE' });
    await expect(conn.query('SELECT Id FROM Account OFFSET 2001')).rejects.toMatchObject({
      errorCode: 'NUMBER_OUTSIDE_VALID_RANGE',
    });
    await expect(conn.query('SELECT Id FROM Account WHERE CreatedDate > 2026-01-01')).rejects.toMatchObject({
      errorCode: 'INVALID_FIELD',
    });
    await expect(conn.query("SELECT Id FROM Account WHERE Journey_State__c = 'x'")).rejects.toMatchObject({
      errorCode: 'INVALID_FIELD',
      message: expect.stringContaining("field 'Journey_State__c' can not be filtered") as string,
    });
    await expect(conn.query('SELECT Id, (SELECT Id FROM Contacts) FROM Account')).rejects.toMatchObject({
      errorCode: 'SANDBOX_UNSUPPORTED',
    });
  });

  it('expands FIELDS(ALL) and reports custom fields found in loaded records', async () => {
    const conn = await connect({
      records: { Account: [{ Id: '001000000000001AAA', Name: 'Acme', Segment__c: 'Enterprise', Seats__c: 40 }] },
      now: () => NOW,
    });
    const result = await conn.query<Record<string, unknown>>('SELECT FIELDS(ALL) FROM Account LIMIT 200');
    expect(result.records[0]).toMatchObject({
      Name: 'Acme',
      Segment__c: 'Enterprise',
      Seats__c: 40,
      Journey_Stage__c: null,
    });
    const describe = await conn.describe('Account');
    expect(describe.fields.find((field) => field.name === 'Seats__c')).toMatchObject({ type: 'double', custom: true });
    await expect(conn.query('SELECT FIELDS(ALL) FROM Account')).rejects.toMatchObject({ errorCode: 'MALFORMED_QUERY' });
  });
});
