import type { CrmRecord } from '../records/crm-record.ts';
import { parseInstant } from '../records/field-values.ts';
import { assembleState } from './assemble-state.ts';
import { asOfText } from './as-of-text.ts';
import type { CompiledJourney, CompiledSegment, CompiledStage } from './compile-journey.ts';
import type { CustomerInput } from './customer-input.ts';
import type { JourneyState, StageTransition } from './journey-state.ts';
import { nextActions } from './next-actions.ts';
import { replayHistory, withoutLaterRecords } from './replay-history.ts';
import { resolveStep } from './resolve-stage.ts';
import { stageAids } from './stage-aids.ts';
import { renderTemplate } from '../journey/template.ts';
import { touchpoints } from './touchpoints.ts';

const NO_RECORDS: readonly CrmRecord[] = [];

/** The previous history, when it belongs to this journey and its stages still exist. */
export function usablePrevious(
  journey: CompiledJourney,
  previous: JourneyState | null | undefined,
): JourneyState | undefined {
  if (!previous || previous.journey.id !== journey.definition.id) return undefined;
  if (previous.stage !== null && !journey.stageIndex.has(previous.stage)) return undefined;
  return previous;
}

/** A stage's target, guidance and actions for the customer's segment: the segment's override, if any. */
export function stageSettings(
  stage: CompiledStage | undefined,
  segment: CompiledSegment | undefined,
  index: number,
): CompiledSegment['stages'][number] {
  if (!stage) return { targetDays: undefined, guidance: undefined, actions: [] };
  return (
    segment?.stages[index] ?? {
      targetDays: stage.definition.targetDays,
      guidance: stage.definition.guidance,
      actions: stage.actions,
    }
  );
}

/** The record a template's `{{Object.Field}}` stands for: the root, else the object's latest record. */
function recordLookup(
  journey: CompiledJourney,
  input: CustomerInput,
  root: CrmRecord | undefined,
): (object: string) => CrmRecord | undefined {
  const { modifiedField, createdField } = journey.definition.profile;
  let cache: Map<string, CrmRecord | undefined> | undefined;
  return (object) => {
    if (object === input.customer.type) return root;
    if (cache?.has(object)) return cache.get(object);
    let latest: CrmRecord | undefined;
    let latestAt = Number.NEGATIVE_INFINITY;
    for (const record of input.records[object] ?? NO_RECORDS) {
      const at = parseInstant(record[modifiedField] ?? record[createdField]);
      if (latest === undefined || at > latestAt) {
        latest = record;
        latestAt = Number.isNaN(at) ? latestAt : at;
      }
    }
    (cache ??= new Map()).set(object, latest);
    return latest;
  };
}

/**
 * Evaluates one customer: stage, time in stage, history, touchpoints and next actions.
 * Pure and deterministic: the same input always gives the same state.
 *
 * @example
 * const state = evaluateCustomer(compiled, { customer: { type: 'Account', id: '001A' }, records, asOf: Date.now() });
 * state.stage; // 'evaluation'
 */
export function evaluateCustomer(journey: CompiledJourney, given: CustomerInput): JourneyState {
  if (journey.evaluate) return journey.evaluate(given);
  const { definition, stages } = journey;
  let input = given;
  const previous = usablePrevious(journey, input.previous);
  let history: readonly StageTransition[];
  let index: number;
  let enteredAt: number;
  // The entry time as text, kept from the previous state when the stage did not change.
  let enteredAtText: string | null;
  if (previous) {
    index = previous.stage === null ? -1 : (journey.stageIndex.get(previous.stage) ?? -1);
    enteredAt = previous.stageEnteredAt === null ? input.asOf : parseInstant(previous.stageEnteredAt);
    enteredAtText = previous.stageEnteredAt;
    // A plain literal of the fields the rest reads, not a spread of the caller's object (whose shape varies).
    const records = withoutLaterRecords(input.records, definition.profile.createdField, input.asOf);
    input = { customer: input.customer, records, asOf: input.asOf };
    const transition = resolveStep(journey, { index, enteredAt }, input.records, input.asOf);
    history = previous.history;
    if (transition) {
      history = [...history, transition];
      index = journey.stageIndex.get(transition.to) ?? -1;
      enteredAt = input.asOf;
      enteredAtText = transition.at;
    }
  } else {
    const replayed = replayHistory(journey, input.records, input.changes ?? [], input.asOf);
    history = replayed.history;
    // From here on, the records as they were at asOf: an `--as-of` in the past hides later records.
    input = { customer: input.customer, records: replayed.view, asOf: input.asOf };
    const last = replayed.history[replayed.history.length - 1];
    index = last ? (journey.stageIndex.get(last.to) ?? -1) : -1;
    enteredAt = last ? parseInstant(last.at) : input.asOf;
    enteredAtText = last ? last.at : null;
  }

  const segment = journey.segments.find((candidate) => candidate.when(input.records, input.asOf));
  const stage = stages[index];
  const rootRecords = input.records[input.customer.type] ?? NO_RECORDS;
  const { idField } = definition.profile;
  let root = rootRecords[0];
  for (const record of rootRecords) {
    if (record[idField] === input.customer.id) {
      root = record;
      break;
    }
  }
  const lookup = recordLookup(journey, input, root);
  const { targetDays, guidance, actions } = stageSettings(stage, segment, index);
  return assembleState(journey, {
    customer: input.customer,
    asOf: input.asOf,
    evaluatedAt: asOfText(input.asOf),
    segment,
    index,
    enteredAt,
    enteredAtText,
    targetDays,
    guidance: guidance ? renderTemplate(guidance, lookup) : null,
    history,
    touchpoints: touchpoints(journey, input, history),
    nextActions: stage ? nextActions(journey, input, actions, stage.definition.id, enteredAt, lookup, root) : [],
    aids: stageAids(journey, input.customer, input.records, input.asOf, index, root),
  });
}
