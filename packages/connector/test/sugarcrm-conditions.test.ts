// The agreement condition-backends.test.ts checks in-process, now over HTTP: for random conditions, the
// Sugar filter compileToSugarFilter writes (with field types from the sandbox's metadata), sent to the
// sandbox's filter endpoint and paged to the end, selects exactly the records compileRecordCondition accepts.
import {
  compileRecordCondition,
  compileToSugarFilter,
  DAY_MS,
  formatDate,
  type CrmRecord,
  type RecordCondition,
  type SugarFieldType,
  type TypedValue,
} from '@crm-journey/connector';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startSugarSandbox, type SugarSandbox } from '@crm-journey/sandbox';
import { AS_OF, connectSugar, fetchAll, type SugarClient, type SugarRow } from './sugarcrm-support.ts';

type Kind = 'string' | 'number' | 'boolean' | 'date' | 'datetime';
interface Schema {
  readonly module: string;
  readonly fields: Readonly<Record<string, Kind>>;
}
const opportunities: Schema = {
  module: 'Opportunities',
  fields: {
    name: 'string',
    sales_stage: 'string',
    'accounts.name': 'string',
    amount: 'number',
    date_closed: 'date',
    date_entered: 'datetime',
  },
};
const leads: Schema = {
  module: 'Leads',
  fields: { last_name: 'string', status: 'string', converted: 'boolean', birthdate: 'date' },
};

const words = [
  "O'Brien",
  'o’brien',
  '100%',
  '1000',
  'a_c',
  'abc',
  'Zażółć gęślą',
  'ZAŻÓŁĆ',
  'Привет мир',
  'привет',
  'سلام دنیا',
  'Closed Won',
  'closed won',
  '😀 emoji',
  'back\\slash',
];
const needles = ['', "'", '%', '_', 'a_c', 'ż', 'ŻÓŁ', 'при', 'سلام', 'won', '😀', '\\'];
const text = fc.string({ unit: fc.constantFrom('a', 'A', 'ż', 'Ż', 'я', 'ی', '%', '_', "'", ' '), maxLength: 4 });
const path = 'http';
const typed = (kind: TypedValue['kind'], value: TypedValue['value']): TypedValue => ({ kind, value });
const dayOffset = fc.integer({ min: -40, max: 40 });
const instant = fc
  .tuple(dayOffset, fc.integer({ min: -2, max: 2 }))
  .map(([days, seconds]) => AS_OF + days * DAY_MS + seconds * 1000);
const sugarInstant = (ms: number): string => `${new Date(ms).toISOString().slice(0, 19)}+00:00`;
const dateText = dayOffset.map((days) => formatDate(AS_OF + days * DAY_MS));

const literal: Readonly<Record<Kind, fc.Arbitrary<TypedValue>>> = {
  string: fc.oneof(fc.constantFrom(...words), text).map((value) => typed('string', value)),
  number: fc.constantFrom(-5, 0, 1, 2.5, 42, 1200).map((value) => typed('number', value)),
  boolean: fc.boolean().map((value) => typed('boolean', value)),
  date: dateText.map((value) => typed('date', value)),
  datetime: fc.oneof(
    instant.map((ms) => typed('datetime', sugarInstant(ms))),
    dateText.map((value) => typed('date', value)),
  ),
};
const withNull = (kind: Kind) =>
  fc.oneof({ arbitrary: literal[kind], weight: 5 }, { arbitrary: fc.constant(typed('null', null)), weight: 1 });

function atom(field: string, kind: Kind): fc.Arbitrary<RecordCondition> {
  const ops =
    kind === 'string' || kind === 'boolean'
      ? (['eq', 'ne'] as const)
      : (['eq', 'ne', 'gt', 'gte', 'lt', 'lte'] as const);
  const listValue = withNull(kind);
  const choices: fc.Arbitrary<RecordCondition>[] = [
    fc
      .record({ op: fc.constantFrom(...ops), value: withNull(kind) })
      .map(({ op, value }) => ({ kind: 'compare', path, field, op, value })),
    fc
      .record({ values: fc.array(listValue, { minLength: 1, maxLength: 3 }), negate: fc.boolean() })
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
          days: fc.constantFrom(0, 1, 7, 30),
        })
        .map(({ op, days }) => ({ kind: 'relativeDate', path, field, op, days, fieldType: kind })),
    );
  }
  return fc.oneof(...choices);
}

function condition(schema: Schema, depth: number): fc.Arbitrary<RecordCondition> {
  const atoms = fc.constantFrom(...Object.entries(schema.fields)).chain(([field, kind]) => atom(field, kind));
  if (depth === 0) return atoms;
  const inner = condition(schema, depth - 1);
  const items = fc.array(inner, { minLength: 1, maxLength: 3 });
  return fc.oneof(
    { arbitrary: atoms, weight: 4 },
    { arbitrary: items.map((list): RecordCondition => ({ kind: 'and', path, items: list })), weight: 2 },
    { arbitrary: items.map((list): RecordCondition => ({ kind: 'or', path, items: list })), weight: 2 },
    { arbitrary: inner.map((item): RecordCondition => ({ kind: 'not', path, item })), weight: 2 },
  );
}

// Stored values as Sugar returns them: blanks as '' or missing, currency as decimal strings.
const blankOr = <T>(value: fc.Arbitrary<T>) =>
  fc.oneof({ arbitrary: value, weight: 4 }, { arbitrary: fc.constantFrom(null, ''), weight: 1 });
const stored: Readonly<Record<Kind, fc.Arbitrary<unknown>>> = {
  string: blankOr(fc.oneof(fc.constantFrom(...words), text)),
  number: blankOr(fc.constantFrom('0.000000', '1.000000', '42.000000', '1200.000000', '-5.000000', '2.500000')),
  boolean: fc.constantFrom(true, false, '1', '0'),
  date: blankOr(dateText),
  datetime: blankOr(instant.map(sugarInstant)),
};

/** A seeded population: records of the schema's module, and accounts for `accounts.name`. */
function population(schema: Schema, seed: number): { records: Record<string, SugarRow[]>; reference: CrmRecord[] } {
  const accounts = fc
    .sample(stored.string, { numRuns: 8, seed })
    .map((name, index) => ({ id: `acct-${String(index)}`, name }));
  const rows = fc.sample(
    fc.record({
      ...Object.fromEntries(
        Object.entries(schema.fields)
          .filter(([field]) => !field.includes('.'))
          .map(([field, kind]) => [field, stored[kind]]),
      ),
      account: fc.integer({ min: -1, max: accounts.length - 1 }),
    }),
    { numRuns: 40, seed: seed + 1 },
  );
  const records = rows.map(({ account, ...fields }, index) => ({
    id: `rec-${String(index)}`,
    date_modified: sugarInstant(AS_OF - index * 1000),
    ...fields,
    account_id: accounts[account]?.id ?? '',
  }));
  const reference = records.map((record) => {
    const related = accounts.find((item) => item.id === record.account_id);
    return { ...record, accounts: related ? { name: related.name } : null };
  });
  return { records: { [schema.module]: records, Accounts: accounts }, reference };
}

let asOf = AS_OF;
let sugar: SugarSandbox | undefined;
afterAll(async () => {
  await sugar?.close();
});

async function sandboxFor(schema: Schema, seed: number) {
  await sugar?.close();
  const { records, reference } = population(schema, seed);
  sugar = await startSugarSandbox({ records, now: () => asOf });
  const client = await connectSugar(sugar);
  const { data } = await client.http.get<{ modules: Record<string, { fields: Record<string, { type: string }> }> }>(
    `/metadata?type_filter=modules&module_filter=${schema.module}`,
  );
  const sugarType: Readonly<Record<string, SugarFieldType>> = {
    currency: 'number',
    int: 'number',
    bool: 'boolean',
    date: 'date',
    datetime: 'datetime',
  };
  const fieldType = (field: string): SugarFieldType =>
    field.includes('.') ? 'text' : (sugarType[data.modules[schema.module]?.fields[field]?.type ?? ''] ?? 'text');
  return { client, reference, fieldType };
}

async function selected(client: SugarClient, module: string, filter: unknown): Promise<string[]> {
  const { records } = await fetchAll(client, `/${module}/filter`, { filter, max_num: 15, fields: 'id' });
  return records.map((record) => String(record['id'])).sort();
}

describe('Sugar filters over HTTP agree with the in-memory evaluator', () => {
  it.each([
    [opportunities, 300, 20_261_120],
    [leads, 150, 4_711],
  ])('%# on the sandbox’s filter endpoint', async (schema, numRuns, seed) => {
    const { client, reference, fieldType } = await sandboxFor(schema, seed);
    const scenario = fc.record({ condition: condition(schema, 3), shift: fc.integer({ min: -DAY_MS, max: DAY_MS }) });
    let compiled = 0;
    await fc.assert(
      fc.asyncProperty(scenario, async ({ condition: c, shift }) => {
        asOf = AS_OF + shift - (shift % 1000);
        const result = compileToSugarFilter(c, { asOf, fieldType });
        if (!result.ok) return;
        compiled++;
        const predicate = compileRecordCondition(c);
        const expected = reference
          .filter((record) => predicate(record, asOf))
          .map((record) => String(record['id']))
          .sort();
        expect(await selected(client, schema.module, result.filter)).toEqual(expected);
      }),
      { numRuns, seed },
    );
    expect(compiled).toBeGreaterThan(numRuns * 0.8);
  });
});

describe('known gaps of compileToSugarFilter on typed fields (Sugar’s SQL, not the sandbox)', () => {
  const inList = (values: TypedValue[], negate: boolean): RecordCondition => ({
    kind: 'in',
    path,
    field: 'amount',
    values,
    negate,
  });
  let client: SugarClient;
  let reference: CrmRecord[];
  let fieldType: (field: string) => SugarFieldType;
  beforeAll(async () => {
    ({ client, reference, fieldType } = await sandboxFor(opportunities, 99));
    asOf = AS_OF;
  });
  const agree = async (c: RecordCondition): Promise<void> => {
    const result = compileToSugarFilter(c, { asOf, fieldType });
    if (!result.ok) throw new Error(result.reason);
    const predicate = compileRecordCondition(c);
    const expected = reference
      .filter((record) => predicate(record, asOf))
      .map((record) => String(record['id']))
      .sort();
    expect(await selected(client, 'Opportunities', result.filter)).toEqual(expected);
  };

  // Regression: `{amount: {$not_in: [5]}}` alone is `amount IS NULL OR amount NOT IN (5)` in Sugar's SQL.
  it('NOT IN (null, 5) on a number field', async () => {
    await agree(inList([typed('null', null), typed('number', 5)], true));
  });

  // Regression: a blank branch `amount = ''` is `amount = 0` in Sugar's SQL, so zeros would come back.
  it('IN (null) on a number field', async () => {
    await agree(inList([typed('null', null)], false));
  });
});
