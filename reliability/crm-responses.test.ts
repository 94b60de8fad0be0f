import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import {
  crmProfile,
  isConnectorError,
  validateJourney,
  type Crm,
  type CrmConnector,
  type CustomerRef,
  type JourneyDefinition,
} from '@crm-journey/connector';
import { connectSalesforce } from '@crm-journey/connector/salesforce';
import { connectSugar } from '@crm-journey/connector/sugarcrm';
import { DEFAULT_AS_OF, startSandbox, type Sandbox } from '@crm-journey/sandbox';
import { afterAll, beforeAll, describe, expect, it, onTestFinished } from 'vitest';
import { startResponseProxy, type ResponseMutation } from './response-proxy.ts';

// Malformed CRM answers, made at the network by a proxy in front of the sandboxes: the connectors
// either stop with an error naming the object, the record and the field, or read the text intact.
const root = fileURLToPath(new URL('..', import.meta.url));
type Fields = Record<string, unknown>;

/** The record without `field`, as a CRM that leaves a field out sends it. */
const without = (record: Fields, field: string): void => {
  Reflect.deleteProperty(record, field);
};

interface CrmUnderTest {
  readonly name: 'salesforce' | 'sugarcrm';
  readonly journeyFile: string;
  readonly rootObject: string;
  readonly idField: string;
  readonly nameField: string;
  readonly stateField: string;
  readonly stageField: string;
  start(): Promise<Sandbox>;
  connect(url: string, sandbox: Sandbox): Promise<CrmConnector>;
  cli(url: string, sandbox: Sandbox): string[];
}

const start = (crm: Crm): Promise<Sandbox> => startSandbox(crm, { customers: 12, seed: 5, now: () => DEFAULT_AS_OF });
/** The CRM's names for the fields the mutations touch, from the connector's profile. */
const namesOf = (crm: Crm) => ({
  idField: crmProfile(crm).idField,
  stateField: crmProfile(crm).journeyFields.state,
  stageField: crmProfile(crm).journeyFields.stage,
});
const crms: readonly CrmUnderTest[] = [
  {
    name: 'salesforce',
    journeyFile: 'journeys/salesforce-b2b.yaml',
    rootObject: 'Account',
    nameField: 'Name',
    ...namesOf('salesforce'),
    start: () => start('salesforce'),
    connect: (url, sandbox) => connectSalesforce({ instanceUrl: url, accessToken: sandbox.accessToken ?? '' }),
    cli: (url, sandbox) => ['--instance-url', url, '--access-token', sandbox.accessToken ?? ''],
  },
  {
    name: 'sugarcrm',
    journeyFile: 'journeys/sugarcrm-b2b.yaml',
    rootObject: 'Accounts',
    nameField: 'name',
    ...namesOf('sugarcrm'),
    start: () => start('sugarcrm'),
    connect: (url, sandbox) =>
      connectSugar({ url, username: sandbox.username, password: sandbox.password, baseDelayMs: 1, maxDelayMs: 5 }),
    cli: (url, sandbox) => ['--sugar-url', url, '--sugar-user', sandbox.username, '--sugar-password', sandbox.password],
  },
];

/** The type of a record as both CRMs tag it in responses. */
const typeOf = (record: unknown): unknown =>
  typeof record === 'object' && record !== null
    ? ((record as { attributes?: { type?: unknown } }).attributes?.type ?? (record as Fields)['_module'])
    : undefined;

/** A mutation of the first page of root records (in a plain answer or inside a Sugar /bulk answer). */
function onFirstRootPage(rootObject: string, change: (page: Fields) => void): ResponseMutation {
  let done = false;
  const visit = (value: unknown): boolean => {
    if (typeof value !== 'object' || value === null) return false;
    const page = value as Fields;
    if (Array.isArray(page['records']) && typeOf(page['records'][0]) === rootObject) {
      change(page);
      return true;
    }
    return Array.isArray(value) && value.some((item) => visit((item as Fields | null)?.['contents']));
  };
  return (_request, body) => {
    if (done || !visit(body)) return undefined;
    done = true;
    return body;
  };
}

const firstRecord = (page: Fields): Fields => (page['records'] as Fields[])[0] ?? {};
const rtl = "\u202eشرکت پارس 😀👍🏽 <img src=x onerror=alert(1)> '; DROP TABLE Account; --";
const huge = `${'Ж'.repeat(1_000_000)}end`;

/** Malformed shapes: the read must stop with CRM_REQUEST_FAILED naming object, record and field. */
const refused: readonly { name: string; change: (page: Fields, crm: CrmUnderTest) => void; names: string }[] = [
  {
    name: 'id missing',
    change: (page, crm) => {
      without(firstRecord(page), crm.idField);
    },
    names: 'record 0 has no',
  },
  {
    name: 'id null',
    change: (page, crm) => (firstRecord(page)[crm.idField] = null),
    names: 'record 0 has an invalid (null)',
  },
  {
    name: 'id a number',
    change: (page, crm) => (firstRecord(page)[crm.idField] = 42),
    names: 'record 0 has an invalid (42)',
  },
  {
    name: 'id empty',
    change: (page, crm) => (firstRecord(page)[crm.idField] = ''),
    names: 'record 0 has an invalid ("")',
  },
  { name: 'record null', change: (page) => ((page['records'] as unknown[])[0] = null), names: 'record 0 is null' },
  { name: 'record a list', change: (page) => ((page['records'] as unknown[])[1] = ['x']), names: 'record 1 is a list' },
  { name: 'record a string', change: (page) => ((page['records'] as unknown[])[0] = 'x'), names: 'record 0 is string' },
  { name: 'records a string', change: (page) => (page['records'] = 'oops'), names: '"records" is string, not a list' },
  { name: 'records null', change: (page) => (page['records'] = null), names: '"records" is null, not a list' },
];

/** Odd but readable values: the read goes on, and the text arrives exactly as sent. */
const tolerated: readonly { name: string; change: (record: Fields, crm: CrmUnderTest) => void }[] = [
  { name: 'name null', change: (record, crm) => (record[crm.nameField] = null) },
  {
    name: 'name missing',
    change: (record, crm) => {
      without(record, crm.nameField);
    },
  },
  { name: 'name a number', change: (record, crm) => (record[crm.nameField] = 1234) },
  { name: 'RTL, emoji, markup and SQL in the name', change: (record, crm) => (record[crm.nameField] = rtl) },
  { name: 'a 1 MB name', change: (record, crm) => (record[crm.nameField] = huge) },
  { name: 'unparseable stored state', change: (record, crm) => (record[crm.stateField] = '{not json') },
  { name: 'stored state of the wrong type', change: (record, crm) => (record[crm.stateField] = { history: 3 }) },
  { name: 'an unknown stored stage', change: (record, crm) => (record[crm.stageField] = 'nowhere') },
  {
    name: 'dates and booleans of the wrong type',
    change: (record) => Object.assign(record, { CreatedDate: 'soon', date_entered: 17, IsDeleted: 'yes' }),
  },
];

describe.each(crms)('malformed $name responses', (crm) => {
  let sandbox: Sandbox;
  let journey: JourneyDefinition;
  beforeAll(async () => {
    sandbox = await crm.start();
    const file = join(root, crm.journeyFile);
    const result = validateJourney(readFileSync(file, 'utf8'), file);
    if (!result.journey) throw new Error('the bundled journey validates');
    journey = result.journey;
  });
  afterAll(async () => {
    await sandbox.close();
  });

  /** Reads every customer through a proxy that applies `mutation`; the error if the read stopped. */
  const readThrough = async (mutation: ResponseMutation) => {
    const proxy = await startResponseProxy(sandbox.url, mutation);
    const customers: CustomerRef[] = [];
    let error: unknown;
    try {
      const connector = await crm.connect(proxy.url, sandbox);
      try {
        for await (const read of connector.readCustomers(journey, {})) customers.push(read.customer);
      } finally {
        await connector.close();
      }
    } catch (caught) {
      error = caught;
    } finally {
      await proxy.close();
    }
    return { customers, error, mutated: proxy.mutated };
  };

  it.each(refused)('$name: stops with CRM_REQUEST_FAILED naming the object, record and field', async (item) => {
    const { error, mutated } = await readThrough(
      onFirstRootPage(crm.rootObject, (page) => {
        item.change(page, crm);
      }),
    );
    expect(mutated).toBe(1);
    expect(isConnectorError(error, 'CRM_REQUEST_FAILED'), String(error)).toBe(true);
    const message = (error as Error).message;
    expect(message).toContain(`malformed page of ${crm.rootObject} records`);
    expect(message).toContain(item.names);
    if (item.names.includes('has')) expect(message).toContain(`${crm.idField} field`);
  });

  it.each(tolerated)('$name: reads every customer, the text intact', async (item) => {
    let changedId = '';
    const { customers, error, mutated } = await readThrough(
      onFirstRootPage(crm.rootObject, (page) => {
        const record = firstRecord(page);
        changedId = String(record[crm.idField]);
        item.change(record, crm);
      }),
    );
    expect(error).toBeUndefined();
    expect(mutated).toBe(1);
    const changed = customers.find((customer) => customer.id === changedId);
    expect(changed).toBeDefined();
    if (item.name.startsWith('RTL')) expect(changed?.name).toBe(rtl);
    if (item.name.startsWith('a 1 MB')) expect(changed?.name).toBe(huge);
  });

  it('a sync whose first page is malformed exits 1 with the error and writes nothing', async () => {
    const proxy = await startResponseProxy(
      sandbox.url,
      onFirstRootPage(crm.rootObject, (page) => ((page['records'] as unknown[])[0] = null)),
    );
    sandbox.inspect.resetLog();
    const stateDir = mkdtempSync(join(tmpdir(), 'cj-responses-'));
    onTestFinished(() => {
      rmSync(stateDir, { recursive: true, force: true });
    });
    const args = [
      '--conditions=@crm-journey/source',
      '--disable-warning=ExperimentalWarning',
      join(root, 'packages', 'sync', 'bin', 'crm-journey.ts'),
      'sync',
      '--journey',
      crm.journeyFile,
      ...crm.cli(proxy.url, sandbox),
      '--once',
      '--state',
      join(stateDir, 'state.sqlite'),
      '--as-of',
      new Date(DEFAULT_AS_OF).toISOString(),
    ];
    const child = spawn(process.execPath, args, { cwd: root });
    let output = '';
    child.stdout.on('data', (chunk: Buffer) => (output += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => (output += chunk.toString()));
    const code = await new Promise((resolve) => child.once('exit', resolve));
    await proxy.close();
    expect(code, output).toBe(1);
    expect(output).toContain(
      `error CRM_REQUEST_FAILED: ${crm.name === 'salesforce' ? 'Salesforce' : 'SugarCRM'} sent a malformed page of ${crm.rootObject} records: record 0 is null`,
    );
    expect(output).not.toMatch(/^\s+at /m);
    expect(sandbox.inspect.writes).toEqual([]);
  });
});
