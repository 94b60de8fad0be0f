import { describe, expect, it } from 'vitest';
import type { RecordCondition } from './condition-ast.ts';
import { compileRecordCondition } from './evaluate-condition.ts';
import { typeValue } from '../records/field-values.ts';

const asOf = Date.parse('2026-11-23T12:00:00Z');
const eq = (field: string, value: string | number | boolean | null): RecordCondition => ({
  kind: 'compare',
  path: 'test',
  field,
  op: 'eq',
  value: typeValue(value),
});

describe('compileRecordCondition', () => {
  it('compares text case-insensitively, as SOQL does', () => {
    expect(compileRecordCondition(eq('Name', "o'brien"))({ Name: "O'Brien" }, asOf)).toBe(true);
  });

  it('reads Sugar numbers sent as strings', () => {
    expect(compileRecordCondition(eq('amount', 1200))({ amount: '1200.00' }, asOf)).toBe(true);
  });

  it('compares Salesforce offsets without a colon as instants', () => {
    const condition: RecordCondition = { ...eq('CreatedDate', '2026-01-05T10:00:00Z'), op: 'lt' } as RecordCondition;
    expect(compileRecordCondition(condition)({ CreatedDate: '2026-01-05T09:00:00.000+0000' }, asOf)).toBe(true);
  });

  it('treats blank values as matching "not equal"', () => {
    const ne = { ...eq('Industry', 'Energy'), op: 'ne' } as RecordCondition;
    expect(compileRecordCondition(ne)({ Industry: null }, asOf)).toBe(true);
    expect(compileRecordCondition(ne)({ Industry: 'Energy' }, asOf)).toBe(false);
  });
});
