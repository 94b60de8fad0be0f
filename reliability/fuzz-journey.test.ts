import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import {
  compileJourney,
  compileToSoql,
  compileToSugarFilter,
  evaluateCustomer,
  groupCustomers,
  validateJourney,
  type CustomerCondition,
  type Diagnostic,
  type RecordCondition,
} from '@crm-journey/connector';
import { DEFAULT_AS_OF, generatePopulation, toSalesforceRecords } from '@crm-journey/sandbox';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';

// Fuzzing the journey parser and the condition language: whatever the input, validation returns
// diagnostics positioned inside the file (never throws), and a journey that validates compiles,
// evaluates and turns into SOQL and Sugar filters without throwing.

/** Every diagnostic points at a real place in the text: a line that exists, a column on it (or just past it). */
function expectInsideFile(text: string, diagnostics: readonly Diagnostic[]): void {
  const lines = text.split('\n');
  for (const { location } of diagnostics) {
    expect(location.line, JSON.stringify(location)).toBeGreaterThanOrEqual(1);
    expect(location.line, JSON.stringify(location)).toBeLessThanOrEqual(Math.max(1, lines.length));
    expect(location.column, JSON.stringify(location)).toBeGreaterThanOrEqual(1);
    expect(location.column, JSON.stringify(location)).toBeLessThanOrEqual((lines[location.line - 1] ?? '').length + 1);
  }
}

// --- the condition language -------------------------------------------------------------------

const fields = ['StageName', 'Amount', 'CloseDate', 'IsWon', 'IsClosed', 'Name', 'CreatedDate', 'Account.Name'];
const oddFields = [
  'StageNme',
  'St\u0430geName',
  '',
  'a.b.c.d',
  '__proto__',
  'constructor',
  'Amount__c',
  '$and',
  ' IsWon',
];
const operators = [
  '$eq',
  '$ne',
  '$gt',
  '$gte',
  '$lt',
  '$lte',
  '$in',
  '$nin',
  '$exists',
  '$contains',
  '$startsWith',
  '$withinLastDays',
  '$olderThanDays',
  '$withinNextDays',
  '$bogus',
  '$IN',
  '$ｅq',
];
const scalar = fc.oneof(
  fc.constantFrom(
    'Closed Won',
    'Prospecting',
    '',
    "O'Brien\\",
    '100%_',
    'Жёлтый',
    'سلام',
    '😀',
    '2026-01-31',
    '2026-02-30',
    'true',
  ),
  fc.integer({ min: -1000, max: 100_000 }),
  fc.double({ noNaN: false }),
  fc.boolean(),
  fc.constant(null),
  fc.string({ maxLength: 8 }),
);
const operand = fc.oneof(
  { arbitrary: scalar, weight: 5 },
  { arbitrary: fc.array(scalar, { maxLength: 4 }), weight: 2 },
  { arbitrary: fc.dictionary(fc.constantFrom(...operators), scalar, { maxKeys: 2 }), weight: 1 },
);
const fieldValue = fc.oneof(
  { arbitrary: scalar, weight: 3 },
  { arbitrary: fc.dictionary(fc.constantFrom(...operators), operand, { minKeys: 1, maxKeys: 3 }), weight: 4 },
);
const { recordCondition } = fc.letrec<{ recordCondition: Record<string, unknown> }>((tie) => ({
  recordCondition: fc.oneof(
    { depthSize: 'small' },
    {
      arbitrary: fc.dictionary(fc.constantFrom(...fields, ...oddFields), fieldValue, { maxKeys: 3 }),
      weight: 6,
    },
    {
      arbitrary: fc
        .tuple(fc.constantFrom('$and', '$or'), fc.array(tie('recordCondition'), { maxLength: 3 }))
        .map(([op, items]) => ({ [op]: items })),
      weight: 2,
    },
    { arbitrary: tie('recordCondition').map((item) => ({ $not: item })), weight: 1 },
  ),
}));
const objects = ['Opportunity', 'Account', 'Case', 'Task', 'Lead', 'Opportunty', 'Contact'];
const quantifier = fc.oneof(
  recordCondition,
  fc.record({ $none: recordCondition }),
  fc.record({ $all: recordCondition }),
  fc
    .tuple(recordCondition, fc.constantFrom('$gte', '$lt', '$eq', '$gt', '$lte', '$many'), fc.oneof(fc.nat(5), scalar))
    .map(([where, op, n]) => ({ $count: { where, [op]: n } })),
);
const { customerCondition } = fc.letrec<{ customerCondition: Record<string, unknown> }>((tie) => ({
  customerCondition: fc.oneof(
    { depthSize: 'small' },
    { arbitrary: fc.dictionary(fc.constantFrom(...objects), quantifier, { minKeys: 1, maxKeys: 2 }), weight: 6 },
    {
      arbitrary: fc
        .tuple(fc.constantFrom('$and', '$or'), fc.array(tie('customerCondition'), { maxLength: 3 }))
        .map(([op, items]) => ({ [op]: items })),
      weight: 2,
    },
    { arbitrary: tie('customerCondition').map((item) => ({ $not: item })), weight: 1 },
  ),
}));

/** A small journey whose second stage has the fuzzed condition, written as JSON (which is YAML). */
const journeyWith = (when: unknown): string =>
  JSON.stringify(
    {
      journey: 'fuzz',
      name: 'Fuzz',
      crm: 'salesforce',
      customer: { root: 'Account' },
      stages: [
        { id: 'first', label: 'First', when: { Account: {} } },
        {
          id: 'second',
          label: 'Second',
          when,
          actions: [{ id: 'call', type: 'call', subject: 'Call', mode: 'create' }],
        },
      ],
    },
    null,
    1,
  );

/** The record conditions inside a customer condition, for the SOQL and Sugar compilers. */
function recordConditions(condition: CustomerCondition | undefined): RecordCondition[] {
  if (condition === undefined) return [];
  if (condition.kind === 'and' || condition.kind === 'or') return condition.items.flatMap(recordConditions);
  if (condition.kind === 'not') return recordConditions(condition.item);
  return 'where' in condition ? [condition.where] : [];
}

const customers = groupCustomers(
  (() => {
    const result = validateJourney(journeyWith({ Account: {} }), 'fuzz.json');
    if (!result.journey) throw new Error('the base journey validates');
    return result.journey;
  })(),
  toSalesforceRecords(generatePopulation({ customers: 6, seed: 9 })),
).customers;

describe('fuzzing the condition language', () => {
  it('validates, compiles, evaluates and translates random conditions without throwing', () => {
    let valid = 0;
    fc.assert(
      fc.property(customerCondition, (when) => {
        const text = journeyWith(when);
        const result = validateJourney(text, 'fuzz.json');
        expectInsideFile(text, [...result.errors, ...result.warnings]);
        if (result.journey === undefined) {
          expect(result.errors.length).toBeGreaterThan(0);
          return;
        }
        valid++;
        const compiled = compileJourney(result.journey);
        for (const set of customers)
          evaluateCustomer(compiled, {
            customer: set.customer,
            records: set.records,
            changes: set.changes,
            asOf: DEFAULT_AS_OF,
          });
        for (const condition of result.journey.stages.flatMap((stage) => recordConditions(stage.when))) {
          const soql = compileToSoql(condition, { asOf: DEFAULT_AS_OF });
          const sugar = compileToSugarFilter(condition, { asOf: DEFAULT_AS_OF });
          expect(typeof soql.ok).toBe('boolean');
          expect(typeof sugar.ok).toBe('boolean');
        }
      }),
      { numRuns: 2500, seed: 20261124 },
    );
    // The generator must reach the engine, not only the validator.
    expect(valid).toBeGreaterThan(250);
  });
});

// --- the journey parser -----------------------------------------------------------------------

const bundled = ['salesforce-b2b.yaml', 'sugarcrm-b2b.yaml', 'salesforce-b2c.yaml'].map((name) =>
  readFileSync(fileURLToPath(new URL(`../journeys/${name}`, import.meta.url)), 'utf8'),
);
const junk = fc.oneof(
  fc.constantFrom(
    '\t',
    ':',
    '- ',
    '{',
    '}',
    '[',
    ']',
    '"',
    "'",
    '#',
    '&a',
    '*a',
    '\n',
    '  ',
    '\ufeff',
    '\u0430',
    '\u200b',
    '$',
    '!!',
    '|',
    '>',
    '%',
    '@',
    '`',
    ',',
    '?',
  ),
  fc.string({ maxLength: 6 }),
);
/** One edit of the text: delete, insert, replace a range, duplicate or drop a line. */
const edit = fc.oneof(
  fc.tuple(fc.nat(), fc.nat(40)).map(([at, n]) => (text: string) => {
    const i = at % (text.length + 1);
    return text.slice(0, i) + text.slice(i + n);
  }),
  fc.tuple(fc.nat(), junk).map(([at, s]) => (text: string) => {
    const i = at % (text.length + 1);
    return text.slice(0, i) + s + text.slice(i);
  }),
  fc.tuple(fc.nat(), fc.nat(10), junk).map(([at, n, s]) => (text: string) => {
    const i = at % (text.length + 1);
    return text.slice(0, i) + s + text.slice(i + n);
  }),
  fc.tuple(fc.nat(), fc.boolean()).map(([at, duplicate]) => (text: string) => {
    const lines = text.split('\n');
    const i = at % lines.length;
    lines.splice(i, duplicate ? 0 : 1, ...(duplicate ? [lines[i] ?? ''] : []));
    return lines.join('\n');
  }),
);

/** A small journey with every construct the parser has to locate: mutated many times, cheaply. */
const small = `journey: small
name: Small
crm: salesforce
customer: { root: Account }
stages:
  - id: first
    label: First
    targetDays: 14
    when: { Account: {} }
    actions:
      - { id: call, type: call, subject: 'Call {{Account.Name}}', due: { businessDays: 1 }, mode: create }
      - { id: mail, type: email, subject: Mail, after: [call] }
  - id: second
    label: Second
    when:
      $and:
        - Opportunity: { StageName: { $in: [Prospecting, "Closed Won"] }, Amount: { $gte: 100 } }
        - Case: { $none: { IsEscalated: true } }
moves:
  - { id: back, label: Back, outcome: lost, from: [second], to: first, reason: Lost., when: { Opportunity: { IsWon: false } } }
`;

/** Applies edits to a source and checks what validation says about the result. */
const mutated = (sources: readonly string[], runs: number, seed: number): void => {
  fc.assert(
    fc.property(fc.constantFrom(...sources), fc.array(edit, { minLength: 1, maxLength: 4 }), (source, edits) => {
      const text = edits.reduce((current, apply) => apply(current), source);
      const result = validateJourney(text, 'mutated.yaml');
      expectInsideFile(text, [...result.errors, ...result.warnings]);
      for (const diagnostic of result.errors) expect(diagnostic.message.length).toBeGreaterThan(0);
    }),
    { numRuns: runs, seed },
  );
};

describe('fuzzing the journey parser', () => {
  it('answers every mutation of a small journey with diagnostics inside the file, never a throw', () => {
    mutated([small], 1200, 20261126);
  });

  it('answers mutations of the bundled journeys the same way', () => {
    mutated(bundled, 200, 20261125);
  });
});
