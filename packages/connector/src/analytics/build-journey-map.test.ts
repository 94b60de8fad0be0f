import { describe, expect, it } from 'vitest';
import { compileJourney } from '../engine/compile-journey.ts';
import { validateJourney } from '../journey/validate-journey.ts';
import { createJourneyMapBuilder } from './build-journey-map.ts';
import { MAP_LANES } from './journey-map.ts';
import type { ReportActivity, ReportCustomer, ReportTransition } from './report-customer.ts';

const validated = validateJourney(
  `
journey: j
name: Map test
crm: salesforce
customer: { root: Account }
stages:
  - id: a
    label: A
    goal: Find a fit.
    mindset: Curious.
    targetDays: 10
    when: { Account: {} }
    actions: [{ id: call-a, type: call, subject: Call, mode: create }, { id: mail-a, type: email, subject: Mail }]
  - { id: b, label: B, targetDays: 20, when: { Opportunity: {} } }
  - { id: c, label: C, when: { Opportunity: { IsWon: true } } }
moves:
  - { id: deal-lost, label: Deal lost, outcome: lost, from: [b], to: a, reason: Lost., when: { Opportunity: { StageName: Closed Lost } } }
segments:
  - { id: big, label: Big, when: { Account: { NumberOfEmployees: { $gte: 1000 } } }, stages: { b: { targetDays: 5 } } }
`,
  'map.yaml',
);
if (!validated.journey) throw new Error(JSON.stringify(validated.errors));
const journey = compileJourney(validated.journey);

const DAY = 86_400_000;
const T0 = Date.parse('2026-01-01T00:00:00Z');
const day = (n: number): number => T0 + n * DAY;
const t = (from: string | null, to: string, at: number, extra: Partial<ReportTransition> = {}): ReportTransition => ({
  from,
  to,
  at: day(at),
  direction: from === null ? 'initial' : 'forward',
  move: null,
  outcome: null,
  ...extra,
});

/** Customer i: enters a on day i; even ones open an opportunity on day i+5 (moving to b); every third of those loses it. */
const customers: ReportCustomer[] = Array.from({ length: 30 }, (_, i) => {
  const history = [t(null, 'a', i)];
  const records = [{ object: 'Opportunity', at: day(i + 5) }];
  if (i % 2 === 0) history.push(t('a', 'b', i + 5));
  if (i % 6 === 0) history.push(t('b', 'a', i + 40, { direction: 'backward', move: 'deal-lost', outcome: 'lost' }));
  const activities = new Map<string, ReportActivity>([
    [`cj:j:${i}:a:1:call-a`, { action: 'call-a', stage: 'a', createdAt: day(i + 1), closed: true, dueAt: day(i + 2) }],
    [`cj:j:${i}:a:1:mail-a`, { action: 'mail-a', stage: 'a', createdAt: day(i + 6), closed: true, dueAt: day(i + 7) }],
  ]);
  return {
    id: `c${i}`,
    type: 'Account',
    name: null,
    segment: i < 10 ? 'big' : null,
    owner: null,
    history,
    touchpoints: [{ at: day(i + 1), stage: 'a', channel: i % 3 === 0 ? 'phone' : 'email', emotion: (i % 3) - 1 }],
    proposed: [],
    activities,
    records: i % 2 === 0 ? records : [],
  };
});
const period = { asOf: day(120), from: day(0), to: day(120) };

describe('createJourneyMapBuilder', () => {
  const builder = createJourneyMapBuilder(journey, period);
  for (const customer of customers) builder.add(customer);
  const { report, map } = builder.build();

  it('fills every stage with the report numbers and the consultant texts', () => {
    expect(map.lanes).toEqual(MAP_LANES);
    expect(map.stages.map((stage) => stage.stage)).toEqual(['a', 'b', 'c']);
    const [a, b] = map.stages;
    expect(a).toMatchObject({ goal: 'Find a fit.', mindset: 'Curious.', guidance: null });
    report.stages.forEach((stage, index) => {
      expect(map.stages[index]?.metrics).toEqual({
        now: stage.now,
        overdue: stage.overdue,
        overdueShare: stage.overdueShare,
        targetDays: stage.targetDays,
        medianDays: stage.dwell.median,
        p90Days: stage.dwell.p90,
        nowMedianDays: stage.openDwell.median,
        entered: stage.entered,
        conversion: stage.conversion,
        dropOff: stage.dropOff,
        backwardOut: stage.backwardOut,
        backwardIn: stage.backwardIn,
      });
    });
    // 15 moved to b, 5 of those lost their deal and came back: 20 in a now.
    expect(a?.metrics.now).toBe(20);
    expect(b?.metrics).toMatchObject({ now: 10, backwardOut: 5 });
  });

  it('counts what customers did, under the stage they were in, and marks what drives a stage', () => {
    expect(map.stages[1]?.doing).toEqual([{ object: 'Opportunity', count: 15, drives: true }]);
    expect(map.stages[0]?.doing).toEqual([]);
  });

  it('shares touchpoints by channel and draws the emotion point', () => {
    const a = map.stages[0];
    expect(a?.touchpoints.total).toBe(30);
    expect(a?.touchpoints.channels).toEqual([
      { channel: 'email', count: 20, share: 0.6667 },
      { channel: 'phone', count: 10, share: 0.3333 },
    ]);
    expect(a?.emotion).toEqual({
      touchpoints: 30,
      positiveShare: 0.3333,
      neutralShare: 0.3333,
      negativeShare: 0.3333,
      score: 0,
    });
  });

  it('lists pain points and opportunities', () => {
    const b = map.stages[1];
    expect(b?.painPoints).toContainEqual({
      kind: 'backward-move',
      text: 'Most common backward move: Deal lost (5 back to A).',
    });
    // call-a was created before each move to b (15 of 30 advanced); mail-a after it (never).
    expect(map.stages[0]?.opportunities).toEqual({
      best: [{ action: 'call-a', judged: 30, advanced: 15, advanceRate: 0.5 }],
      never: [{ action: 'mail-a', judged: 30, advanced: 0, advanceRate: 0 }],
    });
  });

  it('lists the checklist items overdue customers most often lack among the pain points', () => {
    const item = (path: string, text: string) => ({ path, text });
    const stalled = createJourneyMapBuilder(journey, period);
    for (const [i, c] of customers.entries()) {
      const unmet = [item('stages[1].when.Opportunity', 'an Opportunity record')];
      if (i % 2 === 0)
        unmet.push(item('stages[1].when.Zeta', 'a Zeta record'), item('stages[1].when.Alpha', 'an Alpha'));
      const open = c.history[c.history.length - 1]?.to ?? 'a';
      stalled.add({ ...c, unmet: { stage: open, items: unmet } });
    }
    const built = stalled.build();
    for (const [index, stage] of built.report.stages.entries()) {
      const { customers: n, items } = stage.unmetChecklist;
      const lines = built.map.stages[index]?.painPoints.filter((pain) => pain.kind === 'unmet-checklist');
      expect(lines).toEqual(
        items.slice(0, 2).map((line) => ({
          kind: 'unmet-checklist',
          text: `Overdue customers lack: ${line.text} (${line.count} of ${n}).`,
        })),
      );
    }
    const a = built.report.stages[0]?.unmetChecklist;
    expect(a?.customers).toBeGreaterThan(0);
    // Most frequent first; a tie goes to the path in alphabetical order.
    expect(a?.items.map((line) => line.path)).toEqual([
      'stages[1].when.Opportunity',
      'stages[1].when.Alpha',
      'stages[1].when.Zeta',
    ]);
  });

  it("uses a segment's own targets and customers", () => {
    const big = createJourneyMapBuilder(journey, { ...period, segment: 'big' });
    for (const customer of customers) big.add(customer);
    const built = big.build();
    expect(built.map.segmentLabel).toBe('Big');
    expect(built.map.customers).toBe(10);
    expect(built.map.stages[1]?.metrics.targetDays).toBe(5);
    expect(built.map.stages[1]?.doing).toEqual([{ object: 'Opportunity', count: 5, drives: true }]);
  });
});
