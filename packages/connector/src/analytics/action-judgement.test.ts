import { describe, expect, it } from 'vitest';
import { compileJourney } from '../engine/compile-journey.ts';
import { validateJourney } from '../journey/validate-journey.ts';
import { buildJourneyReport } from './build-journey-report.ts';
import type { ReportActivity, ReportCustomer } from './report-customer.ts';

const journeyText = (window: string): string => `
journey: j
name: Judgement
crm: salesforce
customer: { root: Account }
${window}
stages:
  - { id: a, label: A, when: { Account: {} }, actions: [{ id: call-a, type: call, subject: Call, mode: create }] }
  - { id: b, label: B, when: { Opportunity: {} } }
`;

function compiled(window = ''): ReturnType<typeof compileJourney> {
  const validated = validateJourney(journeyText(window), 'judgement.yaml');
  if (!validated.journey) throw new Error(JSON.stringify(validated.errors));
  return compileJourney(validated.journey);
}

const DAY = 86_400_000;
const asOf = Date.parse('2026-11-20T12:00:00Z');

/** Twelve customers in stage a, none moved on, each with one call-a activity created `ageMs` before asOf. */
function stuck(ageMs: number, dueAt: (createdAt: number) => number | null): ReportCustomer[] {
  return Array.from({ length: 12 }, (_, i) => {
    const createdAt = asOf - ageMs;
    const activity: ReportActivity = {
      action: 'call-a',
      stage: 'a',
      createdAt,
      closed: false,
      dueAt: dueAt(createdAt),
    };
    return {
      id: `c${i}`,
      type: 'Account',
      name: null,
      segment: null,
      owner: null,
      history: [{ from: null, to: 'a', at: asOf - 200 * DAY, direction: 'initial', move: null, outcome: null }],
      touchpoints: [],
      proposed: [],
      activities: new Map([[`cj:j:c${i}:a:1:call-a`, activity]]),
    };
  });
}

const actionSentences = (report: ReturnType<typeof buildJourneyReport>): string[] =>
  report.bottlenecks.filter((item) => item.kind === 'action').map((item) => item.sentence);

describe('an action is judged only after it had time to work', () => {
  it('does not call actions created minutes ago (due in two days) useless', () => {
    const report = buildJourneyReport(
      compiled(),
      stuck(10 * 60_000, (at) => at + 2 * DAY),
      { asOf },
    );
    expect(actionSentences(report)).toEqual([]);
    expect(report.actions[0]).toMatchObject({ created: 12, judged: 0, pending: 12, advanced: 0, advanceRate: null });
  });

  it('without a due date waits for the journey file window, default 14 days', () => {
    const young = buildJourneyReport(
      compiled(),
      stuck(10 * DAY, () => null),
      { asOf },
    );
    expect(actionSentences(young)).toEqual([]);
    const old = buildJourneyReport(
      compiled(),
      stuck(15 * DAY, () => null),
      { asOf },
    );
    expect(actionSentences(old)).toEqual([
      'Action "call-a" in A: judged 12 times (past its due date or window) and never followed by a move to a later stage; consider pruning it.',
    ]);
    const shortWindow = buildJourneyReport(
      compiled('actionWindowDays: 5'),
      stuck(10 * DAY, () => null),
      { asOf },
    );
    expect(shortWindow.actions[0]).toMatchObject({ judged: 12, pending: 0 });
  });

  it('gives an action due before it was created (an overdue customer at the first sync) the window', () => {
    const report = buildJourneyReport(
      compiled(),
      stuck(60_000, (at) => at - 5 * DAY),
      { asOf },
    );
    expect(report.actions[0]).toMatchObject({ judged: 0, pending: 12 });
    expect(actionSentences(report)).toEqual([]);
  });

  it('judges an action past its due date even inside the window', () => {
    const report = buildJourneyReport(
      compiled(),
      stuck(3 * DAY, (at) => at + DAY),
      { asOf },
    );
    expect(report.actions[0]).toMatchObject({ judged: 12, pending: 0, advanceRate: 0 });
    expect(actionSentences(report)).toHaveLength(1);
  });
});
