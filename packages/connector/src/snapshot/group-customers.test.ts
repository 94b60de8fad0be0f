import { describe, expect, it } from 'vitest';
import { validateJourney } from '../journey/validate-journey.ts';
import { groupCustomers } from './group-customers.ts';

function journey(crm: 'salesforce' | 'sugarcrm', root: string, links = '') {
  const object = crm === 'salesforce' ? 'Account' : 'Accounts';
  const text = `journey: j\nname: J\ncrm: ${crm}\ncustomer: { root: ${root}${links} }\nstages:\n  - { id: a, label: A, when: { ${object}: {} } }\n`;
  const result = validateJourney(text, 'j.yaml');
  if (!result.journey) throw new Error(JSON.stringify(result.errors));
  return result.journey;
}

describe('groupCustomers', () => {
  it('attaches converted leads, related records, activities and history to the account', () => {
    const { customers, unattached } = groupCustomers(journey('salesforce', 'Account'), {
      Account: [{ Id: '001A', Name: 'Acme' }],
      Lead: [
        { Id: '00QA', IsConverted: true, ConvertedAccountId: '001A' },
        { Id: '00QB', IsConverted: false, Company: 'Solo' },
      ],
      Opportunity: [{ Id: '006A', AccountId: '001A' }],
      OpportunityHistory: [
        { Id: '008A', OpportunityId: '006A', StageName: 'Prospecting', CreatedDate: '2026-01-01T00:00:00Z' },
      ],
      LeadHistory: [
        {
          Id: '017A',
          LeadId: '00QB',
          Field: 'Status',
          OldValue: 'Open',
          NewValue: 'Working',
          CreatedDate: '2026-01-01T00:00:00Z',
        },
      ],
      Task: [
        { Id: '00TA', WhatId: '006A' },
        { Id: '00TB', WhoId: '00QB' },
        { Id: '00TC', WhatId: '001Z' },
      ],
    });
    const byId = new Map(customers.map((c) => [c.customer.id, c]));
    expect([...byId.keys()]).toEqual(['001A', '00QB']);
    expect(
      Object.fromEntries(Object.entries(byId.get('001A')?.records ?? {}).map(([k, v]) => [k, v.map((r) => r['Id'])])),
    ).toEqual({
      Account: ['001A'],
      Lead: ['00QA'],
      Opportunity: ['006A'],
      Task: ['00TA'],
      OpportunityHistory: ['008A'],
    });
    expect(byId.get('00QB')?.customer).toEqual({ type: 'Lead', id: '00QB', name: 'Solo' });
    expect(byId.get('00QB')?.changes).toHaveLength(1);
    expect(unattached).toEqual({ Task: 1 });
  });

  it('beside an account root, makes a contact without an account a customer with its own records', () => {
    const { customers, unattached } = groupCustomers(
      { ...journey('salesforce', 'Account'), contactRoot: 'Contact' },
      {
        Opportunity: [
          { Id: '006A', AccountId: '001A', ContactId: '003A' },
          { Id: '006P', AccountId: null, ContactId: '003P' },
        ],
        Contact: [
          { Id: '003A', AccountId: '001A', Name: 'Ann' },
          { Id: '003P', AccountId: null, Name: 'Pat' },
          { Id: '003G', AccountId: '001GONE', Name: 'Gone' },
        ],
        Account: [{ Id: '001A', Name: 'Acme' }],
        Lead: [{ Id: '00QP', IsConverted: true, ConvertedAccountId: null, ConvertedContactId: '003P' }],
        Task: [
          { Id: '00TA', WhoId: '003A', AccountId: '001A' },
          { Id: '00TP', WhoId: '003P', AccountId: null },
        ],
        Case: [{ Id: '500P', AccountId: null, ContactId: '003P' }],
      },
    );
    const ids = (id: string) =>
      Object.fromEntries(
        Object.entries(customers.find((c) => c.customer.id === id)?.records ?? {}).map(([k, v]) => [
          k,
          v.map((r) => r['Id']),
        ]),
      );
    expect(customers.map((c) => c.customer)).toEqual([
      { type: 'Account', id: '001A', name: 'Acme' },
      { type: 'Contact', id: '003P', name: 'Pat' },
    ]);
    expect(ids('001A')).toEqual({ Account: ['001A'], Contact: ['003A'], Opportunity: ['006A'], Task: ['00TA'] });
    expect(ids('003P')).toEqual({
      Contact: ['003P'],
      Lead: ['00QP'],
      Opportunity: ['006P'],
      Case: ['500P'],
      Task: ['00TP'],
    });
    // A contact whose account is not in the data is no customer of its own: it is left out, as the read does.
    expect(unattached).toEqual({ Contact: 1 });
  });

  it('follows Sugar parent_type / parent_id links and audit rows', () => {
    const { customers } = groupCustomers(journey('sugarcrm', 'Accounts'), {
      Accounts: [{ id: 'a1', name: 'Acme' }],
      Opportunities: [{ id: 'o1', account_id: 'a1' }],
      Calls: [
        { id: 'c1', parent_type: 'Opportunities', parent_id: 'o1' },
        { id: 'c2', parent_type: 'Bugs', parent_id: 'o1' },
      ],
      Opportunities_audit: [
        {
          id: 'x',
          parent_id: 'o1',
          field_name: 'sales_stage',
          before: 'Prospecting',
          after: 'Closed Won',
          date_created: '2026-01-01T00:00:00+00:00',
        },
      ],
    });
    expect(customers[0]?.records['Calls']?.map((r) => r['id'])).toEqual(['c1']);
    expect(customers[0]?.changes.map((c) => c.field)).toEqual(['sales_stage', 'sales_status']);
  });

  it('uses customer.links for custom objects', () => {
    const { customers } = groupCustomers(journey('salesforce', 'Account', ', links: { Invoice__c: Account__c }'), {
      Account: [{ Id: '001A' }],
      Invoice__c: [{ Id: 'a01', Account__c: '001A' }],
    });
    expect(customers[0]?.records['Invoice__c']).toHaveLength(1);
  });

  it('places audit rows whatever the order of the snapshot keys', () => {
    const { customers } = groupCustomers(journey('sugarcrm', 'Accounts'), {
      Opportunities_audit: [
        {
          id: 'x',
          parent_id: 'o1',
          field_name: 'sales_stage',
          before: 'Prospecting',
          after: 'Closed Won',
          date_created: '2026-01-01T00:00:00+00:00',
        },
      ],
      Accounts: [{ id: 'a1', name: 'Acme' }],
      Opportunities: [{ id: 'o1', account_id: 'a1' }],
    });
    expect(customers[0]?.changes.map((c) => c.field)).toEqual(['sales_stage', 'sales_status']);
  });
});
