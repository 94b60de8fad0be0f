import {
  compileJourney,
  crmProfile,
  evaluateCustomer,
  groupCustomers,
  validateJourney,
  type CrmConnector,
  type JourneyDefinition,
  type RecordsByObject,
} from '@crm-journey/connector';
import { connectSalesforce } from '@crm-journey/connector/salesforce';
import { connectSugar } from '@crm-journey/connector/sugarcrm';
import { DEFAULT_AS_OF, generatedRecords, startSandbox, type Sandbox } from '@crm-journey/sandbox';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startResponseProxy, type ResponseProxy } from './response-proxy.ts';

// SOQL and Sugar filter injection through journey values and record values. The journey's Case
// conditions are pushed down to the CRM as a WHERE clause / filter; if a value broke out of its
// literal, the CRM's real query engine (the sandbox's) would return other Cases than the conditions
// select. The test reads through the connectors and compares with a plain-JavaScript expectation.

/** Values that try to break out of a SOQL string literal, a LIKE pattern or a Sugar filter. */
const hostile = [
  "' OR Id != '",
  "\\' OR Name != \\'",
  "x' OR Subject LIKE '%",
  '100% off',
  'under_score',
  "O'Brien\\",
  'back\\slash',
  '$or',
  '{"$or":[{"name":{"$not_null":""}}]}',
  "Жёлтый ' OR 1=1 --",
  '😀 emoji %_',
  'سلام',
  '%',
  '_',
  '*',
  'NULL',
];
const equalsValue = "' OR Id != '";
const inValues = ["O'Brien\\", '$or', 'back\\slash', '{"$or":[{"name":{"$not_null":""}}]}'];

/** Which Cases the journey's conditions select: the expectation, written without the engine. */
function selected(subject: string): boolean {
  const text = subject.toLowerCase();
  return (
    text === equalsValue.toLowerCase() ||
    text.includes('%') ||
    text.startsWith('_') ||
    inValues.some((value) => value.toLowerCase() === text)
  );
}

/** A journey whose only use of Cases is in `$any` conditions, so the readers push them down. */
function journeyText(crm: 'salesforce' | 'sugarcrm', root: string, object: string, field: string): string {
  const q = (value: string): string => JSON.stringify(value);
  return [
    `journey: injection`,
    `name: Injection`,
    `crm: ${crm}`,
    `customer: { root: ${root} }`,
    `stages:`,
    `  - { id: known, label: Known, when: { ${root}: {} } }`,
    `  - { id: equals, label: Equals, when: { ${object}: { ${field}: ${q(equalsValue)} } } }`,
    `  - { id: percent, label: Percent, when: { ${object}: { ${field}: { $contains: "%" } } } }`,
    `  - { id: underscore, label: Underscore, when: { ${object}: { ${field}: { $startsWith: "_" } } } }`,
    `  - { id: listed, label: Listed, when: { ${object}: { ${field}: { $in: [${inValues.map(q).join(', ')}] } } } }`,
    '',
  ].join('\n');
}

const cases = [
  {
    crm: 'salesforce' as const,
    root: 'Account',
    object: 'Case',
    field: 'Subject',
    records: () => generatedRecords('salesforce', 60, 8),
    start: (records: RecordsByObject) => startSandbox('salesforce', { records, now: () => DEFAULT_AS_OF }),
    connect: (sandbox: Sandbox, url: string) =>
      connectSalesforce({ instanceUrl: url, accessToken: sandbox.accessToken ?? '' }),
    idField: crmProfile('salesforce').idField,
  },
  {
    crm: 'sugarcrm' as const,
    root: 'Accounts',
    object: 'Cases',
    field: 'name',
    records: () => generatedRecords('sugarcrm', 60, 8),
    start: (records: RecordsByObject) => startSandbox('sugarcrm', { records, now: () => DEFAULT_AS_OF }),
    connect: (sandbox: Sandbox, url: string) =>
      connectSugar({ url, username: sandbox.username, password: sandbox.password }),
    idField: crmProfile('sugarcrm').idField,
  },
];

describe.each(cases)('injection through $crm queries', (crm) => {
  let sandbox: Sandbox;
  let connector: CrmConnector;
  let proxy: ResponseProxy;
  // What the connector asked the CRM, seen at the network (a pass-through proxy).
  const seen: string[] = [];
  let records: RecordsByObject;
  let journey: JourneyDefinition;
  beforeAll(async () => {
    const generated = crm.records();
    // Every Case gets a hostile subject, in turn.
    records = {
      ...generated,
      [crm.object]: (generated[crm.object] ?? []).map((record, index) => ({
        ...record,
        [crm.field]: hostile[index % hostile.length],
      })),
    };
    sandbox = await crm.start(records);
    proxy = await startResponseProxy(sandbox.url, (request) => {
      seen.push(request.path);
      return undefined;
    });
    connector = await crm.connect(sandbox, proxy.url);
    const result = validateJourney(journeyText(crm.crm, crm.root, crm.object, crm.field), 'injection.yaml');
    if (!result.journey) throw new Error(JSON.stringify(result.errors));
    journey = result.journey;
  });
  afterAll(async () => {
    await connector.close();
    await proxy.close();
    await sandbox.close();
  });

  it('reads exactly the Cases the conditions select, and places every customer as offline', async () => {
    const compiled = compileJourney(journey);
    const readCases = new Set<string>();
    const stages = new Map<string, string | null>();
    for await (const read of connector.readCustomers(journey, {})) {
      for (const record of read.records[crm.object] ?? []) readCases.add(String(record[crm.idField]));
      const state = evaluateCustomer(compiled, {
        customer: read.customer,
        records: read.records,
        changes: read.changes,
        asOf: DEFAULT_AS_OF,
      });
      stages.set(read.customer.id, state.stage);
    }

    const allCases = records[crm.object] ?? [];
    const want = allCases.filter((record) => selected(String(record[crm.field]))).map((r) => String(r[crm.idField]));
    expect(want.length).toBeGreaterThan(3);
    expect(want.length).toBeLessThan(allCases.length);
    expect([...readCases].sort()).toEqual(want.sort());

    const offline = new Map<string, string | null>();
    for (const set of groupCustomers(journey, records).customers) {
      offline.set(
        set.customer.id,
        evaluateCustomer(compiled, {
          customer: set.customer,
          records: set.records,
          changes: set.changes,
          asOf: DEFAULT_AS_OF,
        }).stage,
      );
    }
    expect(stages).toEqual(offline);
    expect(new Set(stages.values()).size).toBeGreaterThan(2);

    if (crm.crm === 'salesforce') {
      // The conditions really went to the CRM, escaped: the Case query carries them as its WHERE.
      const caseQuery = seen.map((path) => decodeURIComponent(path)).find((query) => / FROM Case WHERE /.test(query));
      expect(caseQuery).toContain("Subject = '\\' OR Id != \\''");
      expect(caseQuery).toContain("Subject LIKE '%\\%%'");
    }
  });
});
