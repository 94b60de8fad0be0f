import type { RecordsByObject } from '@crm-journey/connector';
import { Connection } from 'jsforce';
import { afterEach, describe, expect, it } from 'vitest';
import { startSalesforceSandbox, type SalesforceSandbox, type SalesforceSandboxOptions } from '@crm-journey/sandbox';

const VERSION = '62.0';
const NOW = Date.parse('2026-11-20T12:00:00Z');
// Jobs finish within milliseconds; poll quickly so the suite stays fast.
const POLL = { pollInterval: 20, pollTimeout: 5_000 };

let sandbox: SalesforceSandbox | undefined;
afterEach(async () => {
  await sandbox?.close();
  sandbox = undefined;
});

async function connect(
  options: SalesforceSandboxOptions = { now: () => NOW },
): Promise<{ conn: Connection; org: SalesforceSandbox }> {
  sandbox = await startSalesforceSandbox(options);
  return {
    conn: new Connection({ instanceUrl: sandbox.url, accessToken: sandbox.accessToken, version: VERSION }),
    org: sandbox,
  };
}

const contacts = (count: number): RecordsByObject => ({
  Contact: Array.from({ length: count }, (_, i) => ({
    Id: `003${String(i + 1).padStart(12, '0')}AAA`,
    FirstName: 'Jan',
    LastName: `Kowalski ${String(i + 1).padStart(3, '0')}`,
    Name: `Jan Kowalski ${String(i + 1).padStart(3, '0')}`,
  })),
});

describe('Salesforce sandbox: Bulk API 2.0', () => {
  it('runs an ingest job through jsforce loadAndWaitForResults, with per-row successes and failures', async () => {
    const { conn, org } = await connect();
    const results = await conn.bulk2.loadAndWaitForResults({
      object: 'Contact',
      operation: 'insert',
      input: [
        { FirstName: 'Anna', LastName: 'Nowak', Email: 'anna@example.com' },
        { FirstName: 'Без', LastName: null, Email: 'x@example.com' },
        { FirstName: 'Ola', LastName: 'Lis', Email: 'not, an "email"' },
      ],
      ...POLL,
    });
    expect(results.successfulResults).toEqual([
      {
        sf__Id: expect.stringMatching(/^003/) as string,
        sf__Created: 'true',
        FirstName: 'Anna',
        LastName: 'Nowak',
        Email: 'anna@example.com',
      },
      {
        sf__Id: expect.stringMatching(/^003/) as string,
        sf__Created: 'true',
        FirstName: 'Ola',
        LastName: 'Lis',
        Email: 'not, an "email"',
      },
    ]);
    expect(results.failedResults).toEqual([
      {
        sf__Id: '',
        sf__Error: 'REQUIRED_FIELD_MISSING:Required fields are missing: [LastName]:LastName --',
        FirstName: 'Без',
        LastName: '#N/A',
        Email: 'x@example.com',
      },
    ]);
    expect(org.inspect.records('Contact').map((contact) => contact['Name'])).toEqual(['Anna Nowak', 'Ola Lis']);
    const calls = Object.keys(org.inspect.callsByEndpoint());
    expect(calls).toEqual(
      expect.arrayContaining([
        `POST /services/data/v${VERSION}/jobs/ingest`,
        `PUT /services/data/v${VERSION}/jobs/ingest/:id/batches`,
        `PATCH /services/data/v${VERSION}/jobs/ingest/:id`,
        `GET /services/data/v${VERSION}/jobs/ingest/:id/failedResults`,
      ]),
    );
  });

  it('upserts on the action key in bulk, reporting sf__Created', async () => {
    const { conn, org } = await connect();
    const load = (subject: string) =>
      conn.bulk2.loadAndWaitForResults({
        object: 'Task',
        operation: 'upsert',
        externalIdFieldName: 'Journey_Action_Key__c',
        input: [{ Subject: subject, Journey_Action_Key__c: 'cj:bulk:1' }],
        ...POLL,
      });
    expect((await load('First')).successfulResults).toMatchObject([{ sf__Created: 'true' }]);
    expect((await load('Second')).successfulResults).toMatchObject([{ sf__Created: 'false' }]);
    expect(org.inspect.records('Task')).toMatchObject([{ Subject: 'Second', Journey_Action_Key__c: 'cj:bulk:1' }]);
  });

  it('fails the first row with UNABLE_TO_LOCK_ROW when a row-lock fault meets the job close', async () => {
    const { conn, org } = await connect({
      now: () => NOW,
      faults: { seed: 2, rules: [{ kind: 'row-lock', rate: 1, route: 'PATCH /services/data/v62.0/jobs/ingest' }] },
    });
    const results = await conn.bulk2.loadAndWaitForResults({
      object: 'Account',
      operation: 'insert',
      input: [{ Name: 'Locked' }, { Name: 'Written' }],
      ...POLL,
    });
    expect(results.failedResults).toEqual([
      {
        sf__Id: '',
        sf__Error: 'UNABLE_TO_LOCK_ROW:unable to obtain exclusive access to this record: --',
        Name: 'Locked',
      },
    ]);
    expect(org.inspect.records('Account').map((account) => account['Name'])).toEqual(['Written']);
  });

  it('runs a query job through jsforce bulk2.query, parent fields as dotted CSV columns', async () => {
    const { conn } = await connect({
      records: { Account: [{ Id: '001000000000001AAA', Name: 'Acme "North", Ltd' }], ...contacts(3) },
      now: () => NOW,
    });
    await conn.sobject('Contact').update({ Id: '003000000000002AAA', AccountId: '001000000000001AAA' });
    const stream = await conn.bulk2.query('SELECT Id, LastName, Account.Name FROM Contact ORDER BY LastName', POLL);
    expect(await stream.toArray()).toEqual([
      { Id: '003000000000001AAA', LastName: 'Kowalski 001', 'Account.Name': '' },
      { Id: '003000000000002AAA', LastName: 'Kowalski 002', 'Account.Name': 'Acme "North", Ltd' },
      { Id: '003000000000003AAA', LastName: 'Kowalski 003', 'Account.Name': '' },
    ]);
    await conn.sobject('Contact').destroy('003000000000003AAA');
    const all = await (
      await conn.bulk2.query('SELECT Id, IsDeleted FROM Contact', { ...POLL, scanAll: true })
    ).toArray();
    expect(all.filter((row: Record<string, unknown>) => row['IsDeleted'] === 'true')).toHaveLength(1);
    await expect(conn.bulk2.query('SELECT Id, Nope FROM Contact', POLL)).rejects.toMatchObject({
      errorCode: 'INVALID_FIELD',
    });
  });

  it('pages query results with Sforce-Locator and maxRecords, ending with the locator "null"', async () => {
    const { org } = await connect({ records: contacts(5), now: () => NOW });
    const headers = { authorization: `Bearer ${org.accessToken}`, 'content-type': 'application/json' };
    const base = `${org.url}/services/data/v${VERSION}/jobs/query`;
    const created = (await (
      await fetch(base, {
        method: 'POST',
        headers,
        body: JSON.stringify({ operation: 'query', query: 'SELECT Id FROM Contact ORDER BY Id' }),
      })
    ).json()) as { id: string; state: string; jobType: string };
    expect(created).toMatchObject({
      state: 'UploadComplete',
      jobType: 'V2Query',
      operation: 'query',
      object: 'Contact',
    });
    let info = created;
    while (info.state !== 'JobComplete') {
      await new Promise((resolve) => setTimeout(resolve, 5));
      info = (await (await fetch(`${base}/${created.id}`, { headers })).json()) as typeof created;
    }
    const pages: string[][] = [];
    let locator: string | null = null;
    do {
      const query: string = locator === null ? '?maxRecords=2' : `?maxRecords=2&locator=${locator}`;
      const response: Response = await fetch(`${base}/${created.id}/results${query}`, { headers });
      expect(response.headers.get('content-type')).toBe('text/csv');
      pages.push((await response.text()).trim().split('\n'));
      locator = response.headers.get('sforce-locator');
    } while (locator !== 'null');
    expect(pages.map((lines) => lines.length - 1)).toEqual([2, 2, 1]);
    expect(pages[0]?.[0]).toBe('"Id"');
  });
});
