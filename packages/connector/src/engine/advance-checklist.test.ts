import { describe, expect, it } from 'vitest';
import type { CrmRecord } from '../records/crm-record.ts';
import { formatDiagnostic } from '../source/diagnostic.ts';
import { validateJourney } from '../journey/validate-journey.ts';
import { compileJourney, type CompiledJourney } from './compile-journey.ts';
import { evaluateCustomer } from './evaluate-customer.ts';
import { explainCustomer } from './explain-customer.ts';
import { journeyStateFingerprint } from './state-fingerprint.ts';

const journeyText = `journey: test
name: Test
crm: salesforce
customer: { root: Account }
stages:
  - id: aware
    label: Aware
    when: { Account: {} }
    keyFields: [Industry, AnnualRevenue, Rating]
  - id: talking
    label: Talking
    when:
      $and:
        - Event: { ActivityDateTime: { $withinLastDays: 30 } }
        - $not: { Case: { IsEscalated: true } }
  - id: deciding
    label: Deciding
    when:
      $or:
        - Opportunity: { IsClosed: false, StageName: { $in: [Proposal/Price Quote, Negotiation/Review] } }
        - Opportunity: { $count: { where: { IsWon: true }, $gte: 2 } }
moves:
  - id: gone
    from: [talking]
    to: aware
    reason: Gone quiet.
    when:
      $and:
        - Event: { $none: { ActivityDateTime: { $withinLastDays: 60 } } }
        - Task: { $none: { IsClosed: false } }
`;

function compile(text = journeyText): CompiledJourney {
  const { journey, errors } = validateJourney(text, 'test.yaml');
  expect(errors.map(formatDiagnostic)).toEqual([]);
  if (!journey) throw new Error('invalid test journey');
  return compileJourney(journey);
}

const asOf = Date.parse('2026-06-01T12:00:00Z');
const account: CrmRecord = { Id: '001A', Name: 'Acme', Industry: 'Energy', AnnualRevenue: 5e6, Rating: '' };

function evaluate(journey: CompiledJourney, records: Record<string, CrmRecord[]>) {
  const input = { customer: { type: 'Account', id: '001A' }, records: { Account: [account], ...records }, asOf };
  const state = evaluateCustomer(journey, input);
  return { state, explanation: explainCustomer(journey, input, state) };
}

describe('advance checklists', () => {
  it('lists the next stage with the closest record, in every language, agreeing with explain (negation included)', () => {
    const journey = compile();
    const { state, explanation } = evaluate(journey, {
      Event: [{ Id: '00UA', ActivityDateTime: '2026-03-01T10:00:00.000+0000' }],
      Case: [{ Id: '500A', IsEscalated: true }],
    });
    expect(state.stage).toBe('aware');
    const [checklist] = state.checklists ?? [];
    expect(checklist).toMatchObject({ kind: 'advance', stage: 'talking', mode: 'all', met: false });
    const [meeting, noEscalation] = checklist?.items ?? [];
    expect(meeting?.text.en).toBe('an Event record where ActivityDateTime in the last 30 days');
    expect(meeting?.text.pl).toBe('rekord Event gdzie ActivityDateTime w ciągu ostatnich 30 dni');
    expect(meeting?.hint?.en).toBe(
      'Closest: 00UA still needs ActivityDateTime in the last 30 days (now "2026-03-01T10:00:00.000+0000")',
    );
    expect(noEscalation).toMatchObject({ met: false, records: [], matched: 1 });
    expect(noEscalation?.text.en).toBe('not: a Case record where IsEscalated = true');
    expect(noEscalation?.hint?.ru).toBe('Мешают: 500A');
    const traces = explanation.rules.find((rule) => rule.id === 'talking')?.conditions ?? [];
    expect(traces.map((trace) => trace.path)).toEqual(checklist?.items.map((item) => item.path));
    // The negated item is met exactly when its trace (the un-negated condition) does not hold.
    expect(noEscalation?.met).toBe(!traces[1]?.holds);
    expect(meeting?.met).toBe(traces[0]?.holds);
  });

  it('says what to add when there is no record, counts what is missing, and lists met records', () => {
    const journey = compile();
    const { state } = evaluate(journey, {
      Event: [{ Id: '00UB', ActivityDateTime: '2026-05-25T10:00:00.000+0000' }],
      Opportunity: [{ Id: '006A', IsWon: true, IsClosed: true }],
    });
    expect(state.stage).toBe('talking');
    const [advance] = state.checklists ?? [];
    expect(advance).toMatchObject({ stage: 'deciding', mode: 'any', met: false });
    expect(advance?.items[0]?.hint?.en).toBe(
      'Closest: 006A still needs IsClosed = false (now true) and StageName is one of "Proposal/Price Quote", "Negotiation/Review" (now —)',
    );
    expect(advance?.items[1]?.hint?.en).toBe('1 more needed: an Opportunity record where IsWon = true');
    const none = evaluate(journey, { Event: [{ Id: '00UB', ActivityDateTime: '2026-05-25T10:00:00.000+0000' }] });
    expect(none.state.checklists?.[0]?.items[0]?.hint?.fa).toMatch(/^هنوز نیست: /);
  });

  it('adds the backward move that is one condition away, and nothing at the last stage', () => {
    const journey = compile();
    const { state } = evaluate(journey, {
      Event: [{ Id: '00UB', ActivityDateTime: '2026-05-25T10:00:00.000+0000' }],
      Task: [{ Id: '00TA', IsClosed: true }],
    });
    expect(state.checklists?.map((c) => [c.kind, c.stage, c.move?.id ?? null])).toEqual([
      ['advance', 'deciding', null],
      ['risk', 'aware', 'gone'],
    ]);
    const risk = state.checklists?.[1];
    expect(risk?.items.map((item) => item.met)).toEqual([false, true]);
    const last = evaluate(journey, {
      Event: [{ Id: '00UB', ActivityDateTime: '2026-05-25T10:00:00.000+0000' }],
      Opportunity: [{ Id: '006B', IsClosed: false, StageName: 'Negotiation/Review' }],
    });
    expect(last.state.stage).toBe('deciding');
    expect(last.state.checklists).toEqual([]);
  });

  it("carries the stage's key fields with the root record's values", () => {
    const { state } = evaluate(compile(), {});
    expect(state.keyFields).toEqual([
      { field: 'Industry', value: 'Energy' },
      { field: 'AnnualRevenue', value: 5e6 },
      { field: 'Rating', value: null },
    ]);
  });

  it('checks key fields: at most five, fields of the root record, no repeats', () => {
    const messages = (keyFields: string): string[] => {
      const text = journeyText.replace('keyFields: [Industry, AnnualRevenue, Rating]', `keyFields: ${keyFields}`);
      return validateJourney(text, 'test.yaml').errors.map(formatDiagnostic);
    };
    expect(messages('[Industri]').join('\n')).toMatch(
      /test\.yaml:9:.*key field "Industri" is not a field of Account.*Industry/s,
    );
    expect(messages('[Industry, Industry]').join('\n')).toMatch(/listed twice/);
    expect(messages('[Owner.Name]').join('\n')).toMatch(/must be a field of the Account record itself/);
    expect(messages('[Name, Industry, Rating, Phone, Website, Type]').join('\n')).toMatch(/keyFields/);
  });

  it('rewrites the state when a verdict changes, not when only a hint or a record id does', () => {
    const { state } = evaluate(compile(), {
      Event: [{ Id: '00UA', ActivityDateTime: '2026-03-01T10:00:00.000+0000' }],
    });
    const [checklist] = state.checklists ?? [];
    const [item] = checklist?.items ?? [];
    if (!checklist || !item) throw new Error('expected a checklist');
    const withItem = (changed: typeof item) => ({
      ...state,
      checklists: [{ ...checklist, items: [changed, ...checklist.items.slice(1)] }],
    });
    const before = journeyStateFingerprint(state);
    expect(journeyStateFingerprint(withItem({ ...item, hint: null, records: ['00UB'], matched: 3 }))).toBe(before);
    expect(journeyStateFingerprint(withItem({ ...item, met: !item.met }))).not.toBe(before);
    expect(journeyStateFingerprint({ ...state, keyFields: [{ field: 'Industry', value: 'Retail' }] })).not.toBe(before);
  });
});
