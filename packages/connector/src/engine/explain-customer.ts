import type { CustomerCondition } from '../conditions/condition-ast.ts';
import {
  describeCustomerCondition,
  describeRecordCondition,
  describeQuantifier,
} from '../conditions/describe-condition.ts';
import { compileCustomerCondition, compileRecordCondition } from '../conditions/evaluate-condition.ts';
import type { CompiledJourney } from './compile-journey.ts';
import type { CustomerInput } from './customer-input.ts';
import type { JourneyState } from './journey-state.ts';

/** How one quantified condition fared on this customer's records. */
export interface ConditionTrace {
  /** Where it was written, e.g. `stages[2].when.Opportunity`. */
  readonly path: string;
  readonly object: string;
  readonly holds: boolean;
  /** Ids of the records that matched the record condition. */
  readonly matchedRecords: readonly string[];
  readonly recordCount: number;
  readonly text: string;
}

/** Why a stage, segment or move holds or not. */
export interface RuleExplanation {
  readonly kind: 'stage' | 'segment' | 'move';
  readonly id: string;
  readonly label: string;
  readonly holds: boolean;
  readonly conditions: readonly ConditionTrace[];
}

/** The whole explanation of one customer's state, for `crm-journey explain` and the serve API. */
export interface CustomerExplanation {
  readonly customer: JourneyState['customer'];
  readonly rules: readonly RuleExplanation[];
  /** Plain sentences, in order: where the customer is, why, and why each action is proposed. */
  readonly sentences: readonly string[];
}

function traces(condition: CustomerCondition, input: CustomerInput, idField: string): ConditionTrace[] {
  if (condition.kind !== 'quantified') {
    const items = condition.kind === 'not' ? [condition.item] : condition.items;
    return items.flatMap((item) => traces(item, input, idField));
  }
  const where = compileRecordCondition(condition.where);
  const records = input.records[condition.object] ?? [];
  const matchedRecords = records.filter((record) => where(record, input.asOf)).map((record) => String(record[idField]));
  const holds = compileCustomerCondition(condition)(input.records, input.asOf);
  const subject =
    condition.where.kind === 'all'
      ? condition.object
      : `${condition.object} where ${describeRecordCondition(condition.where)}`;
  return [
    {
      path: condition.path,
      object: condition.object,
      holds,
      matchedRecords,
      recordCount: records.length,
      text: `${describeQuantifier(condition.quantifier)} ${subject}: ${matchedRecords.length} of ${records.length} ${condition.object} record(s) match${matchedRecords.length > 0 ? ` (${matchedRecords.slice(0, 5).join(', ')}${matchedRecords.length > 5 ? ', ...' : ''})` : ''}, so this ${holds ? 'holds' : 'does not hold'}.`,
    },
  ];
}

/**
 * Explains a customer's state: which rule matched which record, for every stage, segment and move,
 * and why each next action is proposed.
 *
 * @example
 * explainCustomer(compiled, input, evaluateCustomer(compiled, input)).sentences.join('\n');
 */
export function explainCustomer(
  journey: CompiledJourney,
  input: CustomerInput,
  state: JourneyState,
): CustomerExplanation {
  const { idField } = journey.definition.profile;
  const rule = (
    kind: RuleExplanation['kind'],
    id: string,
    label: string,
    condition: CustomerCondition,
  ): RuleExplanation => ({
    kind,
    id,
    label,
    holds: compileCustomerCondition(condition)(input.records, input.asOf),
    conditions: traces(condition, input, idField),
  });
  const rules: RuleExplanation[] = [
    ...journey.stages.map((stage) => rule('stage', stage.definition.id, stage.definition.label, stage.definition.when)),
    ...journey.segments.map((segment) =>
      rule('segment', segment.definition.id, segment.definition.label, segment.definition.when),
    ),
    ...journey.moves.map((move) => rule('move', move.definition.id, move.definition.label, move.definition.when)),
  ];
  const stageLabel = (id: string | null): string =>
    id === null ? 'no stage' : `"${journey.stages[journey.stageIndex.get(id) ?? -1]?.definition.label ?? id}"`;
  const sentences: string[] = [];
  const name = state.customer.name === undefined ? state.customer.id : `${state.customer.name} (${state.customer.id})`;
  if (state.stage === null) {
    sentences.push(`${state.customer.type} ${name} is on no stage: no stage's condition holds.`);
  } else {
    const last = state.history[state.history.length - 1];
    sentences.push(
      `${state.customer.type} ${name} is in ${stageLabel(state.stage)} since ${state.stageEnteredAt ?? 'now'}${last ? `: ${last.reason}` : '.'}`,
    );
    if (state.timeInStage) {
      const { days, targetDays, status } = state.timeInStage;
      sentences.push(
        targetDays === null
          ? `It has been there ${days} days; the stage has no target.`
          : `It has been there ${days} days against a ${targetDays}-day target: ${status}.`,
      );
    }
  }
  const stageRules = rules.filter((r) => r.kind === 'stage');
  for (const stageRule of stageRules.slice().reverse()) {
    const condition = journey.stages[journey.stageIndex.get(stageRule.id) ?? -1]?.definition.when;
    sentences.push(
      `Stage "${stageRule.label}" ${stageRule.holds ? 'matches' : 'does not match'}: ${condition ? describeCustomerCondition(condition) : ''}.`,
    );
    for (const trace of stageRule.conditions) sentences.push(`  - ${trace.text}`);
  }
  const matchedSegment = rules.find((r) => r.kind === 'segment' && r.id === state.segment);
  sentences.push(
    matchedSegment
      ? `Segment "${matchedSegment.label}": its condition holds (the first segment that does).`
      : 'No segment condition holds; the stage defaults apply.',
  );
  const history = state.history.filter((t) => t.direction === 'backward');
  for (const transition of history)
    sentences.push(
      `Moved back from ${stageLabel(transition.from)} to ${stageLabel(transition.to)} on ${transition.at}: ${transition.reason}`,
    );
  for (const action of state.nextActions) {
    const why =
      action.status === 'blocked'
        ? `waits for ${action.blockedBy.join(', ')} to be closed`
        : action.status === 'existing'
          ? `already exists as ${action.recordId ?? 'a task'}`
          : action.status === 'done'
            ? `is done (${action.recordId ?? ''})`
            : action.mode === 'create'
              ? 'will be created by the sync'
              : 'is suggested to the rep';
    sentences.push(
      `Action "${action.subject}" (${action.action}, ${action.mode}) belongs to ${stageLabel(state.stage)} and ${why}.`,
    );
  }
  return { customer: state.customer, rules, sentences };
}
