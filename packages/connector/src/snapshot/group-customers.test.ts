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
