import { startSalesforceSandbox, type SalesforceSandbox } from '@crm-journey/sandbox';
import { strToU8, zipSync } from 'fflate';
import { Connection } from 'jsforce';
import { afterEach, describe, expect, it } from 'vitest';

let sandbox: SalesforceSandbox | undefined;
afterEach(async () => {
  await sandbox?.close();
  sandbox = undefined;
});

const NS = 'xmlns="http://soap.sforce.com/2006/04/metadata"';

function packageXml(types: Record<string, string[]>, version = '62.0'): string {
  const body = Object.entries(types)
    .map(
      ([name, members]) =>
        `<types>${members.map((m) => `<members>${m}</members>`).join('')}<name>${name}</name></types>`,
    )
    .join('');
  return `<?xml version="1.0" encoding="UTF-8"?>\n<Package ${NS}>${body}<version>${version}</version></Package>`;
}

function objectXml(...fields: string[]): string {
  return `<?xml version="1.0" encoding="UTF-8"?>\n<CustomObject ${NS}>\n${fields.map((f) => `<fields>${f}</fields>`).join('\n')}\n</CustomObject>`;
}

const KEY_FIELD =
  '<fullName>Journey_Action_Key__c</fullName><caseSensitive>true</caseSensitive><externalId>true</externalId>' +
  '<label>Journey Action Key</label><length>255</length><type>Text</type><unique>true</unique>';

async function deploy(
  conn: Connection,
  files: Record<string, string>,
  options: { checkOnly?: boolean } = {},
): ReturnType<Connection['metadata']['checkDeployStatus']> {
  const zip = zipSync(Object.fromEntries(Object.entries(files).map(([path, text]) => [path, strToU8(text)])));
  const { id } = await conn.metadata.deploy(Buffer.from(zip), { singlePackage: true, ...options });
  for (let i = 0; i < 10; i++) {
    const result = await conn.metadata.checkDeployStatus(id, true);
    if (result.done) return result;
  }
  throw new Error('the deploy did not finish in 10 checks');
}

async function connect(): Promise<Connection> {
  sandbox = await startSalesforceSandbox({ journeyFields: false });
  return new Connection({ instanceUrl: sandbox.url, accessToken: sandbox.accessToken, version: '62.0' });
}

describe('Salesforce sandbox: Metadata API deploy', () => {
  it('refuses a package that breaks the format, naming file, line and problem, and changes nothing', async () => {
    const conn = await connect();
    const result = await deploy(conn, {
      'package.xml': packageXml({
        CustomField: ['Account.Journey_Stage__c', 'Account.Bad__Name__c', 'Contact.Missing__c'],
      }),
      'objects/Account.object': objectXml(
        '<fullName>Journey_Stage__c</fullName><type>Text</type>',
        '<fullName>Bad__Name__c</fullName><label>Bad</label><type>DateTime</type><externalId>true</externalId>',
      ),
      'objects/Lead.object': objectXml('<fullName>Extra__c</fullName><label>Extra</label><type>Date</type>'),
    });
    expect(result.status).toBe('Failed');
    expect(result.success).toBe(false);
    const failures = (
      result.details.componentFailures as { fullName: string; fileName: string; problem: string; lineNumber?: number }[]
    ).map((f) => `${f.fileName}${f.lineNumber === undefined ? '' : `:${f.lineNumber}`} ${f.fullName}: ${f.problem}`);
    expect(failures).toEqual([
      'package.xml package.xml: objects/Lead.object is in the zip but package.xml names no component it belongs to.',
      'objects/Account.object:3 Account.Journey_Stage__c: Required field is missing: label.',
      'objects/Account.object:3 Account.Journey_Stage__c: A Text field needs length from 1 to 255.',
      'objects/Account.object:4 Account.Bad__Name__c: Invalid fullName "Bad__Name__c": a custom field\'s name has at most 40 letters, digits and single underscores, starts with a letter and ends in __c.',
      'objects/Account.object:4 Account.Bad__Name__c: Only Text, Number and Email fields can be external IDs or unique; this one is DateTime.',
      "objects/Contact.object Contact.Missing__c: An object 'Contact.Missing__c' of type CustomField was named in package.xml, but was not found in zipped directory",
    ]);
    expect((await conn.describe('Account')).fields.some((f) => f.name === 'Journey_Stage__c')).toBe(false);
  });

  it('validates with checkOnly, then deploys an Activity field onto Task and Event as a unique external ID', async () => {
    const conn = await connect();
    const files = {
      'package.xml': packageXml({ CustomField: ['Activity.Journey_Action_Key__c'] }),
      'objects/Activity.object': objectXml(KEY_FIELD),
    };
    const checked = await deploy(conn, files, { checkOnly: true });
    expect([checked.status, checked.checkOnly, checked.numberComponentsTotal]).toEqual(['Succeeded', true, 1]);
    expect((await conn.describe('Task')).fields.some((f) => f.name === 'Journey_Action_Key__c')).toBe(false);
    const deployed = await deploy(conn, files);
    expect(deployed.status).toBe('Succeeded');
    const successes = deployed.details.componentSuccesses as { fullName: string; created: boolean; changed: boolean }[];
    expect(successes.find((s) => s.fullName === 'Activity.Journey_Action_Key__c')).toMatchObject({
      created: true,
      changed: false,
    });
    for (const object of ['Task', 'Event']) {
      const key = (await conn.describe(object)).fields.find((f) => f.name === 'Journey_Action_Key__c');
      expect([key?.externalId, key?.unique, key?.length]).toEqual([true, true, 255]);
    }
    // The new external ID works for upserts at once: two upserts with one key make one task.
    for (const subject of ['First', 'Second'])
      await conn.sobject('Task').upsert({ Subject: subject, Journey_Action_Key__c: 'k-1' }, 'Journey_Action_Key__c');
    expect(sandbox?.inspect.records('Task').filter((t) => t['Journey_Action_Key__c'] === 'k-1')).toMatchObject([
      { Subject: 'Second' },
    ]);
    const again = await deploy(conn, files);
    const second = (
      again.details.componentSuccesses as { fullName: string; created: boolean; changed: boolean }[]
    ).find((s) => s.fullName === 'Activity.Journey_Action_Key__c');
    expect(second).toMatchObject({ created: false, changed: false });
    expect((await conn.describe('Task')).fields.filter((f) => f.name === 'Journey_Action_Key__c')).toHaveLength(1);
  });

  it('records deployed permission sets and static resources as Salesforce does, for SOQL and assignments', async () => {
    const conn = await connect();
    const files = {
      'package.xml': packageXml({ PermissionSet: ['Crm_Journey'], StaticResource: ['cjJourneyPanel'] }),
      'permissionsets/Crm_Journey.permissionset': `<?xml version="1.0" encoding="UTF-8"?>\n<PermissionSet ${NS}><description>Journey fields</description><hasActivationRequired>false</hasActivationRequired><label>Crm Journey</label></PermissionSet>`,
      'staticresources/cjJourneyPanel.resource': 'globalThis.panel = 1;',
      'staticresources/cjJourneyPanel.resource-meta.xml': `<?xml version="1.0" encoding="UTF-8"?>\n<StaticResource ${NS}><cacheControl>Public</cacheControl><contentType>text/javascript</contentType></StaticResource>`,
    };
    const permissionSets = 'SELECT Id, Name, Label, NamespacePrefix, IsOwnedByProfile FROM PermissionSet';
    const resources =
      "SELECT Id, Name, NamespacePrefix, ContentType, BodyLength, CacheControl, LastModifiedDate FROM StaticResource WHERE Name = 'cjJourneyPanel' AND NamespacePrefix = null";
    await deploy(conn, files, { checkOnly: true });
    expect((await conn.query(permissionSets)).records).toEqual([]);
    expect((await conn.query(resources)).records).toEqual([]);

    expect((await deploy(conn, files)).status).toBe('Succeeded');
    const [permissionSet] = (await conn.query<{ Id: string }>(permissionSets)).records;
    expect(permissionSet).toMatchObject({
      Name: 'Crm_Journey',
      Label: 'Crm Journey',
      NamespacePrefix: null,
      IsOwnedByProfile: false,
    });
    expect(permissionSet?.Id).toMatch(/^0PS/);
    const [resource] = (await conn.query<{ LastModifiedDate: string }>(resources)).records;
    expect(resource).toMatchObject({
      Name: 'cjJourneyPanel',
      ContentType: 'text/javascript',
      BodyLength: 21,
      CacheControl: 'Public',
    });
    // A redeploy updates the same rows.
    await deploy(conn, files);
    expect((await conn.query(permissionSets)).totalSize).toBe(1);
    expect((await conn.query(resources)).totalSize).toBe(1);

    // What `sf org assign permset` does: insert the assignment through the REST API.
    const user = sandbox?.username ?? '';
    const [me] = (await conn.query<{ Id: string }>(`SELECT Id FROM User WHERE Username = '${user}'`)).records;
    const assignments = `SELECT Id, AssigneeId, PermissionSet.Name FROM PermissionSetAssignment WHERE AssigneeId = '${me?.Id ?? ''}' AND PermissionSet.Name = 'Crm_Journey'`;
    expect((await conn.query(assignments)).records).toEqual([]);
    const created = (await conn
      .sobject('PermissionSetAssignment')
      .create({ AssigneeId: me?.Id, PermissionSetId: permissionSet?.Id })) as { id: string; success: boolean };
    expect(created.id).toMatch(/^0Pa/);
    expect((await conn.query(assignments)).records).toMatchObject([
      { Id: created.id, AssigneeId: me?.Id, PermissionSet: { Name: 'Crm_Journey' } },
    ]);
    // A user holds a permission set once; one that is not there is refused, as any other bad reference.
    await expect(
      conn.sobject('PermissionSetAssignment').create({ AssigneeId: me?.Id, PermissionSetId: permissionSet?.Id }),
    ).rejects.toMatchObject({ errorCode: 'DUPLICATE_VALUE' });
    await expect(
      conn.sobject('PermissionSetAssignment').create({ AssigneeId: me?.Id, PermissionSetId: '0PS000000000000AAA' }),
    ).rejects.toThrow();
    expect((await conn.query('SELECT Id FROM PermissionSetAssignment')).totalSize).toBe(1);
    // Assignments are created or deleted, never moved to another user or permission set.
    await expect(
      conn.sobject('PermissionSetAssignment').update({ Id: created.id, AssigneeId: me?.Id }),
    ).rejects.toMatchObject({ errorCode: 'INVALID_FIELD_FOR_INSERT_UPDATE' });

    // Writing the deployed setup objects through REST, and objects the sandbox does not model, are refused.
    await expect(
      conn.sobject('StaticResource').create({ Name: 'other', ContentType: 'text/plain', Body: 'eA==' }),
    ).rejects.toMatchObject({ errorCode: 'SANDBOX_UNSUPPORTED' });
    await expect(conn.query('SELECT Id FROM Profile')).rejects.toMatchObject({ errorCode: 'SANDBOX_UNSUPPORTED' });
  });

  it('answers a bad session and an unserved version with SOAP faults', async () => {
    const conn = await connect();
    const stranger = new Connection({ instanceUrl: sandbox?.url ?? '', accessToken: 'not-a-session', version: '62.0' });
    await expect(stranger.metadata.checkDeployStatus('0Af000000000001AAA')).rejects.toMatchObject({
      errorCode: 'sf:INVALID_SESSION_ID',
    });
    const old = new Connection({
      instanceUrl: sandbox?.url ?? '',
      accessToken: sandbox?.accessToken ?? '',
      version: '20.0',
    });
    await expect(old.metadata.checkDeployStatus('0Af000000000001AAA')).rejects.toMatchObject({
      errorCode: 'sf:UNSUPPORTED_API_VERSION',
    });
    await expect(conn.metadata.checkDeployStatus('0Af000000000009AAA')).rejects.toMatchObject({
      errorCode: 'sf:INVALID_ID_FIELD',
    });
  });
});
