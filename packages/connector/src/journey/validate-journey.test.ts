import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, inject, it } from 'vitest';
import { formatDiagnostic } from '../source/diagnostic.ts';
import { validateJourney } from './validate-journey.ts';

declare module 'vitest' {
  export interface ProvidedContext {
    /** The repository root, provided by the workspace's Vitest config (it owns journeys/). */
    readonly repoRoot: string;
  }
}

const header = `journey: test
name: Test
crm: salesforce
customer: { root: Account }
`;

function messages(text: string): string[] {
  const { errors, warnings } = validateJourney(text, 'journey.yaml');
  return [...errors, ...warnings].map(formatDiagnostic);
}

describe('validateJourney', () => {
  it('accepts the bundled Salesforce B2B journey without errors or warnings', () => {
    const file = join(inject('repoRoot'), 'journeys', 'salesforce-b2b.yaml');
    const result = validateJourney(readFileSync(file, 'utf8'), 'journeys/salesforce-b2b.yaml');
    expect(result.errors).toEqual([]);
    expect(result.warnings).toEqual([]);
    expect(result.journey?.stages.map((stage) => stage.id)).toEqual([
      'awareness',
      'engagement',
      'evaluation',
      'purchase',
      'onboarding',
      'retention',
      'advocacy',
    ]);
  });

  it('reports a misspelt field with its position and the right name', () => {
    const text = `${header}stages:
  - id: evaluation
    label: Evaluation
    when:
      Opportunity: { StageNme: Closed Won }
`;
    expect(messages(text)).toEqual([
      'journey.yaml:9:22 error unknown-field stages[0].when.Opportunity.StageNme: unknown field "StageNme" on Opportunity. Did you mean "StageName"?',
    ]);
  });

  it('reports unknown keys with the closest allowed key', () => {
    expect(messages(`${header}stagez: []\nstages: []\n`)).toContain(
      'journey.yaml:5:1 error unknown-key stagez: unknown key "stagez". Did you mean "stages"?',
    );
  });

  it('reports YAML syntax errors with their line and column', () => {
    const [first] = messages(`${header}stages:\n  - id: [unclosed\n`);
    expect(first).toMatch(/^journey\.yaml:\d+:\d+ error syntax /);
  });

  it('maps operators from other tools to ours', () => {
    const text = `${header}stages:
  - id: big
    label: Big
    when: { Opportunity: { Amount: { $ge: 1000 } } }
`;
    expect(messages(text)[0]).toContain('unknown operator "$ge" on Amount. Use $gte instead.');
  });

  it('finds unknown blockers, self-waits and cycles among actions', () => {
    const text = `${header}stages:
  - id: evaluation
    label: Evaluation
    when: { Opportunity: {} }
    actions:
      - { id: demo, type: meeting, subject: Demo, after: [proposal] }
      - { id: proposal, type: task, subject: Proposal, after: [demo] }
      - { id: follow-up, type: call, subject: Call, after: [propsal] }
`;
    const found = messages(text);
    expect(found.some((m) => m.includes('cyclic-dependency') && m.includes('demo -> proposal -> demo'))).toBe(true);
    expect(found.some((m) => m.includes('unknown-action') && m.includes('Did you mean "proposal"?'))).toBe(true);
  });

  it('rejects duplicate ids, empty conditions and moves to unknown stages', () => {
    const text = `${header}stages:
  - { id: a, label: A, when: { Account: {} } }
  - { id: a, label: A2, when: {} }
moves:
  - { id: back, to: aa, reason: Lost, when: { Opportunity: { IsWon: false } } }
`;
    const rules = messages(text).map((m) => m.split(' ')[2]);
    expect(rules).toEqual(expect.arrayContaining(['duplicate-id', 'empty-when', 'unknown-stage']));
  });

  it('warns about stages that can never be current', () => {
    const text = `${header}stages:
  - { id: open, label: Open, when: { Opportunity: { IsClosed: false } } }
  - { id: any, label: Any, when: { Opportunity: { IsClosed: false } } }
`;
    const { errors, warnings } = validateJourney(text, 'journey.yaml');
    expect(errors).toEqual([]);
    expect(warnings.map((w) => w.rule)).toEqual(['unreachable-stage']);
  });

  it('checks value types against the field types', () => {
    const text = `${header}stages:
  - { id: won, label: Won, when: { Opportunity: { IsWon: "yes", Amount: { $gt: big } } } }
`;
    const found = messages(text);
    expect(found.some((m) => m.includes('type-mismatch') && m.includes('Opportunity.IsWon is a boolean field'))).toBe(
      true,
    );
  });

  it('warns about picklist values that a default org does not have, with a suggestion', () => {
    const text = `${header}stages:
  - { id: won, label: Won, when: { Opportunity: { StageName: Closed Wno } } }
`;
    const { errors, warnings } = validateJourney(text, 'journey.yaml');
    expect(errors).toEqual([]);
    expect(warnings[0]?.fix).toBe('Did you mean "Closed Won"?');
  });

  it('suggests the Salesforce name for a SugarCRM module name', () => {
    expect(messages(`${header}stages:\n  - { id: a, label: A, when: { Opportunities: {} } }\n`)[0]).toContain(
      'Did you mean "Opportunity"?',
    );
  });

  it('accepts JSON journey files', () => {
    const json = JSON.stringify({
      journey: 'j',
      name: 'J',
      crm: 'sugarcrm',
      customer: { root: 'Accounts' },
      stages: [{ id: 'a', label: 'A', when: { Accounts: {} } }],
    });
    expect(validateJourney(json, 'journey.json').errors).toEqual([]);
  });

  it('refuses alias bombs instead of expanding them', () => {
    const bomb = `a: &a [x, x, x, x, x, x, x, x, x]
b: &b [*a, *a, *a, *a, *a, *a, *a, *a, *a]
c: &c [*b, *b, *b, *b, *b, *b, *b, *b, *b]
d: &d [*c, *c, *c, *c, *c, *c, *c, *c, *c]
e: [*d, *d, *d, *d, *d, *d, *d, *d, *d]
`;
    const { errors } = validateJourney(bomb, 'bomb.yaml');
    expect(errors[0]?.rule).toBe('syntax');
  });

  it('names the allowed forms when a value matches none of them', () => {
    const text = `${header}stages:
  - id: a
    label: A
    when: { Account: {} }
    actions:
      - { id: b, type: task, subject: S, owner: { role: CEO } }
`;
    expect(messages(text)[0]).toContain(
      '{"role":"CEO"} is not an allowed value here. Who owns the task: "record-owner", { user: <id> } or { queue: <id> }.',
    );
  });

  it('checks the objects and fields that due dates and touchpoints name', () => {
    const text = `${header}stages:
  - id: a
    label: A
    when: { Account: {} }
    actions:
      - { id: b, type: task, subject: S, due: { field: Oportunity.CloseDate } }
touchpoints:
  - { id: t, object: Task, channel: phone, subject: Subjekt }
`;
    const found = messages(text);
    expect(
      found.some((m) => m.includes('due.field names an unknown object "Oportunity". Did you mean "Opportunity"?')),
    ).toBe(true);
    expect(found.some((m) => m.includes('unknown field "Subjekt" on Task. Did you mean "Subject"?'))).toBe(true);
  });

  it('says that a text field cannot be ordered, rather than blaming the number', () => {
    const text = `${header}stages:
  - { id: a, label: A, when: { Account: { Name: { $gte: 1000 } } } }
`;
    expect(messages(text)[0]).toContain('Account.Name is a text field; $gte compares numbers or dates.');
  });

  it('explains where an operator belongs when it is written at the record level', () => {
    expect(messages(`${header}stages:\n  - { id: a, label: A, when: { Opportunity: { $in: [a] } } }\n`)[0]).toContain(
      'Put the operator under a field: `Field: { $in: ... }`.',
    );
  });

  it('warns about custom objects that nothing links to the customer, and moves that can never happen', () => {
    const text = `${header}stages:
  - { id: a, label: A, when: { Account: {} } }
  - { id: b, label: B, when: { Invoice__c: { Paid__c: true } } }
moves:
  - { id: m, to: b, reason: R, when: { Account: {} } }
`;
    const { warnings } = validateJourney(text, 'journey.yaml');
    expect(warnings.map((w) => w.rule).sort()).toEqual(['move-never-applies', 'unlinked-object']);
  });
});

describe('validateJourney on hostile input (found by the bad-input corpus)', () => {
  it('refuses nesting past 200 levels at the bracket that goes too deep, the same way every time', () => {
    const text = `${header}stages:\n  - { id: a, label: A, when: { Opportunity: ${'{ $and: [ '.repeat(150)}{ IsWon: true }${' ] }'.repeat(150)} } }\n`;
    const first = messages(text);
    expect(first).toHaveLength(1);
    expect(first[0]).toMatch(/^journey\.yaml:6:\d+ error too-deep lists and mappings are nested more than 200 levels/);
    expect(messages(text)).toEqual(first);
  });

  it('says an empty file is empty, and how to start one', () => {
    expect(messages('# nothing yet\n')).toEqual([
      'journey.yaml:1:1 error invalid-value the file has no content: a journey is a mapping of keys. Start with journey:, name:, crm:, customer: and stages: (see docs/journey-file.md).',
    ]);
  });

  it('reports a missing crm as missing, with its values', () => {
    expect(messages('journey: t\nname: T\ncustomer: { root: Account }\nstages: []\n')).toContain(
      'journey.yaml:1:1 error missing-key "crm" is required. Add crm: salesforce or sugarcrm.',
    );
  });

  it('says a $count bound must be a whole number instead of calling the operator unknown', () => {
    const text = `${header}stages:\n  - { id: a, label: A, when: { Opportunity: { $count: { where: {}, $gte: many } } } }\n`;
    expect(messages(text)).toEqual([
      'journey.yaml:6:74 error invalid-quantifier stages[0].when.Opportunity.$count.$gte: $count $gte takes a whole number of records; got "many". Write e.g. `$gte: 2`.',
    ]);
  });

  it('points an undefined alias at the alias, with a fix', () => {
    expect(messages(`${header}stages:\n  - { id: a, label: A, targetDays: *days, when: { Account: {} } }\n`)).toEqual([
      'journey.yaml:6:36 error syntax Unresolved alias (the anchor must be set before the alias): days Define the anchor &days before the alias *days, or write the value out.',
    ]);
  });

  it('adds a fix to every type and range error', () => {
    const text = `${header}revision: one\nstages:\n  - { id: a, label: A, targetDays: -3, when: { Account: {} } }\n`;
    expect(messages(text)).toEqual([
      'journey.yaml:5:11 error invalid-value revision: invalid input: expected number, received string. Write a number here, e.g. 30.',
      'journey.yaml:7:36 error invalid-value stages[0].targetDays: too small: expected number to be >0. Use a value above 0.',
    ]);
  });
});
