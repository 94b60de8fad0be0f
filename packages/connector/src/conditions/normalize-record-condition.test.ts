import { describe, expect, it } from 'vitest';
import { profileCatalog } from '../profiles/profile-catalog.ts';
import { salesforceProfile } from '../profiles/salesforce-profile.ts';
import type { Diagnostic } from '../source/diagnostic.ts';
import { parseSource } from '../source/parse-source.ts';
import type { RecordCondition } from './condition-ast.ts';
import { compileRecordCondition } from './evaluate-condition.ts';
import { normalizeRecordCondition } from './normalize-record-condition.ts';

function normalize(
  object: string,
  yaml: string,
): { condition: RecordCondition | undefined; diagnostics: Diagnostic[] } {
  const { document } = parseSource(yaml, 'c.yaml');
  if (!document) throw new Error('bad yaml');
  const diagnostics: Diagnostic[] = [];
  const condition = normalizeRecordCondition(object, document.data, [], {
    document,
    catalog: profileCatalog(salesforceProfile),
    diagnostics,
    crm: 'salesforce',
  });
  return { condition, diagnostics };
}

const asOf = Date.parse('2026-11-23T00:00:00Z');

describe('normalizeRecordCondition', () => {
  it('reads date-like and numeric literals on text fields as text', () => {
    const { condition } = normalize('Account', '{ Name: 2026-03-01, Phone: 12345 }');
    expect(condition).toMatchObject({
      kind: 'and',
      items: [{ value: { kind: 'string', value: '2026-03-01' } }, { value: { kind: 'string', value: '12345' } }],
    });
    expect(compileRecordCondition(condition as RecordCondition)({ Name: '2026-03-01', Phone: '12345' }, asOf)).toBe(
      true,
    );
  });

  it('reads quoted numbers on number fields as numbers', () => {
    const { condition } = normalize('Opportunity', '{ Amount: { $gte: "1000" } }');
    expect(condition).toMatchObject({ value: { kind: 'number', value: 1000 } });
  });

  it('treats an empty string as "is blank"', () => {
    const { condition } = normalize('Account', "{ Industry: '' }");
    const isBlank = compileRecordCondition(condition as RecordCondition);
    expect([isBlank({ Industry: null }, asOf), isBlank({}, asOf), isBlank({ Industry: 'Energy' }, asOf)]).toEqual([
      true,
      true,
      false,
    ]);
  });

  it('refuses ordering against null or text', () => {
    expect(normalize('Opportunity', '{ Amount: { $gt: null } }').diagnostics[0]?.rule).toBe('invalid-operand');
    expect(normalize('Account', '{ Name: { $lt: Acme } }').diagnostics[0]?.message).toContain(
      'compares numbers or dates',
    );
  });

  it('needs a date field for relative dates', () => {
    expect(normalize('Account', '{ Name: { $withinLastDays: 30 } }').diagnostics[0]?.message).toBe(
      '$withinLastDays needs a date field, but Account.Name is a string field.',
    );
  });
});
