import { describe, expect, it } from 'vitest';
import type { CompareOperator, RecordCondition } from './condition-ast.ts';
import { compileToSugarFilter, type SugarFilter } from './compile-sugar-filter.ts';
import { typeValue } from '../records/field-values.ts';

const asOf = Date.parse('2026-11-23T12:00:00.250Z');
const path = 'test';
const compare = (field: string, op: CompareOperator, value: string | number | boolean | null): RecordCondition => ({
  kind: 'compare',
  path,
  field,
  op,
  value: typeValue(value),
});
const not = (item: RecordCondition): RecordCondition => ({ kind: 'not', path, item });
const filter = (condition: RecordCondition): readonly SugarFilter[] => {
  const result = compileToSugarFilter(condition, { asOf });
  if (!result.ok) throw new Error(result.reason);
  return result.filter;
};
const reason = (condition: RecordCondition): string | undefined => {
  const result = compileToSugarFilter(condition, { asOf });
  return result.ok ? undefined : result.reason;
};
const isNull = (field: string): SugarFilter => ({ [field]: { $is_null: '' } });

describe('compileToSugarFilter', () => {
  it('adds the NULL branches that Sugar’s SQL would drop', () => {
    expect(filter(compare('sales_stage', 'eq', 'Closed Won'))).toEqual([{ sales_stage: { $equals: 'Closed Won' } }]);
    expect(filter(compare('sales_stage', 'ne', 'Closed Won'))).toEqual([
      { $or: [{ sales_stage: { $not_equals: 'Closed Won' } }, isNull('sales_stage')] },
    ]);
    expect(filter({ kind: 'exists', path, field: 'email', exists: true })).toEqual([
      { email: { $not_null: '' } },
      { email: { $not_equals: '' } },
    ]);
    expect(filter({ kind: 'exists', path, field: 'email', exists: false })).toEqual([
      { $or: [isNull('email'), { email: { $equals: '' } }] },
    ]);
  });

  it('tests only NULL for blank values of fields known not to be text', () => {
    const result = compileToSugarFilter(
      { kind: 'exists', path, field: 'amount', exists: false },
      { asOf, fieldType: () => 'number' },
    );
    expect(result).toEqual({ ok: true, filter: [isNull('amount')] });
  });

  it('pushes negation down to the atoms', () => {
    expect(filter(not(compare('amount', 'gt', 1000)))).toEqual([
      { $or: [{ amount: { $lte: 1000 } }, isNull('amount')] },
    ]);
    // De Morgan, with the nested $or groups flattened.
    expect(filter(not({ kind: 'and', path, items: [compare('a', 'eq', 1), compare('b', 'eq', 2)] }))).toEqual([
      { $or: [{ a: { $not_equals: 1 } }, isNull('a'), { b: { $not_equals: 2 } }, isNull('b')] },
    ]);
    expect(filter(not(not(compare('a', 'eq', 1))))).toEqual(filter(compare('a', 'eq', 1)));
    expect(filter(not({ kind: 'text', path, field: 'name', op: 'contains', value: '50%' }))).toEqual([
      { $or: [{ name: { $not_contains: '50%' } }, isNull('name')] },
    ]);
    expect(reason(not({ kind: 'text', path, field: 'name', op: 'startsWith', value: 'A' }))).toMatch(
      /no "does not start with"/,
    );
  });

  it('writes in and not-in with their blank branches', () => {
    const withNull = ['A', 'B', null].map(typeValue);
    expect(filter({ kind: 'in', path, field: 'type', values: withNull, negate: false })).toEqual([
      { $or: [{ type: { $in: ['A', 'B'] } }, isNull('type'), { type: { $equals: '' } }] },
    ]);
    // Sugar's NOT IN keeps NULL rows, so blanks are excluded explicitly.
    expect(filter({ kind: 'in', path, field: 'type', values: withNull, negate: true })).toEqual([
      { type: { $not_in: ['A', 'B'] } },
      { type: { $not_null: '' } },
      { type: { $not_equals: '' } },
    ]);
    expect(filter({ kind: 'in', path, field: 'amount', values: [1, 2].map(typeValue), negate: true })).toEqual([
      { $or: [{ amount: { $not_in: [1, 2] } }, isNull('amount')] },
    ]);
  });

  it('writes dates as Sugar expects them', () => {
    expect(filter(compare('date_closed', 'lt', '2026-12-01'))).toEqual([{ date_closed: { $lt: '2026-12-01' } }]);
    expect(filter(compare('date_entered', 'gt', '2026-12-01T10:00:00.500+05:30'))).toEqual([
      { date_entered: { $gte: '2026-12-01T04:30:01+00:00' } },
    ]);
    expect(
      filter({ kind: 'relativeDate', path, field: 'date_closed', op: 'withinNextDays', days: 7, fieldType: 'date' }),
    ).toEqual([{ date_closed: { $gte: '2026-11-23' } }, { date_closed: { $lte: '2026-11-30' } }]);
    expect(
      filter(
        not({ kind: 'relativeDate', path, field: 'date_entered', op: 'olderThanDays', days: 1, fieldType: 'datetime' }),
      ),
    ).toEqual([{ $or: [{ date_entered: { $gt: '2026-11-22T12:00:00+00:00' } }, isNull('date_entered')] }]);
  });

  it('compiles `all` to an empty filter and refuses what Sugar cannot state', () => {
    expect(filter({ kind: 'all', path })).toEqual([]);
    expect(reason(not({ kind: 'all', path }))).toMatch(/never match/);
    expect(reason(compare('name', 'lt', 'M'))).toMatch(/cannot order string/);
    expect(reason(compare('$or', 'eq', 'x'))).toMatch(/not a Sugar field/);
  });
});
