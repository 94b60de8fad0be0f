import { describe, expect, it } from 'vitest';
import { isConnectorError } from '../errors/connector-error.ts';
import { checkResponseRecords } from './check-response-records.ts';

const context = { crm: 'SugarCRM', object: 'Accounts', idField: 'id' };

function refusal(records: unknown): string {
  try {
    checkResponseRecords(records, context);
  } catch (error) {
    if (isConnectorError(error, 'CRM_REQUEST_FAILED')) return error.message;
    throw error;
  }
  throw new Error('expected CRM_REQUEST_FAILED');
}

// Found by the malformed-response corpus (reliability/crm-responses.test.ts): a null record crashed
// both readers with a TypeError, and a string in place of the records list was read as one customer per character.
describe('checkResponseRecords', () => {
  it('passes a page of records with ids through unchanged', () => {
    const records = [{ id: 'a', name: null }, { id: 'b' }];
    expect(checkResponseRecords(records, context)).toBe(records);
  });

  it('names the object, the record and the field of a malformed page', () => {
    expect(refusal('oops')).toBe(
      'SugarCRM sent a malformed page of Accounts records: "records" is string, not a list. Nothing from this page was used.',
    );
    expect(refusal([{ id: 'a' }, null])).toContain('record 1 is null, not a record');
    expect(refusal([{ id: 'a' }, ['x']])).toContain('record 1 is a list, not a record');
    expect(refusal([{ name: 'x' }])).toContain('record 0 has no id field');
    expect(refusal([{ id: 7 }])).toContain('record 0 has an invalid (7) id field');
  });
});
