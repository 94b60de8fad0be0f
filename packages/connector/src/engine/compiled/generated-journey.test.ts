import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { JourneyDefinition } from '../../journey/journey-definition.ts';
import { validateJourney } from '../../journey/validate-journey.ts';
import { compileJourney } from '../compile-journey.ts';
import type { CustomerInput } from '../customer-input.ts';
import { evaluateCustomer } from '../evaluate-customer.ts';
import type { JourneyState } from '../journey-state.ts';
import { generateJourneyCode } from './generate-journey-code.ts';
import type {
  CompareOperator,
  CustomerCondition,
  Quantifier,
  RecordCondition,
} from '../../conditions/condition-ast.ts';
import { compileRecordCondition } from '../../conditions/evaluate-condition.ts';
import { typeValue } from '../../records/field-values.ts';
import type { CrmRecord } from '../../records/crm-record.ts';
import type { FieldChange } from '../../records/field-change.ts';

// Generators: random conditions over a small vocabulary of fields and values chosen to hit every
// coercion edge (blank, case, numeric text, bad dates, bounds of relative dates).

/** Objects the random conditions and records use. */
const OBJECTS = ['Account', 'Opportunity', 'Case', 'Task', 'Event'] as const;
const FIELDS = ['Status', 'Amount', 'CloseDate', 'IsClosed', 'Name', 'Owner.Name', 'Subject'] as const;

/** Record values: every shape a CRM sends, plus malformed ones. */
const fieldValue: fc.Arbitrary<unknown> = fc.constantFrom(
  'Open',
  'open',
  'Closed Won',
  'closed won',
  '',
  'Été',
  ' 12 ',
  '1200.00',
  'Call about renewal',
  0,
  5,
  1200,
  true,
  false,
  'true',
  '0',
  null,
  undefined,
  '2026-01-05',
  '2026-11-20',
  '2026-11-20T12:00:00.000Z',
  '2026-11-01T10:00:00.000+0000',
  '2026-11-19T23:59:59.999Z',
  '2026-02-30',
  '2027-03-01T00:00:00+01:00',
  'not a date',
);
const literal = fc.constantFrom<string | number | boolean | null>(
  'Open',
  'CLOSED WON',
  'été',
  '',
  '12',
  0,
  5,
  1200,
  true,
  false,
  null,
  '2026-01-05',
  '2026-11-01T10:00:00Z',
  'renewal',
);
const field = fc.constantFrom(...FIELDS);
const path = 'test';

/** A random record condition, nested up to a small depth. */
const recordCondition: fc.Arbitrary<RecordCondition> = fc.letrec<{ node: RecordCondition }>((tie) => ({
  node: fc.oneof(
    { depthSize: 'small', withCrossShrink: true },
    fc.constant<RecordCondition>({ kind: 'all', path }),
    fc.record({
      kind: fc.constant('compare' as const),
      path: fc.constant(path),
      field,
      op: fc.constantFrom<CompareOperator>('eq', 'ne', 'gt', 'gte', 'lt', 'lte'),
      value: literal.map(typeValue),
    }),
    fc.record({
      kind: fc.constant('in' as const),
      path: fc.constant(path),
      field,
      values: fc.array(literal.map(typeValue), { maxLength: 3 }),
      negate: fc.boolean(),
    }),
    fc.record({ kind: fc.constant('exists' as const), path: fc.constant(path), field, exists: fc.boolean() }),
    fc.record({
      kind: fc.constant('text' as const),
      path: fc.constant(path),
      field,
      op: fc.constantFrom('contains' as const, 'startsWith' as const),
      value: fc.constantFrom('Op', 'été', 'WON', '', '2'),
    }),
    fc.record({
      kind: fc.constant('relativeDate' as const),
      path: fc.constant(path),
      field,
      op: fc.constantFrom('withinLastDays' as const, 'olderThanDays' as const, 'withinNextDays' as const),
      days: fc.integer({ min: 0, max: 400 }),
      fieldType: fc.constantFrom('date' as const, 'datetime' as const),
    }),
    fc.record({
      kind: fc.constantFrom('and' as const, 'or' as const),
      path: fc.constant(path),
      items: fc.array(tie('node'), { maxLength: 3 }),
    }),
    fc.record({ kind: fc.constant('not' as const), path: fc.constant(path), item: tie('node') }),
  ),
})).node;

const quantifier: fc.Arbitrary<Quantifier> = fc.oneof(
  fc.constantFrom<Quantifier>({ kind: 'any' }, { kind: 'all' }, { kind: 'none' }),
  fc.record({
    kind: fc.constant('count' as const),
    op: fc.constantFrom('eq' as const, 'gt' as const, 'gte' as const, 'lt' as const, 'lte' as const),
    n: fc.integer({ min: 0, max: 3 }),
  }),
);

/** A random customer condition over the test objects. */
const customerCondition: fc.Arbitrary<CustomerCondition> = fc.letrec<{ node: CustomerCondition }>((tie) => ({
  node: fc.oneof(
    { depthSize: 'small', withCrossShrink: true },
    fc.record({
      kind: fc.constant('quantified' as const),
      path: fc.constant(path),
      object: fc.constantFrom(...OBJECTS),
      quantifier,
      where: recordCondition,
    }),
    fc.record({
      kind: fc.constantFrom('and' as const, 'or' as const),
      path: fc.constant(path),
      items: fc.array(tie('node'), { maxLength: 3 }),
    }),
    fc.record({ kind: fc.constant('not' as const), path: fc.constant(path), item: tie('node') }),
  ),
})).node;

const instant = fc.integer({ min: Date.UTC(2024, 0, 1), max: Date.UTC(2027, 0, 1) });

/** One random record of an object; ids are unique within the customer. */
function record(object: string, index: number): fc.Arbitrary<CrmRecord> {
  return fc
    .record({
      created: fc.oneof(
        instant.map((ms) => new Date(ms).toISOString().replace('Z', '+0000')),
        fc.constantFrom('', 'bad', '2026-06-01'),
      ),
      values: fc.dictionary(
        fc.constantFrom(
          ...FIELDS.filter((name) => !name.includes('.')),
          'TaskSubtype',
          'Journey_Action_Key__c',
          'EndDateTime',
        ),
        fieldValue,
        { maxKeys: 6 },
      ),
      owner: fc.option(fc.record({ Name: fieldValue }), { nil: undefined }),
    })
    .map(({ created, values, owner }) => ({
      Id: `${object}-${String(index)}`,
      CreatedDate: created,
      OwnerId: '005X',
      ...values,
      ...(owner ? { Owner: owner } : {}),
    }));
}

/** A random customer's records, keyed by object. */
const customerRecords: fc.Arbitrary<Record<string, CrmRecord[]>> = fc
  .tuple(
    ...OBJECTS.map((object) =>
      fc.integer({ min: 0, max: 3 }).chain((n) => fc.tuple(...Array.from({ length: n }, (_, i) => record(object, i)))),
    ),
  )
  .map((lists) => Object.fromEntries(OBJECTS.map((object, i) => [object, [...(lists[i] ?? [])]])));

/** Random field changes of the customer's records, for first-sight replays. */
const fieldChanges: fc.Arbitrary<FieldChange[]> = fc.array(
  fc
    .record({
      object: fc.constantFrom(...OBJECTS),
      recordId: fc.integer({ min: 0, max: 2 }).map(String),
      field: fc.constantFrom(...FIELDS.filter((name) => !name.includes('.'))),
      oldValue: fieldValue,
      newValue: fieldValue,
      at: instant,
    })
    .map((change) => ({ ...change, recordId: `${change.object}-${change.recordId}` })),
  { maxLength: 4 },
);

// The shape of the journey (stages with actions, blockers, due fields and templates; moves; segments
// with overrides; touchpoints with emotion); the property tests swap in random conditions.
const journeyText = `journey: compiled
name: Compiled
crm: salesforce
customer: { root: Account }
stages:
  - id: one
    label: One
    targetDays: 10
    guidance: Hello {{Account.Name | Opportunity.Name | there}}
    when: { Account: {} }
    actions:
      - { id: a, type: call, subject: 'Call {{Opportunity.Name}}', due: { businessDays: 2 }, mode: create }
      - { id: b, type: task, subject: Follow up, after: [a], due: { field: Opportunity.CloseDate, days: -7 }, when: { Case: {} } }
      - { id: c, type: meeting, subject: 'Meet {{Account.Name}}', owner: { queue: 00G1 }, after: [a, b] }
  - id: two
    label: Two
    targetDays: 20
    when: { Opportunity: { IsClosed: false } }
    actions:
      - { id: d, type: task, subject: 'Deal {{Opportunity.Name | the deal}}', mode: create, due: { days: 3 } }
  - id: three
    label: Three
    when: { Opportunity: { IsWon: true } }
moves:
  - { id: back, outcome: lost, from: [two, three], to: one, reason: Back., when: { Case: {} } }
  - { id: back2, outcome: other, from: [three], to: two, reason: Back two., when: { Task: {} } }
segments:
  - id: big
    label: Big
    when: { Account: { NumberOfEmployees: { $gte: 1000 } } }
    stages:
      two:
        targetDays: 40
        actions:
          - { id: d, type: task, subject: 'Big deal {{Opportunity.Name}}', mode: create }
          - { id: e, type: meeting, subject: 'Big {{Account.Name}}', after: [d], when: { Task: {} } }
touchpoints:
  - id: calls
    object: Task
    when: { TaskSubtype: Call }
    channel: phone
    emotion:
      - { when: { Subject: { $contains: renewal } }, score: 1 }
  - id: cases
    object: Case
    when: { Status: Open }
    channel: support
    date: CreatedDate
    subject: Subject
`;

function baseJourney(): JourneyDefinition {
  const { journey, errors } = validateJourney(journeyText, 'compiled.yaml');
  expect(errors).toEqual([]);
  if (!journey) throw new Error('invalid test journey');
  return journey;
}

const asOf = Date.parse('2026-11-20T12:00:00Z');
const base = baseJourney();

/** The base journey with random conditions everywhere a condition goes. */
const randomJourney: fc.Arbitrary<JourneyDefinition> = fc
  .record({
    stages: fc.array(customerCondition, { minLength: 3, maxLength: 3 }),
    actions: fc.array(fc.option(customerCondition, { nil: undefined }), { minLength: 4, maxLength: 4 }),
    moves: fc.array(customerCondition, { minLength: 2, maxLength: 2 }),
    segment: customerCondition,
    touchpoints: fc.array(recordCondition, { minLength: 3, maxLength: 3 }),
    latest: fc.boolean(),
  })
  .map(({ stages, actions, moves, segment, touchpoints, latest }) => {
    let action = 0;
    return {
      ...base,
      resolution: latest ? 'latest' : base.resolution,
      stages: base.stages.map((stage, i) => ({
        ...stage,
        when: stages[i] ?? stage.when,
        actions: stage.actions.map((definition) => ({ ...definition, when: actions[action++] })),
      })),
      moves: base.moves.map((move, i) => ({ ...move, when: moves[i] ?? move.when })),
      segments: base.segments.map((candidate) => ({ ...candidate, when: segment })),
      touchpoints: base.touchpoints.map((touchpoint, i) => ({
        ...touchpoint,
        where: touchpoints[i] ?? touchpoint.where,
        emotion: touchpoint.emotion.map((rule) => ({ ...rule, where: touchpoints[2] ?? rule.where })),
      })),
    } satisfies JourneyDefinition;
  });

const looseRecord: fc.Arbitrary<CrmRecord> = fc
  .record({
    values: fc.dictionary(fc.constantFrom('Status', 'Amount', 'CloseDate', 'IsClosed', 'Name', 'Subject'), fieldValue),
    owner: fc.option(fc.oneof(fc.record({ Name: fieldValue }), fieldValue), { nil: undefined }),
  })
  .map(({ values, owner }) => (owner === undefined ? values : { ...values, Owner: owner }));

describe('compileJourney with codegen', () => {
  it('decides every record condition as the closures do', () => {
    fc.assert(
      fc.property(
        recordCondition,
        fc.array(looseRecord, { maxLength: 8 }),
        fc.integer({ min: -3, max: 3 }),
        (where, records, shift) => {
          const definition: JourneyDefinition = {
            ...base,
            touchpoints: base.touchpoints.map((touchpoint) => ({ ...touchpoint, where })),
          };
          const generated = compileJourney(definition, { codegen: true }).touchpoints[0]?.where;
          const oracle = compileRecordCondition(where);
          const at = asOf + shift * 43_200_000;
          for (const record of records) expect(generated?.(record, at)).toBe(oracle(record, at));
        },
      ),
      { numRuns: 1000 },
    );
  });

  it('gives the same JourneyState as the closures for random journeys, records, histories and previous states', () => {
    fc.assert(
      fc.property(
        randomJourney,
        customerRecords,
        fieldChanges,
        fc.integer({ min: 0, max: 60 }),
        (definition, records, changes, daysBack) => {
          const closures = compileJourney(definition);
          const generated = compileJourney(definition, { codegen: true });
          const customer = { type: 'Account', id: 'Account-0' };
          const earlier = asOf - daysBack * 86_400_000;
          const previous = JSON.parse(
            JSON.stringify(evaluateCustomer(closures, { customer, records, changes, asOf: earlier })),
          ) as JourneyState;
          const inputs: CustomerInput[] = [
            { customer, records, asOf },
            { customer, records, changes, asOf },
            { customer, records, previous, asOf },
            { customer: { type: 'Opportunity', id: 'Opportunity-1' }, records, asOf },
          ];
          for (const input of inputs) {
            expect(JSON.stringify(evaluateCustomer(generated, input))).toBe(
              JSON.stringify(evaluateCustomer(closures, input)),
            );
          }
          // Tasks and events carrying the proposed actions' keys (some twice, open or done): statuses and blockers.
          const keys = evaluateCustomer(closures, { customer, records, previous, asOf }).nextActions.map(
            (action) => action.key,
          );
          const activities = keys.flatMap((key, i) =>
            Array.from({ length: (i + daysBack) % 3 }, (_, copy) => ({
              Id: `act-${String(i)}-${String(copy)}`,
              CreatedDate: '2026-01-01T00:00:00.000+0000',
              Journey_Action_Key__c: key,
              Status: (i + copy + daysBack) % 2 === 0 ? 'Completed' : 'Open',
              EndDateTime: '2026-11-01T00:00:00.000Z',
            })),
          );
          const withActivities = {
            ...records,
            Task: [...(records['Task'] ?? []), ...activities.filter((_, i) => i % 2 === 0)],
            Event: [...(records['Event'] ?? []), ...activities.filter((_, i) => i % 2 === 1)],
          };
          const input = { customer, records: withActivities, previous, asOf };
          expect(JSON.stringify(evaluateCustomer(generated, input))).toBe(
            JSON.stringify(evaluateCustomer(closures, input)),
          );
        },
      ),
      { numRuns: 300 },
    );
  });

  it('never writes a consultant’s value into the generated source', () => {
    const hostile = "x'); globalThis.pwned = true; ('";
    const definition: JourneyDefinition = {
      ...base,
      stages: base.stages.map((stage) => ({
        ...stage,
        when: {
          kind: 'quantified',
          path: 'test',
          object: 'Opportunity',
          quantifier: { kind: 'any' },
          where: { kind: 'text', path: 'test', field: 'Name', op: 'contains', value: hostile },
        },
      })),
    };
    const { source, constants } = generateJourneyCode(definition);
    expect(source).not.toContain('pwned');
    expect(constants).toContain(hostile.toLowerCase());
    const generated = compileJourney(definition, { codegen: true });
    const state = evaluateCustomer(generated, {
      customer: { type: 'Account', id: 'A' },
      records: { Opportunity: [{ Name: hostile }] },
      asOf,
    });
    expect(state.stage).toBe('three');
    expect('pwned' in globalThis).toBe(false);
  });

  it('refuses a field name that is not a plain CRM field path', () => {
    const definition: JourneyDefinition = {
      ...base,
      stages: base.stages.map((stage) => ({
        ...stage,
        when: {
          kind: 'quantified',
          path: 'test',
          object: 'Opportunity',
          quantifier: { kind: 'any' },
          where: { kind: 'exists', path: 'test', field: 'Name"]+alert(1)+r["', exists: true },
        },
      })),
    };
    expect(() => generateJourneyCode(definition)).toThrow(/Refusing to generate code for the field name/);
  });
});
