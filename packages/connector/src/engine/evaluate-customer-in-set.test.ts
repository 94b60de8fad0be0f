import { describe, expect, it } from 'vitest';
import type { CrmRecord } from '../records/crm-record.ts';
import { validateJourneySet } from '../journey/journey-set.ts';
import { compileJourneySet, type CompiledJourneySet } from './compile-journey-set.ts';
import { evaluateCustomerInSet, placementReason } from './evaluate-customer-in-set.ts';
import type { JourneyState } from './journey-state.ts';

const direct = `journey: direct
name: Direct
revision: 1
crm: salesforce
order: 1
customer: { root: Account }
entry: { Account: { Type: Customer - Direct } }
stages:
  - id: d-new
    label: New
    when: { Account: {} }
    actions:
      - { id: call, type: call, subject: 'Call {{Account.Name}}', mode: create }
  - id: d-won
    label: Won
    when: { Opportunity: { IsWon: true } }
`;
const channel = `journey: channel
name: Channel
revision: 3
crm: salesforce
order: 2
customer: { root: Account }
entry: { Account: { Type: Customer - Channel } }
stages:
  - { id: c-new, label: New, when: { Account: {} } }
  - { id: c-won, label: Won, when: { Opportunity: { IsWon: true } } }
`;

function compiled(): CompiledJourneySet {
  const { set, errors } = validateJourneySet([
    { text: channel, file: 'channel.yaml' },
    { text: direct, file: 'direct.yaml' },
  ]);
  expect(errors).toEqual([]);
  if (!set) throw new Error('set expected');
  return compileJourneySet(set);
}

const day = 86_400_000;
const t0 = Date.parse('2026-03-02T09:00:00Z');
const customer = { type: 'Account', id: '001A', name: 'Acme' };
const account = (type: string): CrmRecord => ({
  Id: '001A',
  Name: 'Acme',
  Type: type,
  CreatedDate: '2026-01-05T00:00:00Z',
});
const won: CrmRecord = {
  Id: '006A',
  AccountId: '001A',
  IsWon: true,
  IsClosed: true,
  CreatedDate: '2026-02-01T00:00:00Z',
};

describe('evaluateCustomerInSet', () => {
  it('places each customer in the first journey whose entry holds, or in none', () => {
    const set = compiled();
    const inChannel = evaluateCustomerInSet(set, {
      customer,
      records: { Account: [account('Customer - Channel')] },
      asOf: t0,
    });
    expect(inChannel.state?.journey).toEqual({ id: 'channel', revision: 3 });
    expect(inChannel.state?.stage).toBe('c-new');
    expect(placementReason(inChannel.placement)).toBe(
      'In journey "channel": its entry holds (the entries of "direct" do not).',
    );
    const inNone = evaluateCustomerInSet(set, { customer, records: { Account: [account('Prospect')] }, asOf: t0 });
    expect(inNone.state).toBeNull();
    expect(placementReason(inNone.placement)).toMatch(/No journey of the set takes this customer/);
  });

  it('keeps the history of a customer who moves, records the move, and reports the open tasks it leaves', () => {
    const set = compiled();
    const first = evaluateCustomerInSet(set, {
      customer,
      records: { Account: [account('Customer - Direct')] },
      asOf: t0,
    });
    expect(first.state?.stage).toBe('d-new');
    const call: CrmRecord = {
      Id: '00T1',
      WhatId: '001A',
      Journey_Action_Key__c: first.state?.nextActions[0]?.key ?? '',
      Status: 'Not Started',
      IsClosed: false,
      CreatedDate: new Date(t0 + 1000).toISOString(),
    };
    const second = evaluateCustomerInSet(set, {
      customer,
      records: { Account: [account('Customer - Direct')], Task: [call] },
      previous: first.state,
      asOf: t0 + day,
    });
    expect(second.state?.nextActions[0]?.status).toBe('existing');
    const moved = evaluateCustomerInSet(set, {
      customer,
      records: { Account: [account('Customer - Channel')], Opportunity: [won], Task: [call] },
      previous: second.state,
      asOf: t0 + 2 * day,
    });
    const state = moved.state as JourneyState;
    expect(state.journey.id).toBe('channel');
    expect(state.stage).toBe('c-won');
    expect(state.stageEnteredAt).toBe(new Date(t0 + 2 * day).toISOString());
    expect(state.history.map((t) => [t.from, t.to, t.journeyMove?.from ?? null])).toEqual([
      [null, 'd-new', null],
      [null, 'c-won', 'direct'],
    ]);
    expect(state.history[1]?.reason).toMatch(
      /^Moved from journey "direct" to "channel"\. In journey "channel": its entry holds/,
    );
    expect(state.history[1]?.revision).toBe(3);
    expect(moved.move?.openTasks.map((task) => task.recordId)).toEqual(['00T1']);
    // The next evaluation continues in the new journey: no second move.
    const after = evaluateCustomerInSet(set, {
      customer,
      records: { Account: [account('Customer - Channel')], Opportunity: [won] },
      previous: state,
      asOf: t0 + 3 * day,
    });
    expect(after.move).toBeUndefined();
    expect(after.state?.history).toEqual(state.history);
  });

  it('ignores the entry of a journey run on its own', () => {
    const { set } = validateJourneySet([{ text: direct, file: 'direct.yaml' }]);
    if (!set) throw new Error('set expected');
    const alone = evaluateCustomerInSet(compileJourneySet(set), {
      customer,
      records: { Account: [account('Prospect')] },
      asOf: t0,
    });
    expect(alone.state?.journey.id).toBe('direct');
  });
});

describe('placement in a set with an account journey and a contact journey', () => {
  const persons = `journey: persons\nname: Persons\ncrm: salesforce\norder: 1\ncustomer: { root: Contact }\nentry: { $or: [{ Contact: {} }, { Lead: { Company: '[not provided]' } }] }\nstages:\n  - { id: p-new, label: New, when: { Lead: {} } }\n`;
  const companies = `journey: companies\nname: Companies\ncrm: salesforce\ncustomer: { root: Account }\nstages:\n  - { id: c-new, label: New, when: { Lead: {} } }\n`;
  const { set } = validateJourneySet([
    { text: companies, file: 'companies.yaml' },
    { text: persons, file: 'persons.yaml' },
  ]);
  if (!set) throw new Error('set expected');
  const mixed = compileJourneySet(set);
  const lead = (company: string): CrmRecord => ({ Id: '00QA', Company: company, IsConverted: true });
  const place = (type: string, records: Record<string, CrmRecord[]>) =>
    evaluateCustomerInSet(mixed, { customer: { type, id: 'x' }, records, changes: [], asOf: t0 }).placement;

  it('tries only the journeys of the customer type’s root; a lead may go to any', () => {
    // An account whose converted lead had no company stays B2B: the contact journey never takes an account.
    expect(place('Account', { Account: [{ Id: 'x' }], Lead: [lead('[not provided]')] }).journey?.definition.id).toBe(
      'companies',
    );
    expect(place('Contact', { Contact: [{ Id: 'x' }] }).journey?.definition.id).toBe('persons');
    expect(place('Lead', { Lead: [lead('[not provided]')] }).journey?.definition.id).toBe('persons');
    expect(place('Lead', { Lead: [lead('Acme')] }).journey?.definition.id).toBe('companies');
    const account = place('Account', { Account: [{ Id: 'x' }] });
    expect(account.tried).toEqual([{ id: 'companies', entry: false, holds: true }]);
  });
});
