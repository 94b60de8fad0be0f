import { describe, expect, it } from 'vitest';
import { validateJourney } from '../journey/validate-journey.ts';
import { compileJourney } from './compile-journey.ts';
import type { CustomerInput } from './customer-input.ts';
import { evaluateCustomer } from './evaluate-customer.ts';
import { nextTimeChange } from './next-time-change.ts';

const journey = validateJourney(
  `journey: test
name: Test
crm: salesforce
customer: { root: Account }
stages:
  - id: evaluating
    label: Evaluating
    when: { Opportunity: { IsClosed: false } }
    actions:
      - { id: demo, type: meeting, subject: Demo, mode: create, due: { days: 2 } }
      - { id: proposal, type: task, subject: Proposal, mode: create, after: [demo], due: { days: 4 } }
`,
  'test.yaml',
).journey;

const asOf = Date.parse('2026-11-20T12:00:00Z');

describe('nextTimeChange', () => {
  // Found by the fault campaign's time-jump schedules: an overdue meeting is booked on the next business
  // day, after every due date, so its end (which unblocks the actions after it) was no time to look again.
  it('re-evaluates the customer when a blocking meeting ends after every due date', () => {
    if (!journey) throw new Error('the test journey does not validate');
    const compiled = compileJourney(journey);
    const records = {
      Account: [{ Id: '001A', Name: 'Acme', CreatedDate: '2026-09-01T00:00:00Z' }],
      Opportunity: [{ Id: '006A', AccountId: '001A', IsClosed: false, CreatedDate: '2026-09-01T00:00:00Z' }],
    };
    const input = (at: number, events: readonly Record<string, unknown>[]): CustomerInput => ({
      customer: { id: '001A', type: 'Account', name: 'Acme' },
      records: { ...records, Event: [...events] },
      changes: [],
      asOf: at,
    });
    const first = evaluateCustomer(compiled, input(asOf, []));
    const demo = first.nextActions.find((action) => action.action === 'demo');
    expect(demo?.dueDate !== null && Date.parse(`${demo?.dueDate ?? ''}T00:00:00Z`) < asOf).toBe(true);
    const ends = Date.parse('2026-11-23T10:00:00Z');
    const meeting = {
      Id: '00UA',
      WhatId: '001A',
      Journey_Action_Key__c: demo?.key,
      ActivityDateTime: '2026-11-23T09:00:00.000+0000',
      EndDateTime: '2026-11-23T10:00:00.000+0000',
    };
    const booked = input(asOf, [meeting]);
    const state = evaluateCustomer(compiled, booked);
    expect(state.nextActions.find((action) => action.action === 'proposal')?.status).toBe('blocked');
    expect(
      evaluateCustomer(compiled, input(ends, [meeting])).nextActions.find((a) => a.action === 'proposal')?.status,
    ).toBe('new');

    // Before the meeting exists (the run that creates it), the customer is looked at again by the next midnight.
    expect(nextTimeChange(compiled, input(asOf, []), first)).toBe('2026-11-21T00:00:00.000Z');
    const next = nextTimeChange(compiled, booked, state);
    expect(next).not.toBeNull();
    expect(Date.parse(next ?? '')).toBeLessThanOrEqual(ends);
  });
});
