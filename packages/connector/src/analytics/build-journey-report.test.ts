import { describe, expect, it } from 'vitest';
import { compileJourney } from '../engine/compile-journey.ts';
import { validateJourney } from '../journey/validate-journey.ts';
import { buildJourneyReport } from './build-journey-report.ts';
import { compareReports } from './compare-reports.ts';
import type { ReportActivity, ReportCustomer, ReportTransition } from './report-customer.ts';

const journeyText = `
journey: j
name: Test journey
revision: 1
crm: salesforce
customer: { root: Account }
stages:
  - id: a
    label: A
    targetDays: 10
    when: { Account: {} }
    actions:
      - { id: call-a, type: call, subject: Call, mode: create }
  - id: b
    label: B
    targetDays: 20
    when: { Opportunity: {} }
    actions:
      - { id: demo, type: meeting, subject: Demo }
  - id: c
    label: C
    when: { Opportunity: { IsWon: true } }
moves:
  - id: deal-lost
    label: Deal lost
    outcome: lost
    from: [b]
    to: a
    reason: Lost.
    when: { Opportunity: { StageName: Closed Lost } }
segments:
  - id: big
    label: Big
    when: { Account: { NumberOfEmployees: { $gte: 1000 } } }
    stages:
      b: { targetDays: 5 }
`;

const validated = validateJourney(journeyText, 'test.yaml');
if (!validated.journey) throw new Error(JSON.stringify(validated.errors));
const journey = compileJourney(validated.journey);

const DAY = 86_400_000;
const T0 = Date.parse('2026-01-01T00:00:00Z');
const day = (n: number): number => T0 + n * DAY;
const period = { asOf: day(100), from: day(0), to: day(100) };

function move(from: string | null, to: string, at: number, extra: Partial<ReportTransition> = {}): ReportTransition {
  return {
    from,
    to,
    at: day(at),
    direction: from === null ? 'initial' : 'forward',
    move: null,
    outcome: null,
    ...extra,
  };
}

function customer(id: string, fields: Partial<ReportCustomer>): ReportCustomer {
  return {
    id,
    type: 'Account',
    name: `Customer ${id}`,
    segment: null,
    owner: null,
    history: [],
    touchpoints: [],
    proposed: [],
    activities: new Map<string, ReportActivity>(),
    ...fields,
  };
}

const customers: ReportCustomer[] = [
  customer('c1', {
    owner: 'u1',
    history: [move(null, 'a', -5), move('a', 'b', 10), move('b', 'c', 30)],
    touchpoints: [
      { at: day(12), stage: 'b', channel: 'phone', emotion: -1 },
      { at: day(40), stage: 'c', channel: 'email', emotion: 0 },
    ],
    activities: new Map([['cj:j:c1:a:1:call-a', { action: 'call-a', stage: 'a', createdAt: day(-4), closed: true }]]),
  }),
  customer('c2', {
    segment: 'big',
    owner: 'u1',
    history: [
      move(null, 'a', 20),
      move('a', 'b', 25),
      move('b', 'a', 60, { direction: 'backward', move: 'deal-lost', outcome: 'lost' }),
    ],
    touchpoints: [
      { at: day(-10), stage: 'a', channel: 'web', emotion: 1 },
      { at: day(61), stage: 'a', channel: 'support', emotion: -2 },
    ],
    activities: new Map([
      ['cj:j:c2:a:2:call-a', { action: 'call-a', stage: 'a', createdAt: day(21), closed: true }],
      ['cj:j:c2:b:3:demo', { action: 'demo', stage: 'b', createdAt: day(26), closed: false }],
    ]),
  }),
  customer('c3', {
    owner: 'u2',
    history: [move(null, 'a', 50)],
    touchpoints: [{ at: day(55), stage: 'a', channel: 'web', emotion: 1 }],
    activities: new Map([['cj:j:c3:a:4:call-a', { action: 'call-a', stage: 'a', createdAt: day(51), closed: false }]]),
  }),
  customer('c4', {
    history: [move(null, 'a', 95)],
    proposed: [{ key: 'cj:j:c4:a:5:call-a', action: 'call-a', stage: 'a' }],
  }),
  // Its move to b comes after the period: at the period's end it is 10 days in a, exactly its target.
  customer('c5', { owner: 'u2', history: [move(null, 'a', 90), move('a', 'b', 150)] }),
];

describe('buildJourneyReport', () => {
  const report = buildJourneyReport(journey, customers, period);

  it('counts customers, overdue and dwell per stage as hand-computed', () => {
    const [a, b, c] = report.stages;
    expect(a).toMatchObject({ now: 4, overdue: 3, overdueShare: 0.75, entered: 4, converted: 1, conversion: 0.25 });
    // Dwell of a: completed 15 (c1) and 5 (c2), open 40, 50, 5 and 10 days.
    expect(a?.dwell).toEqual({ count: 6, min: 5, q1: 6.3, median: 12.5, q3: 33.8, p90: 45, max: 50 });
    expect(a?.completedDwell.median).toBe(10);
    expect(a?.openDwell.median).toBe(25);
    expect(a).toMatchObject({ backwardIn: 1, backwardOut: 0, lost: 0, dropOff: 0 });
    expect(b).toMatchObject({
      now: 0,
      overdue: 0,
      overdueShare: null,
      entered: 2,
      converted: 1,
      lost: 1,
      dropOff: 0.5,
    });
    expect(b?.dwell).toMatchObject({ count: 2, median: 27.5, p90: 33.5 });
    expect(b).toMatchObject({ backwardOut: 1, backwardIn: 0 });
    expect(c).toMatchObject({ now: 1, targetDays: null, overdueShare: null, entered: 1, converted: 0 });
    expect(c?.dwell.median).toBe(70);
  });

  it('keeps one table per segment with the segment targets', () => {
    expect(report.segments.map((s) => [s.segment, s.customers])).toEqual([
      ['big', 1],
      [null, 4],
    ]);
    const big = report.segments[0]?.stages;
    expect(big?.[1]).toMatchObject({ targetDays: 5, entered: 1, lost: 1 });
    expect(big?.[0]).toMatchObject({ now: 1, overdue: 1 });
  });

  it('builds the funnel, flows, backward moves and cohorts', () => {
    expect(report.funnel.map((step) => step.reached)).toEqual([5, 2, 1]);
    expect(report.flows).toEqual([
      { from: null, to: 'a', direction: 'initial', count: 4 },
      { from: 'a', to: 'b', direction: 'forward', count: 2 },
      { from: 'b', to: 'a', direction: 'backward', count: 1 },
      { from: 'b', to: 'c', direction: 'forward', count: 1 },
    ]);
    expect(report.backwardMoves).toEqual([
      { move: 'deal-lost', label: 'Deal lost', from: 'b', to: 'a', outcome: 'lost', count: 1 },
    ]);
    expect(report.cohorts).toEqual([
      { month: '2026-01', customers: 1, reached: { a: 1, b: 1, c: 0 } },
      { month: '2026-02', customers: 1, reached: { a: 1, b: 0, c: 0 } },
      { month: '2026-04', customers: 2, reached: { a: 2, b: 0, c: 0 } },
    ]);
  });

  it('ranks owners and customers by overdue', () => {
    expect(report.overdueOwners).toEqual([
      { owner: 'u2', overdue: 2, customers: 2 },
      { owner: 'u1', overdue: 1, customers: 1 },
    ]);
    expect(report.overdueCustomers.map((c) => [c.id, c.days, c.targetDays])).toEqual([
      ['c3', 50, 10],
      ['c2', 40, 10],
      ['c5', 10, 10],
    ]);
  });

  it('counts touchpoints per stage and channel and draws the emotion curve', () => {
    expect(report.touchpoints.map((stage) => [stage.stage, stage.total, stage.byChannel])).toEqual([
      ['a', 2, { support: 1, web: 1 }],
      ['b', 1, { phone: 1 }],
      ['c', 1, { email: 1 }],
    ]);
    expect(report.emotion.map((stage) => [stage.mean, stage.median, stage.negative, stage.negativeShare])).toEqual([
      [-0.5, -0.5, 1, 0.5],
      [-1, -1, 1, 1],
      [0, 0, 0, 0],
    ]);
    expect(report.negativeClusters).toEqual([]);
  });

  it('measures what became of each action', () => {
    expect(report.actions).toEqual([
      {
        action: 'call-a',
        stage: 'a',
        stageLabel: 'A',
        mode: 'create',
        proposed: 3,
        created: 2,
        accepted: null,
        completed: 1,
        judged: 2,
        pending: 0,
        advanced: 1,
        advanceRate: 0.5,
      },
      {
        action: 'demo',
        stage: 'b',
        stageLabel: 'B',
        mode: 'suggest',
        proposed: 1,
        created: 1,
        accepted: 1,
        completed: 0,
        judged: 1,
        pending: 0,
        advanced: 0,
        advanceRate: 0,
      },
    ]);
  });

  it('restricts everything to one segment', () => {
    const big = buildJourneyReport(journey, customers, { ...period, segment: 'big' });
    expect(big.customers).toBe(1);
    expect(big.segments.map((s) => s.segment)).toEqual(['big']);
    expect(big.stages[0]).toMatchObject({ now: 1, overdue: 1 });
  });
});

describe('bottlenecks', () => {
  it('says in plain words where customers stall and where negative signals cluster', () => {
    const stuck = Array.from({ length: 6 }, (_, i) =>
      customer(`s${i}`, {
        history: [move(null, 'a', 50 + i)],
        touchpoints: [{ at: day(60), stage: 'a', channel: 'support', emotion: -2 }],
      }),
    );
    const happy = Array.from({ length: 30 }, (_, i) =>
      customer(`h${i}`, {
        history: [move(null, 'a', 80), move('a', 'b', 95)],
        touchpoints: [{ at: day(96), stage: 'b', channel: 'email', emotion: 1 }],
      }),
    );
    const report = buildJourneyReport(journey, [...stuck, ...happy], period);
    expect(report.bottlenecks.map((item) => item.sentence)).toEqual([
      'A: median 47.5 days in the stage against a 10-day target; 100% of customers in it overdue (6 of 6).',
      'A: 100% of touchpoints are negative (6 of 6) against 17% across the journey; most come through support.',
    ]);
  });
});

describe('unmet checklist items of stalled customers', () => {
  const x = { path: 'stages[1].when.Opportunity', text: 'an Opportunity record' };
  const y = { path: 'stages[1].when.Contact', text: 'a Contact record' };
  const withUnmet = (stage: string, items: (typeof x)[]) => ({ unmet: { stage, items } });
  const report = buildJourneyReport(
    journey,
    customers.map((c) => {
      // Overdue in a at the end of the period: c2 (40 days) and c3 (50); c5 too, but it moved on after it.
      if (c.id === 'c2') return { ...c, ...withUnmet('a', [x, y]) };
      if (c.id === 'c3') return { ...c, ...withUnmet('a', [x]) };
      if (c.id === 'c5') return { ...c, ...withUnmet('a', [y]) };
      // In a for 5 days: not overdue, not counted.
      if (c.id === 'c4') return { ...c, ...withUnmet('a', [y]) };
      // In c: its checklist is of another stage.
      return { ...c, ...withUnmet('b', [y]) };
    }),
    period,
  );

  it('counts, per stage, the unmet items of the overdue customers whose checklist is of that stay', () => {
    expect(report.stages[0]?.overdue).toBe(3);
    expect(report.stages[0]?.unmetChecklist).toEqual({
      customers: 2,
      items: [
        { ...x, count: 2, share: 1 },
        { ...y, count: 1, share: 0.5 },
      ],
    });
    expect(report.stages[2]?.unmetChecklist).toEqual({ customers: 0, items: [] });
  });

  it('counts per segment too, and defines the numbers', () => {
    const none = report.segments.find((segment) => segment.segment === null);
    expect(none?.stages[0]?.unmetChecklist).toEqual({ customers: 1, items: [{ ...x, count: 1, share: 1 }] });
    expect(report.definitions.some((line) => line.startsWith('Unmet checklist: for the overdue customers'))).toBe(true);
  });
});

describe('compareReports', () => {
  it('puts two periods side by side and highlights the differences', () => {
    const early = buildJourneyReport(journey, customers, { ...period, to: day(40) });
    const late = buildJourneyReport(journey, customers, period);
    const comparison = compareReports({ label: 'early', report: early }, { label: 'late', report: late });
    const a = comparison.stages[0];
    // At day 40: c1 in c, c2 in b (15 days): nobody in a.
    expect(a?.base).toMatchObject({ now: 0, share: 0 });
    expect(a?.other).toMatchObject({ now: 4, share: 0.8, medianDays: 12.5 });
    expect(a?.difference).toMatchObject({ now: 4, share: 0.8 });
    expect(a?.highlights.map((line) => line.field)).toContain('share');
    expect(comparison.stages[1]?.base).toMatchObject({ now: 1 });
  });
});
