import { describe, expect, it } from 'vitest';
import { salesforceProfile } from '../profiles/salesforce-profile.ts';
import { sugarcrmProfile } from '../profiles/sugarcrm-profile.ts';
import { isConnectorError } from '../errors/connector-error.ts';
import { parseSnapshot } from './parse-snapshot.ts';

function problem(text: string, profile = salesforceProfile): string {
  try {
    parseSnapshot(text, 'snap.json', profile);
  } catch (error) {
    if (isConnectorError(error, 'SNAPSHOT_INVALID')) return error.message;
    throw error;
  }
  throw new Error('expected SNAPSHOT_INVALID');
}

describe('parseSnapshot', () => {
  it('accepts arrays and REST query results, with or without attributes', () => {
    const records = parseSnapshot(
      JSON.stringify({
        Account: [{ attributes: { type: 'Account' }, Id: '001A' }],
        Contact: { totalSize: 1, done: true, records: [{ Id: '003A', AccountId: '001A' }] },
      }),
      'snap.json',
      salesforceProfile,
    );
    expect(records['Contact']?.[0]?.['AccountId']).toBe('001A');
  });

  it('names the object, the record and the field of a bad value', () => {
    const message = problem(
      JSON.stringify({ Opportunity: [{ Id: '006A' }, { Id: '006B', CloseDate: 'next friday' }] }),
    );
    expect(message).toContain(
      'Opportunity[1] (Id 006B): field CloseDate is "next friday", not an ISO date (YYYY-MM-DD).',
    );
  });

  it('reports a missing id and a non-object record', () => {
    const message = problem(JSON.stringify({ Case: [{ Subject: 'x' }, 42] }));
    expect(message).toContain('Case[0]: field Id is missing.');
    expect(message).toContain('Case[1] is not an object.');
  });

  it('suggests the right object name for the CRM', () => {
    expect(problem(JSON.stringify({ Opportunities: [] }))).toContain(
      '"Opportunities" is not a salesforce object. Did you mean "Opportunity"?',
    );
    expect(problem(JSON.stringify({ Opportunity: [] }), sugarcrmProfile)).toContain('Did you mean "Opportunities"?');
  });

  it('says when the file is not JSON', () => {
    expect(problem('{"Account": [')).toMatch(/^Snapshot snap\.json is not valid JSON/);
  });

  it('lists at most ten problems and counts the rest', () => {
    const message = problem(JSON.stringify({ Case: Array.from({ length: 15 }, () => ({})) }));
    expect(message).toContain('has 15 problems');
    expect(message).toContain('... and 5 more');
  });

  it('accepts Sugar audit rows and custom objects', () => {
    const records = parseSnapshot(
      JSON.stringify({ Opportunities_audit: [{ id: 'x', parent_id: 'o' }], Invoices_c: [{ id: 'i' }] }),
      'snap.json',
      sugarcrmProfile,
    );
    expect(Object.keys(records)).toEqual(['Opportunities_audit', 'Invoices_c']);
  });

  it('reads a snapshot that starts with a byte-order mark (found by the bad-input corpus)', () => {
    const records = parseSnapshot('\ufeff{"Account":[{"Id":"001000000000001AAA"}]}', 'snap.json', salesforceProfile);
    expect(records['Account']).toEqual([{ Id: '001000000000001AAA' }]);
  });

  it('says what a snapshot that is not an object holds, and how to shape it', () => {
    expect(problem('[{"Id":"001000000000001AAA"}]')).toMatch(/keyed by CRM object name.*it holds an array/);
    try {
      parseSnapshot('null', 'snap.json', salesforceProfile);
    } catch (error) {
      expect(isConnectorError(error) && error.actions[0]).toMatch(/"Account": \[ \.\.\. \]/);
    }
  });
});
