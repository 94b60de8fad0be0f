// The three back-ends of the condition language must agree: for random conditions and records, the SOQL
// the compiler writes, run by the sandbox's SOQL engine, and the Sugar filter it writes, run by the
// sandbox's filter engine, select exactly the records the in-memory evaluator accepts.
import {
  compileRecordCondition,
  compileToSoql,
  compileToSugarFilter,
  DAY_MS,
  formatDate,
  formatDateTime,
  type CrmRecord,
  type RecordCondition,
  type SoqlFieldType,
  type TypedValue,
} from '@crm-journey/connector';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  compileSoqlWhere,
  compileSugarFilter,
  type SalesforceFieldType,
  type SugarColumnType,
} from '@crm-journey/sandbox';

type Kind = 'string' | 'number' | 'boolean' | 'date' | 'datetime';

const schema: Readonly<Record<string, Kind>> = {
  Name: 'string',
  StageName: 'string',
  'Account.Name': 'string',
  Amount: 'number',
  IsWon: 'boolean',
  CloseDate: 'date',
  CreatedDate: 'datetime',
};
const fields = Object.keys(schema);
const salesforceTypes: Readonly<Record<string, SalesforceFieldType>> = schema;
const sugarTypes: Readonly<Record<string, SugarColumnType>> = Object.fromEntries(
  Object.entries(schema).map(([field, kind]) => [field, kind === 'string' ? 'text' : kind]),
);
const compilerType = (field: string): SoqlFieldType => {
  const kind = schema[field];
  return kind === 'date' || kind === 'datetime' || kind === 'boolean' ? kind : 'other';
};

// Mid-day, so that small shifts of the evaluation time stay on the same UTC day.
const base = Date.parse('2026-03-10T12:34:56.000Z');
const baseDay = Math.floor(base / DAY_MS) * DAY_MS;
const words = [
  "O'Brien",
  "o'brien",
  'back\\slash',
  'C:\\temp\\new',
  '100%',
  '100% sure',
  '1000',
  'under_score',
  'underXscore',
  'Zażółć gęślą jaźń',
  'ZAŻÓŁĆ',
  'Привет мир',
  'привет',
  'سلام دنیا',
  '😀 emoji',
  'emoji 😀😀',
  'Closed Won',
  'closed won',
  '42',
  'say "hi"',
  'tab\there',
  'line\nbreak',
  'bell\bform\ffeed\rcr',
  'nul\u0000char',
];
const needles = [
  '',
  "'",
  "O'B",
  '\\',
  '\\s',
  '%',
  '100%',
  '_',
  'r_s',
  'ż',
  'ŻÓŁ',
  'при',
  'سلام',
  '😀',
  'won',
  'WON',
  '"',
  '\n',
];
const alphabet = ['a', 'A', 'o', "'", '\\', '%', '_', 'ż', 'Ż', 'я', 'Я', 'ی', '😀', ' ', '\n', '"', '0', '1'];
const text = fc.string({ unit: fc.constantFrom(...alphabet), maxLength: 5 });

// Instants near the evaluation time, to the second, as CRMs store them; day offsets reach past a year.
const dayOffset = fc.oneof(fc.integer({ min: -10, max: 10 }), fc.integer({ min: -400, max: 400 }));
const instant = fc
  .tuple(dayOffset, fc.integer({ min: -3, max: 3 }))
  .map(([days, seconds]) => base + days * DAY_MS + seconds * 1000);
const iso = (ms: number): string => new Date(ms).toISOString().slice(0, 19);
const dateTimeText = fc.tuple(instant, fc.integer({ min: 0, max: 3 })).map(([ms, format]) => {
  if (format === 0) return formatDateTime(ms);
  if (format === 1) return `${iso(ms)}.000+0000`; // Salesforce
  if (format === 2) return `${iso(ms)}+00:00`; // Sugar
  return `${iso(ms + 5.5 * 3_600_000)}+05:30`;
});
const dateText = dayOffset.map((days) => formatDate(baseDay + days * DAY_MS));

const typed = (kind: TypedValue['kind'], value: TypedValue['value']): TypedValue => ({ kind, value });
const literals: Readonly<Record<Kind, fc.Arbitrary<TypedValue>>> = {
  string: fc.oneof(fc.constantFrom(...words, ''), text).map((value) => typed('string', value)),
  number: fc.constantFrom(-5, 0, 1, 2.5, 5, 42, 1000, 1200, 1e21).map((value) => typed('number', value)),
  boolean: fc.boolean().map((value) => typed('boolean', value)),
  date: fc.oneof(
    { arbitrary: dateText.map((value) => typed('date', value)), weight: 3 },
    { arbitrary: dateTimeText.map((value) => typed('datetime', value)), weight: 1 },
  ),
  datetime: fc.oneof(
    dateTimeText.map((value) => typed('datetime', value)),
    // Milliseconds fall between the seconds the CRMs store.
    instant.map((ms) => typed('datetime', `${iso(ms)}.500Z`)),
    dateText.map((value) => typed('date', value)),
  ),
};
const literalOrNull = (kind: Kind): fc.Arbitrary<TypedValue> =>
  fc.oneof({ arbitrary: literals[kind], weight: 6 }, { arbitrary: fc.constant(typed('null', null)), weight: 1 });

const path = 'test';
function atom(field: string): fc.Arbitrary<RecordCondition> {
  const kind = schema[field] ?? 'string';
  const ops =
    kind === 'string' || kind === 'boolean'
      ? (['eq', 'ne'] as const)
      : (['eq', 'ne', 'gt', 'gte', 'lt', 'lte'] as const);
  const choices: fc.Arbitrary<RecordCondition>[] = [
    fc
      .record({ op: fc.constantFrom(...ops), value: literalOrNull(kind) })
      .map(({ op, value }) => ({ kind: 'compare', path, field, op, value })),
    fc
      .record({ values: fc.array(literalOrNull(kind), { maxLength: 4 }), negate: fc.boolean() })
      .map(({ values, negate }) => ({ kind: 'in', path, field, values, negate })),
    fc.boolean().map((exists) => ({ kind: 'exists', path, field, exists })),
  ];
  if (kind === 'string') {
    choices.push(
      fc
        .record({ op: fc.constantFrom('contains', 'startsWith'), value: fc.oneof(fc.constantFrom(...needles), text) })
        .map(({ op, value }) => ({ kind: 'text', path, field, op, value })),
    );
  }
  if (kind === 'date' || kind === 'datetime') {
    choices.push(
      fc
        .record({
          op: fc.constantFrom('withinLastDays', 'olderThanDays', 'withinNextDays'),
          days: fc.constantFrom(-2, 0, 1, 1.5, 3, 7, 30, 365),
        })
        .map(({ op, days }) => ({ kind: 'relativeDate', path, field, op, days, fieldType: kind })),
    );
  }
  return fc.oneof(...choices);
}

const atoms = fc.constantFrom(...fields).chain(atom);
const all = fc.constant<RecordCondition>({ kind: 'all', path });
function condition(depth: number): fc.Arbitrary<RecordCondition> {
  if (depth === 0) return fc.oneof({ arbitrary: atoms, weight: 9 }, { arbitrary: all, weight: 1 });
  const inner = condition(depth - 1);
  // Empty and / or (always true / never true) are legal but rare.
  const items = fc.oneof(
    { arbitrary: fc.array(inner, { minLength: 1, maxLength: 3 }), weight: 9 },
    { arbitrary: fc.constant([]), weight: 1 },
  );
  return fc.oneof(
    { arbitrary: atoms, weight: 4 },
    { arbitrary: items.map((list): RecordCondition => ({ kind: 'and', path, items: list })), weight: 2 },
    { arbitrary: items.map((list): RecordCondition => ({ kind: 'or', path, items: list })), weight: 2 },
    { arbitrary: inner.map((item): RecordCondition => ({ kind: 'not', path, item })), weight: 2 },
    { arbitrary: all, weight: 1 },
  );
}

// Records as the CRMs return them: fields missing, null or '', Sugar's numbers as strings, parents nested.
const orBlank = <T>(value: fc.Arbitrary<T>): fc.Arbitrary<T | null | ''> =>
  fc.oneof({ arbitrary: value, weight: 4 }, { arbitrary: fc.constantFrom(null, '' as const), weight: 1 });
const textValue = orBlank(fc.oneof(fc.constantFrom(...words), text));
const record: fc.Arbitrary<CrmRecord> = fc.record(
  {
    Name: textValue,
    StageName: textValue,
    Account: fc.option(fc.record({ Name: textValue }, { requiredKeys: [] }), { nil: null }),
    Amount: orBlank(fc.constantFrom(-5, 0, 1, 2.5, 5, 42, 1000, 1200, 1e21, '1200.00', '42', '-5', '2.50', '0')),
    IsWon: fc.boolean(),
    CloseDate: orBlank(dateText),
    CreatedDate: orBlank(dateTimeText),
  },
  { requiredKeys: ['IsWon'] },
);
const asOf = fc.oneof(
  fc.integer({ min: -3000, max: 3000 }).map((ms) => base + ms),
  fc.integer({ min: -3, max: 3 }).map((seconds) => base + seconds * 1000),
  fc.integer({ min: -2 * DAY_MS, max: 2 * DAY_MS }).map((ms) => base + ms),
);
const scenario = fc.record({
  condition: condition(3),
  records: fc.array(record, { minLength: 1, maxLength: 6 }),
  asOf,
});

type Backend = (condition: RecordCondition, asOf: number) => ((record: CrmRecord) => boolean) | undefined;

// Runs a back-end against the evaluator; returns how many conditions it could compile.
function agreeWithEvaluator(backend: Backend, numRuns: number, seed: number): number {
  let compiled = 0;
  fc.assert(
    fc.property(scenario, ({ condition: c, records, asOf: at }) => {
      const predicate = backend(c, at);
      if (predicate === undefined) return;
      compiled++;
      const reference = compileRecordCondition(c);
      expect(records.map((r) => predicate(r))).toEqual(records.map((r) => reference(r, at)));
    }),
    { numRuns, seed },
  );
  return compiled;
}

describe('condition back-ends agree with the in-memory evaluator', () => {
  it('SOQL, with field types, on the sandbox SOQL engine', () => {
    const compiled = agreeWithEvaluator(
      (c, at) => {
        const result = compileToSoql(c, { asOf: at, fieldType: compilerType });
        return result.ok ? compileSoqlWhere(result.where, { fieldTypes: salesforceTypes, now: () => at }) : undefined;
      },
      3000,
      20_260_310,
    );
    expect(compiled).toBeGreaterThan(3000 * 0.85);
  });

  it('SOQL, without field types, on the sandbox SOQL engine', () => {
    const compiled = agreeWithEvaluator(
      (c, at) => {
        const result = compileToSoql(c, { asOf: at });
        return result.ok ? compileSoqlWhere(result.where, { now: () => at }) : undefined;
      },
      1500,
      4_242,
    );
    expect(compiled).toBeGreaterThan(1500 * 0.85);
  });

  it('Sugar filters, sent as JSON, on the sandbox filter engine', () => {
    const compiled = agreeWithEvaluator(
      (c, at) => {
        const result = compileToSugarFilter(c, { asOf: at });
        if (!result.ok) return undefined;
        const filter = JSON.parse(JSON.stringify(result.filter)) as typeof result.filter;
        return compileSugarFilter(filter, { fieldTypes: sugarTypes });
      },
      3000,
      7_031_026,
    );
    expect(compiled).toBeGreaterThan(3000 * 0.85);
  });

  it('Sugar filters, with column types, on the sandbox filter engine', () => {
    const compiled = agreeWithEvaluator(
      (c, at) => {
        const result = compileToSugarFilter(c, { asOf: at, fieldType: (field) => sugarTypes[field] ?? 'other' });
        if (!result.ok) return undefined;
        const filter = JSON.parse(JSON.stringify(result.filter)) as typeof result.filter;
        return compileSugarFilter(filter, { fieldTypes: sugarTypes });
      },
      1500,
      1_234_567,
    );
    expect(compiled).toBeGreaterThan(1500 * 0.85);
  });
});

const asOfNow = base;
const eq = (field: string, value: string): RecordCondition => ({
  kind: 'compare',
  path,
  field,
  op: 'eq',
  value: typed('string', value),
});
const contains = (field: string, value: string, op: 'contains' | 'startsWith' = 'contains'): RecordCondition => ({
  kind: 'text',
  path,
  field,
  op,
  value,
});

function soqlMatches(c: RecordCondition, r: CrmRecord): boolean {
  const result = compileToSoql(c, { asOf: asOfNow });
  if (!result.ok) throw new Error(result.reason);
  return compileSoqlWhere(result.where, { fieldTypes: salesforceTypes, now: () => asOfNow })(r);
}

function sugarMatches(c: RecordCondition, r: CrmRecord): boolean {
  const result = compileToSugarFilter(c, { asOf: asOfNow });
  if (!result.ok) throw new Error(result.reason);
  return compileSugarFilter(JSON.parse(JSON.stringify(result.filter)) as typeof result.filter, {
    fieldTypes: sugarTypes,
  })(r);
}

describe('escaping through both back-ends', () => {
  const values = [
    "O'Brien",
    'back\\slash\\',
    '\\',
    "\\'",
    '100%',
    'under_score',
    'Zażółć gęślą jaźń',
    'Съешь же ещё этих мягких французских булок',
    'سلام دنیا',
    '😀👍🏽 emoji',
    'say "hi"\tthen\nleave\r\b\f',
  ];

  it.each(values)('matches %j exactly, case-insensitively', (value) => {
    const c = eq('Name', value);
    for (const matches of [soqlMatches, sugarMatches]) {
      expect(matches(c, { Name: value })).toBe(true);
      expect(matches(c, { Name: value.toUpperCase() })).toBe(true);
      expect(matches(c, { Name: `${value}x` })).toBe(false);
      expect(matches(c, { Name: value.slice(1) })).toBe(false);
    }
  });

  it.each(values)('finds %j as a literal substring and prefix', (value) => {
    for (const matches of [soqlMatches, sugarMatches]) {
      expect(matches(contains('Name', value), { Name: `before ${value} after` })).toBe(true);
      expect(matches(contains('Name', value, 'startsWith'), { Name: `${value} after` })).toBe(true);
      expect(matches(contains('Name', value, 'startsWith'), { Name: `before ${value}` })).toBe(false);
    }
  });

  it('writes quotes and backslashes as SOQL escapes', () => {
    expect(compileToSoql(eq('Name', "O'Brien\\"), { asOf: asOfNow })).toEqual({
      ok: true,
      where: "(Name != null AND Name = 'O\\'Brien\\\\')",
    });
  });

  it('keeps % and _ literal in LIKE patterns', () => {
    expect(compileToSoql(contains('Name', '100%_'), { asOf: asOfNow })).toEqual({
      ok: true,
      where: "(Name != null AND Name LIKE '%100\\%\\_%')",
    });
    for (const matches of [soqlMatches, sugarMatches]) {
      expect(matches(contains('Name', '100%'), { Name: '1000 units' })).toBe(false);
      expect(matches(contains('Name', 'a_c'), { Name: 'abc' })).toBe(false);
      expect(matches(contains('Name', 'a_c'), { Name: 'xa_cx' })).toBe(true);
    }
  });
});
