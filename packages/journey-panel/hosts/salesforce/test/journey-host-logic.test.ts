import { describe, expect, it } from 'vitest';
import { overdueEnterpriseState } from '../../../src/test-fixtures/journey-states.ts';
import {
  errorText,
  isDuplicateKeyError,
  journeyFieldNames,
  keyFieldUpdate,
  linkFields,
  parseJourneyRecord,
  resolveRootRecord,
  journeyNameForState,
  stagesForState,
  taskFieldsForAction,
  withKeyFieldValue,
} from '../force-app/main/default/lwc/cjJourneyPanelHost/journeyHostLogic.js';
import metaXml from '../force-app/main/default/lwc/cjJourneyPanelHost/cjJourneyPanelHost.js-meta.xml?raw';
import template from '../force-app/main/default/lwc/cjJourneyPanelHost/cjJourneyPanelHost.html?raw';

/** A record as `getRecord` returns it. */
function uiRecord(fields: Record<string, unknown>): { fields: Record<string, { value: unknown }> } {
  return { fields: Object.fromEntries(Object.entries(fields).map(([name, value]) => [name, { value }])) };
}

describe('finding the customer of a record page', () => {
  it('reads the account lookup on contacts, opportunities and cases', () => {
    expect(linkFields('Opportunity', 'Account')).toEqual(['Opportunity.Id', 'Opportunity.AccountId']);
    expect(resolveRootRecord('Case', '500A', uiRecord({ AccountId: '001A' }), 'Account')).toEqual({
      objectApiName: 'Account',
      recordId: '001A',
    });
    expect(resolveRootRecord('Account', '001A', uiRecord({ Id: '001A' }), 'Account')).toEqual({
      objectApiName: 'Account',
      recordId: '001A',
    });
  });

  it('treats an unconverted lead as its own customer and a converted one as its account', () => {
    expect(linkFields('Lead', 'Account')).toEqual(['Lead.IsConverted', 'Lead.ConvertedAccountId']);
    expect(
      resolveRootRecord('Lead', '00QA', uiRecord({ IsConverted: false, ConvertedAccountId: null }), 'Account'),
    ).toEqual({
      objectApiName: 'Lead',
      recordId: '00QA',
    });
    expect(
      resolveRootRecord('Lead', '00QA', uiRecord({ IsConverted: true, ConvertedAccountId: '001B' }), 'Account'),
    ).toEqual({
      objectApiName: 'Account',
      recordId: '001B',
    });
  });

  it('finds no customer for a contact without an account', () => {
    expect(resolveRootRecord('Contact', '003A', uiRecord({ AccountId: null }), 'Account')).toBeNull();
  });

  it('with the roots of a B2B + B2C set, takes the account when there is one, else the contact', () => {
    const both = 'Account+Contact';
    expect(linkFields('Opportunity', both)).toEqual([
      'Opportunity.Id',
      'Opportunity.AccountId',
      'Opportunity.ContactId',
    ]);
    expect(linkFields('Lead', both)).toEqual([
      'Lead.IsConverted',
      'Lead.ConvertedAccountId',
      'Lead.ConvertedContactId',
    ]);
    expect(resolveRootRecord('Contact', '003A', uiRecord({ AccountId: '001A' }), both)).toEqual({
      objectApiName: 'Account',
      recordId: '001A',
    });
    expect(resolveRootRecord('Contact', '003P', uiRecord({ AccountId: null }), both)).toEqual({
      objectApiName: 'Contact',
      recordId: '003P',
    });
    expect(resolveRootRecord('Opportunity', '006P', uiRecord({ AccountId: null, ContactId: '003P' }), both)).toEqual({
      objectApiName: 'Contact',
      recordId: '003P',
    });
    expect(
      resolveRootRecord(
        'Lead',
        '00QP',
        uiRecord({ IsConverted: true, ConvertedAccountId: null, ConvertedContactId: '003P' }),
        both,
      ),
    ).toEqual({ objectApiName: 'Contact', recordId: '003P' });
    expect(resolveRootRecord('Account', '001A', uiRecord({ Id: '001A' }), both)).toEqual({
      objectApiName: 'Account',
      recordId: '001A',
    });
  });

  it('reads the journey fields of the root object', () => {
    expect(journeyFieldNames('Account')).toEqual([
      'Account.Journey_Stage__c',
      'Account.Journey_Stage_Entered__c',
      'Account.Journey_State__c',
    ]);
  });
});

describe('parsing the stored state', () => {
  it('parses Journey_State__c', () => {
    const record = uiRecord({ Journey_State__c: JSON.stringify(overdueEnterpriseState) });
    expect(parseJourneyRecord(record)).toEqual({ state: overdueEnterpriseState, error: null });
  });

  it('has no state before the first sync and explains a broken one', () => {
    expect(parseJourneyRecord(uiRecord({ Journey_State__c: null }))).toEqual({ state: null, error: null });
    expect(parseJourneyRecord(uiRecord({ Journey_State__c: '{"customer":' })).error).toMatch(
      /^The journey state stored on this record cannot be read \(.+\)\. The next sync rewrites it\.$/,
    );
  });

  it('finds the stages of the state’s journey in the registry', () => {
    const stages = [{ id: 'awareness', label: 'Awareness' }];
    expect(stagesForState({ 'salesforce-b2b': stages }, overdueEnterpriseState)).toBe(stages);
    expect(stagesForState(undefined, overdueEnterpriseState)).toEqual([]);
  });

  it('finds the name of the state’s journey in the registry, or none', () => {
    expect(journeyNameForState({ 'salesforce-b2b': 'B2B' }, overdueEnterpriseState)).toBe('B2B');
    expect(journeyNameForState({ other: 'Other' }, overdueEnterpriseState)).toBe('');
    expect(journeyNameForState(undefined, null)).toBe('');
  });
});

describe('writing an accepted action as a Task', () => {
  const [discovery] = overdueEnterpriseState.nextActions;
  if (!discovery) throw new Error('fixture without actions');

  it('maps the action to Task fields with its key in the external ID', () => {
    expect(taskFieldsForAction(discovery, { objectApiName: 'Account', recordId: '001A' })).toEqual({
      Subject: 'Discovery call with Zakłady Mechaniczne Wiśniewski S.A.',
      Status: 'Not Started',
      Priority: 'High',
      TaskSubtype: 'Call',
      Journey_Action_Key__c: discovery.key,
      ActivityDate: '2026-10-05',
      OwnerId: '005000000000001AAA',
      WhatId: '001A',
    });
  });

  it('relates a lead’s task through WhoId and leaves queue-owned tasks to the current user', () => {
    const fields = taskFieldsForAction(
      { ...discovery, owner: { kind: 'queue', id: '00G1' } },
      { objectApiName: 'Lead', recordId: '00QA' },
    );
    expect(fields['WhoId']).toBe('00QA');
    expect(fields).not.toHaveProperty('OwnerId');
    expect(fields).not.toHaveProperty('WhatId');
  });

  it('recognises the duplicate external ID error and reads LDS error bodies', () => {
    const duplicate = {
      body: {
        message: 'An error occurred',
        output: { errors: [], fieldErrors: { Journey_Action_Key__c: [{ errorCode: 'DUPLICATE_VALUE' }] } },
      },
    };
    expect(isDuplicateKeyError(duplicate)).toBe(true);
    expect(
      isDuplicateKeyError({ body: { output: { errors: [{ errorCode: 'FIELD_CUSTOM_VALIDATION_EXCEPTION' }] } } }),
    ).toBe(false);
    expect(errorText({ body: [{ message: 'No access to Journey_State__c' }] })).toBe('No access to Journey_State__c');
    expect(errorText(new Error('offline'))).toBe('offline');
  });
});

describe('metadata', () => {
  it('targets record pages of the five customer objects and renders the panel with lwc:external', () => {
    expect(metaXml).toContain('<target>lightning__RecordPage</target>');
    for (const object of ['Account', 'Contact', 'Lead', 'Opportunity', 'Case']) {
      expect(metaXml).toContain(`<object>${object}</object>`);
    }
    expect(template).toMatch(/<cj-journey-panel\s+lwc:external/);
  });
});

describe('editing a key field in place', () => {
  const root = { objectApiName: 'Account', recordId: '001A' };
  const state = { ...overdueEnterpriseState, keyFields: [{ field: 'Rating', value: null }] };

  it('turns cj-key-field-edit into an updateRecord input on the root record', () => {
    expect(keyFieldUpdate({ object: 'Account', recordId: '001A', field: 'Rating', value: 'Hot' }, root, state)).toEqual(
      {
        fields: { Id: '001A', Rating: 'Hot' },
      },
    );
    expect(withKeyFieldValue(state, 'Rating', 'Hot').keyFields).toEqual([{ field: 'Rating', value: 'Hot' }]);
  });

  it('refuses another record, a field that is not a key field, and a lead', () => {
    expect(
      keyFieldUpdate({ object: 'Account', recordId: '001B', field: 'Rating', value: 'Hot' }, root, state),
    ).toBeNull();
    expect(
      keyFieldUpdate({ object: 'Account', recordId: '001A', field: 'OwnerId', value: '005X' }, root, state),
    ).toBeNull();
    expect(
      keyFieldUpdate(
        { object: 'Lead', recordId: '00QA', field: 'Rating', value: 'Hot' },
        { objectApiName: 'Lead', recordId: '00QA' },
        state,
      ),
    ).toBeNull();
    expect(
      keyFieldUpdate({ object: 'Account', recordId: '001A', field: 'Rating', value: 'Hot' }, null, state),
    ).toBeNull();
  });

  it('wires the edit event and the editable flag in the component', () => {
    expect(template).toContain('key-fields-editable={keyFieldsEditable}');
  });
});
