import { describe, expect, it } from 'vitest';
import { formatDiagnostic } from '../source/diagnostic.ts';
import { journeySetReadDefinition } from './journey-set-read.ts';
import { validateJourneySet, type JourneySetFile } from './journey-set.ts';

function journey(
  id: string,
  extra: string,
  stages = `  - { id: ${id}-new, label: New, when: { Account: {} } }`,
): string {
  return `journey: ${id}\nname: ${id}\ncrm: salesforce\ncustomer: { root: Account }\n${extra}stages:\n${stages}\n`;
}

const b2b = journey('b2b', 'order: 1\nentry: { Account: { Type: Customer - Direct } }\n');
const b2c = journey('b2c', 'order: 2\nentry: { Account: { Type: Customer - Channel } }\n');

function rules(files: readonly JourneySetFile[]): string[] {
  const { errors, warnings } = validateJourneySet(files);
  return [...errors, ...warnings].map(formatDiagnostic);
}

describe('validateJourneySet', () => {
  it('accepts exclusive entries and orders the journeys by order', () => {
    const { errors, warnings, set } = validateJourneySet([
      { text: b2c, file: 'b2c.yaml' },
      { text: b2b, file: 'b2b.yaml' },
    ]);
    expect([...errors, ...warnings]).toEqual([]);
    expect(set?.journeys.map((j) => j.id)).toEqual(['b2b', 'b2c']);
    expect(set?.root).toBe('Account');
  });

  it('accepts a last journey without entry as the catch-all', () => {
    const rest = journey('rest', 'order: 9\n');
    expect(
      rules([
        { text: b2b, file: 'b2b.yaml' },
        { text: rest, file: 'rest.yaml' },
      ]),
    ).toEqual([]);
  });

  it('refuses a journey without entry before others, at its id, with a fix', () => {
    const rest = journey('rest', 'order: 1\n');
    const b = journey('b2b', 'order: 2\nentry: { Account: { Type: Customer - Direct } }\n');
    expect(
      rules([
        { text: rest, file: 'rest.yaml' },
        { text: b, file: 'b2b.yaml' },
      ]),
    ).toEqual([
      expect.stringMatching(/^rest\.yaml:1:10 error missing-entry journey: .*"b2b".*Journey_Stage__c.*Add an `entry:`/),
    ]);
  });

  it('refuses an entry that an earlier entry shadows', () => {
    const narrow = journey(
      'partner',
      'order: 2\nentry: { $and: [{ Account: { Type: Customer - Direct } }, { Opportunity: {} }] }\n',
    );
    const found = rules([
      { text: b2b, file: 'b2b.yaml' },
      { text: narrow, file: 'partner.yaml' },
    ]);
    expect(found).toEqual([
      expect.stringMatching(/^partner\.yaml:6:8 error unreachable-entry entry: .*"b2b".*lower order/),
    ]);
  });

  it('warns about entries that may overlap, and about stage ids two journeys share', () => {
    const other = journey(
      'big',
      'order: 2\nentry: { Account: { NumberOfEmployees: { $gte: 1000 } } }\n',
      '  - { id: b2b-new, label: New, when: { Account: {} } }',
    );
    const found = rules([
      { text: b2b, file: 'b2b.yaml' },
      { text: other, file: 'big.yaml' },
    ]);
    expect(found).toEqual([
      expect.stringMatching(/^big\.yaml:6:8 warning overlapping-entries entry: .*goes to b2b/),
      expect.stringMatching(/^big\.yaml:8:11 warning shared-stage-id stages\[0\]\.id: stage "b2b-new"/),
    ]);
  });

  it('refuses duplicate ids, duplicate or missing orders and mixed CRMs', () => {
    const twin = journey(
      'b2b',
      'order: 1\nentry: { Account: { Type: Other } }\n',
      '  - { id: twin, label: Twin, when: { Account: {} } }',
    );
    expect(
      rules([
        { text: b2b, file: 'a.yaml' },
        { text: twin, file: 'b.yaml' },
      ]),
    ).toEqual([
      expect.stringMatching(/^b\.yaml:1:10 error duplicate-journey-id journey: .*a\.yaml/),
      expect.stringMatching(/^b\.yaml:5:8 error duplicate-order order: order 1 is also/),
    ]);
    const unordered = journey('c', 'entry: { Account: { Type: Other } }\n');
    expect(
      rules([
        { text: b2b, file: 'a.yaml' },
        { text: unordered, file: 'c.yaml' },
      ]),
    ).toEqual([expect.stringMatching(/^c\.yaml:1:10 error missing-order journey: .*Add `order: <n>`/)]);
    const sugar = `journey: s\nname: S\ncrm: sugarcrm\norder: 3\ncustomer: { root: Accounts }\nstages:\n  - { id: s1, label: S, when: { Accounts: {} } }\n`;
    expect(
      rules([
        { text: b2b, file: 'a.yaml' },
        { text: sugar, file: 's.yaml' },
      ]),
    ).toEqual([expect.stringMatching(/^s\.yaml:3:6 error set-mixed-crm crm: .*one org/)]);
  });

  it('accepts an account journey and a contact journey as one set, the catch-all without order', () => {
    const persons = `journey: p\nname: P\ncrm: salesforce\norder: 1\nentry: { Lead: { Company: '[not provided]' } }\ncustomer: { root: Contact }\nstages:\n  - { id: p1, label: P, when: { Contact: {} } }\n`;
    const companies = `journey: c\nname: C\ncrm: salesforce\ncustomer: { root: Account }\nstages:\n  - { id: c1, label: C, when: { Account: {} } }\n`;
    const { errors, warnings, set } = validateJourneySet([
      { text: companies, file: 'c.yaml' },
      { text: persons, file: 'p.yaml' },
    ]);
    expect([...errors, ...warnings].map(formatDiagnostic)).toEqual([]);
    expect(set?.journeys.map((j) => j.id)).toEqual(['p', 'c']);
    expect(set?.root).toBe('Account');
    expect(set?.contactRoot).toBe('Contact');
    const read = set && journeySetReadDefinition(set);
    expect([read?.root, read?.contactRoot]).toEqual(['Account', 'Contact']);
    // Two journeys without entry or order: which one takes a lead is undefined.
    const other = companies.replace('journey: c\n', 'journey: d\n');
    expect(
      rules([
        { text: companies, file: 'c.yaml' },
        { text: other, file: 'd.yaml' },
      ]).slice(0, 2),
    ).toEqual([
      expect.stringMatching(/^c\.yaml:1:10 error missing-order /),
      expect.stringMatching(/^d\.yaml:1:10 error missing-order /),
    ]);
  });

  it("reports a member file's own errors and gives no set", () => {
    const broken = journey('x', 'order: 2\nentry: { Acount: {} }\n');
    const { errors, set } = validateJourneySet([
      { text: b2b, file: 'b2b.yaml' },
      { text: broken, file: 'x.yaml' },
    ]);
    expect(set).toBeUndefined();
    expect(errors.map(formatDiagnostic)).toEqual([expect.stringMatching(/^x\.yaml:6:10 error unknown-object/)]);
  });
});

describe('journeySetReadDefinition', () => {
  it('names every stage, entry and member of the set, for one read plan', () => {
    const { set } = validateJourneySet([
      { text: b2b, file: 'b2b.yaml' },
      { text: b2c, file: 'b2c.yaml' },
    ]);
    if (!set) throw new Error('set expected');
    const read = journeySetReadDefinition(set);
    expect(read.id).toBe('b2b+b2c');
    expect(read.members).toEqual(['b2b', 'b2c']);
    expect(read.stages.map((stage) => stage.id)).toEqual(['b2b-new', 'entry-b2b', 'b2c-new', 'entry-b2c']);
    const [only] = set.journeys;
    if (!only) throw new Error('journey expected');
    expect(journeySetReadDefinition({ ...set, journeys: [only] })).toBe(only);
  });
});
