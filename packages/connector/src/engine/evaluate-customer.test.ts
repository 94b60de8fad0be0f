import { describe, expect, it } from 'vitest';
import type { CrmRecord } from '../records/crm-record.ts';
import { validateJourney } from '../journey/validate-journey.ts';
import { compileJourney, type CompiledJourney } from './compile-journey.ts';
import { evaluateCustomer } from './evaluate-customer.ts';
import type { CustomerInput } from './customer-input.ts';

const journeyText = `journey: test
name: Test
crm: salesforce
customer: { root: Account }
resolution: furthest
stages:
  - id: aware
    label: Aware
    targetDays: 10
    when: { Account: {} }
  - id: evaluating
    label: Evaluating
    targetDays: 20
    guidance: Push {{Opportunity.Name | the deal}} forward.
    when: { Opportunity: { IsClosed: false } }
    actions:
      - { id: demo, type: meeting, subject: 'Demo for {{Account.Name}}', mode: create, due: { businessDays: 2 } }
      - { id: proposal, type: task, subject: Proposal, mode: create, after: [demo], due: { field: Opportunity.CloseDate, days: -7 } }
      - { id: tip, type: email, subject: Tip, owner: { queue: 00G1 }, when: { Case: {} } }
  - id: customer
    label: Customer
    when: { Opportunity: { IsWon: true } }
moves:
  - { id: lost, outcome: lost, from: [evaluating], to: aware, reason: The deal was lost., when: { $and: [{ Opportunity: { StageName: Closed Lost } }, { Opportunity: { $none: { IsClosed: false } } }] } }
segments:
  - id: big
    label: Big
    when: { Account: { NumberOfEmployees: { $gte: 1000 } } }
    stages:
      evaluating: { targetDays: 40 }
`;

function compile(text = journeyText): CompiledJourney {
  const { journey, errors } = validateJourney(text, 'test.yaml');
  expect(errors).toEqual([]);
  if (!journey) throw new Error('invalid test journey');
  return compileJourney(journey);
}

const account: CrmRecord = {
  Id: '001A',
  Name: 'Łódź Steel',
  OwnerId: '005X',
  NumberOfEmployees: 50,
  CreatedDate: '2026-01-01T00:00:00.000+0000',
};
const openOpportunity: CrmRecord = {
  Id: '006A',
  AccountId: '001A',
  Name: 'Steel deal',
  StageName: 'Qualification',
  IsClosed: false,
  IsWon: false,
  CloseDate: '2026-03-31',
  CreatedDate: '2026-02-02T00:00:00.000+0000',
};
const asOf = Date.parse('2026-02-12T00:00:00Z');

function input(records: Record<string, CrmRecord[]>, extra: Partial<CustomerInput> = {}): CustomerInput {
  return {
    customer: { type: 'Account', id: '001A', name: 'Łódź Steel' },
    records: { Account: [account], ...records },
    asOf,
    ...extra,
  };
}

describe('evaluateCustomer', () => {
  const journey = compile();

  it('places a customer on the furthest matching stage and rebuilds the history from record dates', () => {
    const state = evaluateCustomer(journey, input({ Opportunity: [openOpportunity] }));
    expect(state.stage).toBe('evaluating');
    expect(state.history.map((t) => [t.from, t.to, t.at, t.direction])).toEqual([
      [null, 'aware', '2026-01-01T00:00:00.000Z', 'initial'],
      ['aware', 'evaluating', '2026-02-02T00:00:00.000Z', 'forward'],
    ]);
    expect(state.stageEnteredAt).toBe('2026-02-02T00:00:00.000Z');
    expect(state.timeInStage).toEqual({ days: 10, targetDays: 20, status: 'on-time' });
    expect(state.guidance).toBe('Push Steel deal forward.');
  });

  it('computes next actions with stable keys, due dates, owners and dependencies', () => {
    const state = evaluateCustomer(journey, input({ Opportunity: [openOpportunity] }));
    const [demo, proposal] = state.nextActions;
    expect(state.nextActions).toHaveLength(2); // the tip needs a case
    expect(demo).toMatchObject({
      action: 'demo',
      subject: 'Demo for Łódź Steel',
      mode: 'create',
      status: 'new',
      dueDate: '2026-02-04',
      owner: { kind: 'user', id: '005X' },
    });
    expect(demo?.key).toBe(`cj:test:001A:evaluating:${(Date.parse('2026-02-02T00:00:00Z') / 1000).toString(36)}:demo`);
    expect(proposal).toMatchObject({ status: 'blocked', blockedBy: [demo?.key], dueDate: '2026-03-24' });
    // The same input always gives the same keys: a retry can never make a second task.
    expect(evaluateCustomer(journey, input({ Opportunity: [openOpportunity] })).nextActions.map((a) => a.key)).toEqual(
      state.nextActions.map((a) => a.key),
    );
  });

  it('releases a dependent action only when its blocker is closed', () => {
    const first = evaluateCustomer(journey, input({ Opportunity: [openOpportunity] }));
    const demoKey = first.nextActions[0]?.key ?? '';
    const openTask = {
      Id: '00T1',
      Subject: 'Demo',
      Status: 'Not Started',
      IsClosed: false,
      Journey_Action_Key__c: demoKey,
    };
    const open = evaluateCustomer(journey, input({ Opportunity: [openOpportunity], Task: [openTask] }));
    expect(open.nextActions.map((a) => a.status)).toEqual(['existing', 'blocked']);
    const done = evaluateCustomer(
      journey,
      input({ Opportunity: [openOpportunity], Task: [{ ...openTask, Status: 'Completed', IsClosed: true }] }),
    );
    expect(done.nextActions.map((a) => [a.status, a.recordId])).toEqual([
      ['done', '00T1'],
      ['new', null],
    ]);
  });

  it('applies segment overrides to targets', () => {
    const big = { ...account, NumberOfEmployees: 5000 };
    const state = evaluateCustomer(journey, {
      ...input({ Opportunity: [openOpportunity] }),
      records: { Account: [big], Opportunity: [openOpportunity] },
    });
    expect(state.segment).toBe('big');
    expect(state.timeInStage?.targetDays).toBe(40);
  });

  it('moves backward only through an explicit move, with its reason, and stays there on the next run', () => {
    const previous = evaluateCustomer(journey, input({ Opportunity: [openOpportunity] }));
    const lost = { ...openOpportunity, StageName: 'Closed Lost', IsClosed: true };
    const later = Date.parse('2026-03-01T00:00:00Z');
    const state = evaluateCustomer(journey, input({ Opportunity: [lost] }, { previous, asOf: later }));
    expect(state.stage).toBe('aware');
    expect(state.history.at(-1)).toMatchObject({
      from: 'evaluating',
      to: 'aware',
      direction: 'backward',
      reason: 'The deal was lost.',
      move: 'lost',
      outcome: 'lost',
    });
    expect(state.highWaterStage).toBe('evaluating');
    const again = evaluateCustomer(
      journey,
      input({ Opportunity: [lost] }, { previous: state, asOf: later + 86_400_000 }),
    );
    expect(again.history).toHaveLength(state.history.length);
  });

  it('stays on the furthest stage reached when data regresses without a move', () => {
    const previous = evaluateCustomer(journey, input({ Opportunity: [openOpportunity] }));
    const state = evaluateCustomer(journey, input({}, { previous }));
    expect(state.stage).toBe('evaluating');
    expect(state.history).toHaveLength(previous.history.length);
  });

  it('follows the data backward with resolution: latest', () => {
    const latest = compile(journeyText.replace('resolution: furthest', 'resolution: latest'));
    const previous = evaluateCustomer(latest, input({ Opportunity: [openOpportunity] }));
    const state = evaluateCustomer(latest, input({}, { previous }));
    expect(state.stage).toBe('aware');
    expect(state.history.at(-1)?.reason).toBe('No longer matches "Evaluating".');
  });

  it('replays opportunity stage history on first sight', () => {
    const won = { ...openOpportunity, StageName: 'Closed Won', IsClosed: true, IsWon: true };
    const changes = [
      {
        object: 'Opportunity',
        recordId: '006A',
        field: 'StageName',
        oldValue: 'Qualification',
        newValue: 'Closed Won',
        at: Date.parse('2026-02-10T00:00:00Z'),
      },
      {
        object: 'Opportunity',
        recordId: '006A',
        field: 'IsClosed',
        oldValue: false,
        newValue: true,
        at: Date.parse('2026-02-10T00:00:00Z'),
      },
      {
        object: 'Opportunity',
        recordId: '006A',
        field: 'IsWon',
        oldValue: false,
        newValue: true,
        at: Date.parse('2026-02-10T00:00:00Z'),
      },
    ];
    const state = evaluateCustomer(journey, input({ Opportunity: [won] }, { changes }));
    expect(state.history.map((t) => `${t.to}@${t.at.slice(0, 10)}`)).toEqual([
      'aware@2026-01-01',
      'evaluating@2026-02-02',
      'customer@2026-02-10',
    ]);
  });

  it('ignores a previous state of another journey and rebuilds', () => {
    const previous = {
      ...evaluateCustomer(journey, input({ Opportunity: [openOpportunity] })),
      journey: { id: 'other', revision: 1 },
    };
    expect(evaluateCustomer(journey, input({}, { previous })).stage).toBe('aware');
  });

  it('reports overdue and at-risk against the target', () => {
    const at = (days: number) =>
      evaluateCustomer(
        journey,
        input({ Opportunity: [openOpportunity] }, { asOf: Date.parse('2026-02-02T00:00:00Z') + days * 86_400_000 }),
      ).timeInStage?.status;
    expect([at(5), at(16), at(20), at(45)]).toEqual(['on-time', 'at-risk', 'overdue', 'overdue']);
  });

  it('hides records created after --as-of, and rolls back later changes', () => {
    const state = evaluateCustomer(
      journey,
      input({ Opportunity: [openOpportunity] }, { asOf: Date.parse('2026-01-15T00:00:00Z') }),
    );
    expect(state.stage).toBe('aware');
    expect(state.nextActions).toEqual([]);
  });

  it('does not block an action on a blocker whose own condition does not hold', () => {
    const text = journeyText.replace(
      'after: [demo], due: { field: Opportunity.CloseDate, days: -7 } }',
      'after: [tip] }',
    );
    const state = evaluateCustomer(compile(text), input({ Opportunity: [openOpportunity] }));
    expect(state.nextActions.find((action) => action.action === 'proposal')).toMatchObject({
      status: 'new',
      blockedBy: [],
    });
  });

  it('sees the same records with and without a previous state when some are dated after asOf', () => {
    const later = { ...openOpportunity, Id: '006B', Name: 'Future deal', CreatedDate: '2026-03-01T00:00:00.000+0000' };
    const first = evaluateCustomer(journey, input({ Opportunity: [openOpportunity, later] }));
    const again = evaluateCustomer(journey, input({ Opportunity: [openOpportunity, later] }, { previous: first }));
    expect(again.nextActions).toEqual(first.nextActions);
    expect(again.guidance).toBe('Push Steel deal forward.');
  });

  it('counts a task the journey created as a touchpoint only once it is done', () => {
    const withTouchpoints = compile(`${journeyText}touchpoints:\n  - { id: calls, object: Task, channel: phone }\n`);
    const planned = {
      Id: '00T9',
      Subject: 'Demo',
      Status: 'Not Started',
      IsClosed: false,
      CreatedDate: '2026-02-05T00:00:00.000+0000',
      Journey_Action_Key__c: 'cj:test:001A:evaluating:x:demo',
    };
    const logged = {
      Id: '00T8',
      Subject: 'Logged call',
      Status: 'Completed',
      IsClosed: true,
      CreatedDate: '2026-02-04T00:00:00.000+0000',
    };
    const open = evaluateCustomer(withTouchpoints, input({ Opportunity: [openOpportunity], Task: [planned, logged] }));
    expect(open.touchpoints.map((t) => t.recordId)).toEqual(['00T8']);
    const done = evaluateCustomer(
      withTouchpoints,
      input({ Opportunity: [openOpportunity], Task: [{ ...planned, Status: 'Completed', IsClosed: true }, logged] }),
    );
    expect(done.touchpoints.map((t) => t.recordId)).toEqual(['00T8', '00T9']);
  });
});
