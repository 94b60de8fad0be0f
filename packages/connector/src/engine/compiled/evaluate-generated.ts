import type { CustomerRecords } from '../../conditions/evaluate-condition.ts';
import { parseInstant } from '../../records/field-values.ts';
import type { CrmRecord } from '../../records/crm-record.ts';
import { asOfText } from '../as-of-text.ts';
import type { CompiledJourney } from '../compile-journey.ts';
import type { CustomerInput } from '../customer-input.ts';
import { assembleState } from '../assemble-state.ts';
import { stageSettings, usablePrevious } from '../evaluate-customer.ts';
import type { JourneyState, StageTransition } from '../journey-state.ts';
import { isLater, withoutLaterRecords } from '../replay-history.ts';
import { stageAids } from '../stage-aids.ts';
import { resolveStep } from '../resolve-stage.ts';
import { renderTemplate } from '../../journey/template.ts';
import type { Facts } from './collected-facts.ts';
import { nextActionsFromFacts, touchpointsFromFacts } from './facts-to-state.ts';
import { replayGenerated, type ReplayRun } from './replay-generated.ts';
import type { GeneratedJourneyModule } from './generated-module.ts';

/** A journey with its generated module: what {@link evaluateGenerated} runs. */
export interface GeneratedRun extends ReplayRun {
  /** The journey whose predicates are the module's conditions. */
  readonly journey: CompiledJourney;
  readonly module: GeneratedJourneyModule;
  readonly facts: Facts;
}

const NO_RECORDS: readonly CrmRecord[] = [];

/** The customer's root record in the view: the one with the customer's id, else the first. */
function rootRecord(journey: CompiledJourney, input: CustomerInput, records: CustomerRecords): CrmRecord | undefined {
  const { idField, createdField } = journey.definition.profile;
  const text = asOfText(input.asOf);
  const list = records[input.customer.type] ?? NO_RECORDS;
  let first = -1;
  for (let i = 0; i < list.length; i++) {
    const record = list[i] as CrmRecord;
    if (isLater(record[createdField], input.asOf, text)) continue;
    if (first < 0) first = i;
    if (record[idField] === input.customer.id) return record;
  }
  return first < 0 ? undefined : list[first];
}

/** The latest record of an object in the view, for templates and due dates (as `recordLookup` picks it). */
function latestRecord(
  journey: CompiledJourney,
  records: CustomerRecords,
  object: string,
  asOf: number,
): CrmRecord | undefined {
  const { modifiedField, createdField } = journey.definition.profile;
  const text = asOfText(asOf);
  let latest: CrmRecord | undefined;
  let latestAt = Number.NEGATIVE_INFINITY;
  for (const record of records[object] ?? NO_RECORDS) {
    if (isLater(record[createdField], asOf, text)) continue;
    const at = parseInstant(record[modifiedField] ?? record[createdField]);
    if (latest === undefined || at > latestAt) {
      latest = record;
      latestAt = Number.isNaN(at) ? latestAt : at;
    }
  }
  return latest;
}

/**
 * `evaluateCustomer` for a journey with generated code: the same `JourneyState`, with the records read
 * in one generated pass per customer instead of once per condition, touchpoint rule and template.
 */
export function evaluateGenerated(run: GeneratedRun, given: CustomerInput): JourneyState {
  const { journey, module, facts } = run;
  const { definition, stages } = journey;
  const { asOf, customer } = given;
  const text = asOfText(asOf);
  module.fresh();
  facts.reset();
  const previous = usablePrevious(journey, given.previous);
  let view = given.records;
  let history: readonly StageTransition[];
  let index: number;
  let enteredAt: number;
  let enteredAtText: string | null;
  if (previous) {
    index = previous.stage === null ? -1 : (journey.stageIndex.get(previous.stage) ?? -1);
    enteredAt = previous.stageEnteredAt === null ? asOf : parseInstant(previous.stageEnteredAt);
    enteredAtText = previous.stageEnteredAt;
    // Records created after asOf are skipped by `collect`, not copied out as `withoutLaterRecords` does.
    module.collect(view, asOf, text, facts);
    const transition = resolveStep(journey, { index, enteredAt }, view, asOf);
    history = previous.history;
    if (transition) {
      history = [...history, transition];
      index = journey.stageIndex.get(transition.to) ?? -1;
      enteredAt = asOf;
      enteredAtText = transition.at;
    }
  } else {
    const replayed = replayGenerated(run, view, given.changes ?? [], asOf);
    history = replayed.history;
    view = replayed.view;
    module.collect(view, asOf, text, facts);
    const last = replayed.history[replayed.history.length - 1];
    index = last ? (journey.stageIndex.get(last.to) ?? -1) : -1;
    enteredAt = last ? parseInstant(last.at) : asOf;
    enteredAtText = last ? last.at : null;
  }

  let segment: CompiledJourney['segments'][number] | undefined;
  for (const candidate of journey.segments) {
    if (candidate.when(view, asOf)) {
      segment = candidate;
      break;
    }
  }
  const stage = stages[index];
  const root = rootRecord(journey, given, view);
  let latest: Map<string, CrmRecord | undefined> | undefined;
  const lookup = (object: string): CrmRecord | undefined => {
    if (object === customer.type) return root;
    if (latest?.has(object)) return latest.get(object);
    const record = latestRecord(journey, view, object, asOf);
    (latest ??= new Map()).set(object, record);
    return record;
  };
  const { targetDays, guidance, actions } = stageSettings(stage, segment, index);
  return assembleState(journey, {
    customer,
    asOf,
    evaluatedAt: text,
    segment,
    index,
    enteredAt,
    enteredAtText,
    targetDays,
    guidance: guidance ? renderTemplate(guidance, lookup) : null,
    history,
    touchpoints: touchpointsFromFacts(journey, facts, history),
    nextActions: stage
      ? nextActionsFromFacts(
          { journey, facts, customerId: customer.id, records: view, asOf, lookup, root },
          actions,
          stage.definition.id,
          enteredAt,
        )
      : [],
    // The checklists and key fields read the records as the closure engine does: without later records
    // (`collect` counted those of every object a condition reads).
    aids: stageAids(
      journey,
      customer,
      previous && facts.later > 0 ? withoutLaterRecords(view, definition.profile.createdField, asOf) : view,
      asOf,
      index,
      root,
    ),
  });
}
