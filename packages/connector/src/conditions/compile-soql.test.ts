import { describe, expect, it } from 'vitest';
import type { CompareOperator, RecordCondition } from './condition-ast.ts';
import { compileToSoql, type SoqlFieldType } from './compile-soql.ts';
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
const fieldTypes: Readonly<Record<string, SoqlFieldType>> = { CloseDate: 'date', IsWon: 'boolean' };
const where = (condition: RecordCondition): string => {
  const result = compileToSoql(condition, { asOf, fieldType: (field) => fieldTypes[field] ?? 'other' });
  if (!result.ok) throw new Error(result.reason);
  return result.where;
};
const reason = (condition: RecordCondition): string | undefined => {
  const result = compileToSoql(condition, { asOf });
  return result.ok ? undefined : result.reason;
};

describe('compileToSoql', () => {
  it('guards every comparison against SQL nulls', () => {
    expect(where(compare('StageName', 'eq', 'Closed Won'))).toBe("(StageName != null AND StageName = 'Closed Won')");
    expect(where(compare('StageName', 'ne', 'Closed Won'))).toBe("(StageName != 'Closed Won' OR StageName = null)");
    expect(where(compare('Amount', 'gt', 1000))).toBe('(Amount != null AND Amount > 1000)');
    expect(where(compare('Amount', 'eq', null))).toBe('Amount = null');
    expect(where(compare('Amount', 'ne', null))).toBe('Amount != null');
  });

  it('negates with NOT and cancels double negations', () => {
    const ne = compare('StageName', 'ne', 'Lost');
    expect(where({ kind: 'not', path, item: ne })).toBe("(NOT (StageName != 'Lost' OR StageName = null))");
    expect(where({ kind: 'not', path, item: { kind: 'not', path, item: ne } })).toBe(where(ne));
    expect(where({ kind: 'not', path, item: { kind: 'exists', path, field: 'Email', exists: true } })).toBe(
      '(NOT (Email != null))',
    );
  });

  it('treats `all` as neutral and reports conditions that never match', () => {
    const all: RecordCondition = { kind: 'all', path };
    const gt = compare('Amount', 'gt', 5);
    expect(where(all)).toBe('');
    expect(where({ kind: 'and', path, items: [all, gt] })).toBe(where(gt));
    expect(where({ kind: 'or', path, items: [all, gt] })).toBe('');
    expect(reason({ kind: 'or', path, items: [] })).toMatch(/never match/);
    expect(reason({ kind: 'not', path, item: all })).toMatch(/never match/);
  });

  it('writes in and not-in with their null branches', () => {
    const values = ['A', 'B', null].map(typeValue);
    expect(where({ kind: 'in', path, field: 'Type', values, negate: false })).toBe(
      "((Type != null AND Type IN ('A', 'B')) OR Type = null)",
    );
    expect(where({ kind: 'in', path, field: 'Type', values, negate: true })).toBe(
      "(Type != null AND Type NOT IN ('A', 'B'))",
    );
    expect(where({ kind: 'in', path, field: 'Type', values: values.slice(0, 2), negate: true })).toBe(
      "(Type NOT IN ('A', 'B') OR Type = null)",
    );
    expect(reason({ kind: 'in', path, field: 'Type', values: ['A', 5].map(typeValue), negate: false })).toMatch(
      /mixes string and number/,
    );
  });

  it('treats checkboxes as never null', () => {
    expect(where(compare('IsWon', 'ne', false))).toBe('IsWon != false');
    expect(where({ kind: 'exists', path, field: 'IsWon', exists: true })).toBe('');
    expect(reason({ kind: 'in', path, field: 'IsWon', values: [typeValue(null)], negate: false })).toBeUndefined();
  });

  it('writes dates as date literals on date fields and as UTC date-times elsewhere', () => {
    expect(where(compare('CloseDate', 'lt', '2026-12-01'))).toBe('(CloseDate != null AND CloseDate < 2026-12-01)');
    expect(where(compare('CreatedDate', 'lt', '2026-12-01'))).toBe(
      '(CreatedDate != null AND CreatedDate < 2026-12-01T00:00:00Z)',
    );
    expect(where(compare('CreatedDate', 'gte', '2026-12-01T10:00:00+05:30'))).toBe(
      '(CreatedDate != null AND CreatedDate >= 2026-12-01T04:30:00Z)',
    );
  });

  it('rounds literals between two storable instants to the next or previous one', () => {
    expect(where(compare('CreatedDate', 'gt', '2026-12-01T10:00:00.500Z'))).toBe(
      '(CreatedDate != null AND CreatedDate >= 2026-12-01T10:00:01Z)',
    );
    expect(where(compare('CloseDate', 'lte', '2026-12-01T10:00:00Z'))).toBe(
      '(CloseDate != null AND CloseDate <= 2026-12-01)',
    );
    expect(reason(compare('CreatedDate', 'eq', '2026-12-01T10:00:00.500Z'))).toMatch(/never match/);
  });

  it('states relative dates as explicit bounds', () => {
    const within = (fieldType: 'date' | 'datetime'): RecordCondition => ({
      kind: 'relativeDate',
      path,
      field: fieldType === 'date' ? 'CloseDate' : 'CreatedDate',
      op: 'withinLastDays',
      days: 7,
      fieldType,
    });
    expect(where(within('date'))).toBe('(CloseDate != null AND CloseDate >= 2026-11-16 AND CloseDate <= 2026-11-23)');
    expect(where(within('datetime'))).toBe(
      '(CreatedDate != null AND CreatedDate >= 2026-11-16T12:00:01Z AND CreatedDate <= 2026-11-23T12:00:00Z)',
    );
    expect(where({ ...within('date'), op: 'olderThanDays' } as RecordCondition)).toBe(
      '(CloseDate != null AND CloseDate <= 2026-11-15)',
    );
  });

  it('escapes text and LIKE wildcards', () => {
    expect(where(compare('Name', 'eq', 'O\'Brien \\ "x"\n'))).toBe(
      "(Name != null AND Name = 'O\\'Brien \\\\ \\\"x\\\"\\n')",
    );
    expect(where({ kind: 'text', path, field: 'Name', op: 'startsWith', value: '50%_off' })).toBe(
      "(Name != null AND Name LIKE '50\\%\\_off%')",
    );
    expect(where(compare('Name', 'eq', 'Zażółć 😀 سلام'))).toBe("(Name != null AND Name = 'Zażółć 😀 سلام')");
  });

  it('refuses what SOQL cannot state faithfully', () => {
    expect(reason(compare('Name', 'gt', 'M'))).toMatch(/cannot order string/);
    expect(reason(compare('Name OR Id != null', 'eq', 'x'))).toMatch(/not a SOQL field/);
    expect(reason(compare('Amount', 'gt', 1e-7))).toMatch(/no SOQL notation/);
    expect(where(compare('Amount', 'gt', 1e21))).toBe('(Amount != null AND Amount > 1000000000000000000000)');
  });
});
