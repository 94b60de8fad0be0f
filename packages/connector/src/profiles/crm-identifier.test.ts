import { describe, expect, it } from 'vitest';
import { identifierProblem } from './crm-identifier.ts';

describe('identifierProblem', () => {
  it.each([
    'Account',
    'AccountId',
    'Journey_Stage__c',
    'ns__Invoice__c',
    'Invoice__r',
    'Account.Owner.Name',
    'Parent__r.Account__c',
    'Setting__mdt',
    'OpportunityHistory',
  ])('accepts the Salesforce name %s', (name) => {
    expect(identifierProblem('salesforce', 'field', name)).toBeUndefined();
  });

  it.each([
    ['_Name', 'it does not start with a letter'],
    ['1Name', 'it does not start with a letter'],
    ['Name_', 'double or trailing underscore'],
    ['Bad__Name__c__x', 'double or trailing underscore'],
    ['A__B', 'double or trailing underscore'],
    ['Name FROM Account', 'whitespace (U+0020)'],
    ["Name'", '"\'" (U+0027)'],
    ['N'.repeat(81), 'longer than 80 characters'],
  ])('refuses the Salesforce name %j: %s', (name, why) => {
    expect(identifierProblem('salesforce', 'field', name)).toContain(why);
  });

  it('follows Sugar rules: modules from a letter, fields may start with an underscore', () => {
    expect(identifierProblem('sugarcrm', 'object', 'Accounts')).toBeUndefined();
    expect(identifierProblem('sugarcrm', 'field', 'account_id_c')).toBeUndefined();
    expect(identifierProblem('sugarcrm', 'field', '_hash')).toBeUndefined();
    expect(identifierProblem('sugarcrm', 'object', '_Accounts')).toContain('does not start with a letter');
    expect(identifierProblem('sugarcrm', 'object', 'Accounts/../Users')).toContain('"/"');
  });
});
