import { readFileSync } from 'node:fs';
import type { RecordsByObject } from '@crm-journey/connector';
import { Connection } from 'jsforce';
import { afterEach, describe, expect, it } from 'vitest';
import { startSalesforceSandbox, type SalesforceSandbox, type SalesforceSandboxOptions } from '@crm-journey/sandbox';
import { repoFile } from './repo-file.ts';

const VERSION = '62.0';
const snapshot = JSON.parse(
  readFileSync(repoFile('fixtures', 'snapshots', 'salesforce-b2b.json'), 'utf8'),
) as RecordsByObject;
const ACCOUNT = '001000000000001AAA';

let sandbox: SalesforceSandbox | undefined;
let now = Date.parse('2026-11-20T12:00:00Z');
afterEach(async () => {
  await sandbox?.close();
  sandbox = undefined;
  now = Date.parse('2026-11-20T12:00:00Z');
});

async function connect(options: SalesforceSandboxOptions = {}): Promise<{ conn: Connection; org: SalesforceSandbox }> {
  sandbox = await startSalesforceSandbox({ records: snapshot, now: () => now, ...options });
  return {
    conn: new Connection({ instanceUrl: sandbox.url, accessToken: sandbox.accessToken, version: VERSION }),
    org: sandbox,
  };
}

async function rest(
  org: SalesforceSandbox,
  method: string,
  path: string,
  body?: unknown,
  version = VERSION,
): Promise<{ status: number; body: unknown }> {
  const response = await fetch(`${org.url}/services/data/v${version}${path}`, {
    method,
    headers: { authorization: `Bearer ${org.accessToken}`, 'content-type': 'application/json' },
    ...(body === undefined ? {} : { body: JSON.stringify(body) }),
  });
  const text = await response.text();
  return { status: response.status, body: text === '' ? null : (JSON.parse(text) as unknown) };
}

describe('Salesforce sandbox: writes', () => {
  it('creates tasks through collections with per-item results, failing a duplicate action key as a real org does', async () => {
    const { conn, org } = await connect();
    const before = org.inspect.count('Task');
    const results = await conn.sobject('Task').create([
      { Subject: 'Send proposal', WhatId: ACCOUNT, Journey_Action_Key__c: 'cj:test:1' },
      { Subject: 'Again', Journey_Action_Key__c: 'CJ:TEST:1' },
      { Subject: 'Bad date', ActivityDate: '2026-13-01' },
      { Subject: 'Follow up', Status: 'Completed', Priority: 'High', Journey_Action_Key__c: 'cj:test:2' },
    ]);
    expect(results).toEqual([
      { id: expect.stringMatching(/^00T\w{15}$/) as string, success: true, errors: [] },
      {
        success: false,
        errors: [
          {
            statusCode: 'DUPLICATE_VALUE',
            message: `duplicate value found: Journey_Action_Key__c duplicates value on record with id: ${results[0]?.id ?? ''}`,
            fields: [],
          },
        ],
      },
      {
        success: false,
        errors: [
          {
            statusCode: 'INVALID_TYPE_ON_FIELD_IN_RECORD',
            message: 'Activity Date: value not of required type: 2026-13-01',
            fields: ['ActivityDate'],
          },
        ],
      },
      { id: expect.any(String) as string, success: true, errors: [] },
    ]);
    expect(org.inspect.count('Task')).toBe(before + 2);
    const created = org.inspect.records('Task').find((task) => task['Id'] === results[3]?.id);
    expect(created).toMatchObject({
      Status: 'Completed',
      IsClosed: true,
      IsHighPriority: true,
      TaskSubtype: 'Task',
      OwnerId: org.userId,
      CreatedDate: '2026-11-20T12:00:00.000+0000',
      SystemModstamp: '2026-11-20T12:00:00.000+0000',
      CompletedDateTime: '2026-11-20T12:00:00.000+0000',
    });
    const first = org.inspect.records('Task').find((task) => task['Id'] === results[0]?.id);
    expect(first).toMatchObject({ AccountId: ACCOUNT, Status: 'Not Started', Priority: 'Normal', IsClosed: false });
    expect(org.inspect.writes.map((write) => [write.operation, write.object, write.fields['Subject']])).toEqual([
      ['create', 'Task', 'Send proposal'],
      ['create', 'Task', 'Follow up'],
    ]);
  });

  it('rolls every record back with allOrNone', async () => {
    const { conn, org } = await connect();
    const before = org.inspect.count('Contact');
    const results = await conn
      .sobject('Contact')
      .create([{ LastName: 'Nowak', AccountId: ACCOUNT }, { FirstName: 'No last name' }], {
        allOrNone: true,
      });
    expect(results).toEqual([
      {
        success: false,
        errors: [
          {
            statusCode: 'ALL_OR_NONE_OPERATION_ROLLED_BACK',
            message: 'Record rolled back because not all records were valid and the request was using AllOrNone header',
            fields: [],
          },
        ],
      },
      {
        success: false,
        errors: [
          {
            statusCode: 'REQUIRED_FIELD_MISSING',
            message: 'Required fields are missing: [LastName]',
            fields: ['LastName'],
          },
        ],
      },
    ]);
    expect(org.inspect.count('Contact')).toBe(before);
    expect(org.inspect.writes).toEqual([]);
  });

  it('upserts on Journey_Action_Key__c: created, then updated, never a second task', async () => {
    const { conn, org } = await connect();
    const key = 'cj:salesforce-b2b:001000000000001AAA:purchase:abc:demo';
    const first = await conn
      .sobject('Task')
      .upsert([{ Subject: 'Book demo', Journey_Action_Key__c: key }], 'Journey_Action_Key__c');
    now += 60_000;
    const second = await conn
      .sobject('Task')
      .upsert([{ Subject: 'Book the demo', Journey_Action_Key__c: key }], 'Journey_Action_Key__c');
    expect(first).toEqual([{ id: expect.any(String) as string, success: true, errors: [], created: true }]);
    expect(second).toEqual([{ id: first[0]?.id, success: true, errors: [], created: false }]);
    const matching = org.inspect.records('Task').filter((task) => task['Journey_Action_Key__c'] === key);
    expect(matching).toHaveLength(1);
    expect(matching[0]).toMatchObject({
      Subject: 'Book the demo',
      CreatedDate: '2026-11-20T12:00:00.000+0000',
      SystemModstamp: '2026-11-20T12:01:00.000+0000',
      LastModifiedDate: '2026-11-20T12:01:00.000+0000',
    });
    // The single-record form: PATCH /sobjects/Task/Journey_Action_Key__c/<value>.
    const single = await conn
      .sobject('Task')
      .upsert({ Subject: 'Book it', Journey_Action_Key__c: key }, 'Journey_Action_Key__c');
    expect(single).toEqual({ id: first[0]?.id, success: true, errors: [], created: false });
    expect(org.inspect.writes.map((write) => write.operation)).toEqual(['upsert', 'upsert', 'upsert']);
  });

  it('refuses more than 200 records per collections call with EXCEEDED_ID_LIMIT', async () => {
    const { conn, org } = await connect();
    const many = Array.from({ length: 201 }, (_, i) => ({ Subject: `Task ${i}` }));
    await expect(conn.sobject('Task').create(many)).rejects.toMatchObject({
      errorCode: 'EXCEEDED_ID_LIMIT',
      message: 'record limit reached. cannot submit more than 200 records into this call',
    });
    const chunked = await conn.sobject('Task').create(many, { allowRecursive: true });
    expect(chunked.every((result) => result.success)).toBe(true);
    expect(org.inspect.callsByEndpoint()[`POST /services/data/v${VERSION}/composite/sobjects`]).toBe(3);
  });

  it('fails one item with UNABLE_TO_LOCK_ROW on a row-lock fault', async () => {
    const { conn, org } = await connect({
      faults: { seed: 7, rules: [{ kind: 'row-lock', rate: 1, route: 'PATCH /services/data' }] },
    });
    const results = await conn.sobject('Contact').update([
      { Id: '003000000000002AAA', Title: 'CFO' },
      { Id: '003000000000012AAA', Title: 'CTO' },
    ]);
    expect(results).toEqual([
      {
        id: '003000000000002AAA',
        success: false,
        errors: [
          { statusCode: 'UNABLE_TO_LOCK_ROW', message: 'unable to obtain exclusive access to this record', fields: [] },
        ],
      },
      { id: '003000000000012AAA', success: true, errors: [] },
    ]);
    expect(org.faults?.injected).toEqual([
      { call: 1, route: `PATCH /services/data/v${VERSION}/composite/sobjects`, kind: 'row-lock' },
    ]);
  });

  it('keeps derived fields and appends OpportunityHistory and LeadHistory rows', async () => {
    const { conn, org } = await connect();
    const created = await conn
      .sobject('Opportunity')
      .create({ Name: 'Renewal', StageName: 'Prospecting', CloseDate: '2026-12-31', Amount: 1000, AccountId: ACCOUNT });
    now += 3_600_000;
    await conn.sobject('Opportunity').update({ Id: created.id ?? '', StageName: 'Closed Won' });
    const opportunity = await conn.sobject('Opportunity').retrieve(created.id ?? '');
    expect(opportunity).toMatchObject({
      IsClosed: true,
      IsWon: true,
      Probability: 100,
      ForecastCategoryName: 'Closed',
      ExpectedRevenue: 1000,
    });
    const history = await conn.query(
      `SELECT StageName, Amount, Probability, CreatedDate FROM OpportunityHistory WHERE OpportunityId = '${created.id ?? ''}' ORDER BY CreatedDate`,
    );
    expect(history.records.map((row): unknown[] => [row['StageName'], row['Probability'], row['CreatedDate']])).toEqual(
      [
        ['Prospecting', 10, '2026-11-20T12:00:00.000+0000'],
        ['Closed Won', 100, '2026-11-20T13:00:00.000+0000'],
      ],
    );

    const lead = await conn.sobject('Lead').create({ FirstName: 'Ewa', LastName: 'Lis', Company: 'Lis sp. j.' });
    await conn.sobject('Lead').update({ Id: lead.id ?? '', Status: 'Working - Contacted' });
    org.update('Lead', lead.id ?? '', { IsConverted: true, Status: 'Closed - Converted', ConvertedAccountId: ACCOUNT });
    const rows = await conn.query(
      `SELECT Field, OldValue, NewValue FROM LeadHistory WHERE LeadId = '${lead.id ?? ''}' ORDER BY CreatedDate`,
    );
    expect(rows.records.map((row): unknown[] => [row['Field'], row['OldValue'], row['NewValue']])).toEqual([
      ['created', null, null],
      ['Status', 'Open - Not Contacted', 'Working - Contacted'],
      ['Status', 'Working - Contacted', 'Closed - Converted'],
      ['leadConverted', null, null],
    ]);
    const converted = org.inspect.records('Lead').find((record) => record['Id'] === lead.id);
    expect(converted).toMatchObject({ Name: 'Ewa Lis', IsConverted: true, ConvertedDate: '2026-11-20' });
    // Conversion fields are read-only through the API (conversion is an admin action here).
    await expect(conn.sobject('Lead').update({ Id: lead.id ?? '', IsConverted: false })).rejects.toMatchObject({
      errorCode: 'INVALID_FIELD_FOR_INSERT_UPDATE',
      data: { fields: ['IsConverted'] },
    });
  });

  it('answers single-record REST calls with the documented statuses and bodies', async () => {
    const { org } = await connect();
    const created = await rest(org, 'POST', '/sobjects/Account', { Name: 'Zakłady Północ' });
    expect(created).toEqual({
      status: 201,
      body: { id: expect.stringMatching(/^001/) as string, success: true, errors: [] },
    });
    const id = (created.body as { id: string }).id;
    expect(await rest(org, 'PATCH', `/sobjects/Account/${id}`, { Industry: 'Energy' })).toEqual({
      status: 204,
      body: null,
    });
    const record = await rest(org, 'GET', `/sobjects/Account/${id}`);
    expect(record.body).toMatchObject({
      attributes: { type: 'Account', url: `/services/data/v${VERSION}/sobjects/Account/${id}` },
      Id: id,
      Name: 'Zakłady Północ',
      Industry: 'Energy',
      Journey_Stage__c: null,
      IsDeleted: false,
    });
    expect(await rest(org, 'POST', '/sobjects/Account', { Nmae: 'x' })).toEqual({
      status: 400,
      body: [{ message: "No such column 'Nmae' on sobject of type Account", errorCode: 'INVALID_FIELD', fields: [] }],
    });
    expect(await rest(org, 'POST', '/sobjects/Account', {})).toEqual({
      status: 400,
      body: [{ message: 'Required fields are missing: [Name]', errorCode: 'REQUIRED_FIELD_MISSING', fields: ['Name'] }],
    });
    expect(await rest(org, 'DELETE', `/sobjects/Account/${id}`)).toEqual({ status: 204, body: null });
    expect(await rest(org, 'GET', `/sobjects/Account/${id}`)).toEqual({
      status: 404,
      body: [{ message: 'The requested resource does not exist', errorCode: 'NOT_FOUND' }],
    });
    const upsert = (version: string) =>
      rest(org, 'PATCH', '/sobjects/Task/Journey_Action_Key__c/k-9', { Subject: 'Call' }, version);
    expect(await upsert(VERSION)).toEqual({
      status: 201,
      body: { id: expect.any(String) as string, success: true, errors: [], created: true },
    });
    expect(await upsert(VERSION)).toEqual({
      status: 200,
      body: { id: expect.any(String) as string, success: true, errors: [], created: false },
    });
    expect(await upsert('45.0')).toEqual({ status: 204, body: null });
  });

  it('describes the journey fields on the customer objects and the unique action key on Task', async () => {
    const { conn } = await connect();
    const global = await conn.describeGlobal();
    expect(global.sobjects.map((object) => object.name)).toEqual(
      expect.arrayContaining([
        'Account',
        'Contact',
        'Lead',
        'Opportunity',
        'OpportunityHistory',
        'LeadHistory',
        'Case',
        'Task',
        'Event',
        'User',
      ]),
    );
    for (const name of ['Account', 'Contact', 'Lead']) {
      const fields = new Map((await conn.describe(name)).fields.map((field) => [field.name, field]));
      expect(fields.get('Journey_Stage__c')).toMatchObject({ type: 'string', custom: true, updateable: true });
      expect(fields.get('Journey_Stage_Entered__c')).toMatchObject({ type: 'datetime' });
      expect(fields.get('Journey_State__c')).toMatchObject({ type: 'textarea', length: 131072 });
    }
    const task = await conn.describe('Task');
    expect(task.fields.find((field) => field.name === 'Journey_Action_Key__c')).toMatchObject({
      type: 'string',
      length: 255,
      externalId: true,
      unique: true,
    });
    expect(task.fields.find((field) => field.name === 'WhatId')).toMatchObject({
      type: 'reference',
      referenceTo: ['Account', 'Opportunity', 'Case'],
      relationshipName: 'What',
      polymorphicForeignKey: true,
    });
    expect(task.fields.find((field) => field.name === 'Status')?.picklistValues).toContainEqual(
      expect.objectContaining({ value: 'Not Started', active: true, defaultValue: true }),
    );
    const account = await conn.describe('Account');
    expect(account.childRelationships).toContainEqual(
      expect.objectContaining({ childSObject: 'Contact', field: 'AccountId', relationshipName: 'Contacts' }),
    );
  });

  it('runs /composite subrequests with @{ref} references, and rolls them all back with allOrNone', async () => {
    const { conn, org } = await connect();
    const base = `/services/data/v${VERSION}`;
    type Composite = { compositeResponse: { body: unknown; httpStatusCode: number; referenceId: string }[] };
    const ok = await conn.requestPost<Composite>('/composite', {
      allOrNone: true,
      compositeRequest: [
        { method: 'POST', url: `${base}/sobjects/Account`, referenceId: 'acct', body: { Name: 'Composite Ltd' } },
        {
          method: 'POST',
          url: `${base}/sobjects/Contact`,
          referenceId: 'who',
          body: { LastName: 'Kim', AccountId: '@{acct.id}' },
        },
        { method: 'GET', url: `${base}/sobjects/Contact/@{who.id}?fields=AccountId`, referenceId: 'read' },
      ],
    });
    const [acct, , read] = ok.compositeResponse;
    expect(ok.compositeResponse.map((item) => item.httpStatusCode)).toEqual([201, 201, 200]);
    expect(read?.body).toMatchObject({ AccountId: (acct?.body as { id: string }).id });

    const before = org.inspect.count('Account');
    const failed = await conn.requestPost<Composite>('/composite', {
      allOrNone: true,
      compositeRequest: [
        { method: 'POST', url: `${base}/sobjects/Account`, referenceId: 'acct', body: { Name: 'Rolled back' } },
        { method: 'POST', url: `${base}/sobjects/Contact`, referenceId: 'who', body: { AccountId: '@{acct.id}' } },
      ],
    });
    expect(failed.compositeResponse).toEqual([
      {
        body: [
          {
            errorCode: 'PROCESSING_HALTED',
            message: 'The transaction was rolled back since another operation in the same transaction failed.',
          },
        ],
        httpHeaders: {},
        httpStatusCode: 400,
        referenceId: 'acct',
      },
      {
        body: [
          {
            message: 'Required fields are missing: [LastName]',
            errorCode: 'REQUIRED_FIELD_MISSING',
            fields: ['LastName'],
          },
        ],
        httpHeaders: {},
        httpStatusCode: 400,
        referenceId: 'who',
      },
    ]);
    expect(org.inspect.count('Account')).toBe(before);
    // The whole composite request is one API call.
    expect(conn.limitInfo.apiUsage?.used).toBe(2);
  });
});
