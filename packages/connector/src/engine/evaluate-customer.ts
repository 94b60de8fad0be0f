import type { CustomerRecords } from '../conditions/evaluate-condition.ts';
import { DAY_MS, parseInstant, readField, type CrmRecord } from '../conditions/field-values.ts';
import { actionKey } from './action-key.ts';
import { isActivityClosed } from './activities.ts';
import type { CompiledAction, CompiledJourney } from './compile-journey.ts';
import { dueDate } from './due-date.ts';
import type { FieldChange } from './field-change.ts';
import type {
  CustomerRef,
  JourneyState,
  NextAction,
  StageTransition,
  TimeInStageStatus,
  Touchpoint,
} from './journey-state.ts';
import { replayHistory } from './replay-history.ts';
import { resolveStep } from './resolve-stage.ts';
import { renderTemplate, type Template } from './template.ts';

/** One customer's input to the engine. */
export interface CustomerInput {
  readonly customer: CustomerRef;
  /** All the customer's records, keyed by object name as the journey file names objects. */
  readonly records: CustomerRecords;
  /** Field history (OpportunityHistory, LeadHistory, Sugar audit), used on first sight. */
  readonly changes?: readonly FieldChange[];
  /** The state of the previous evaluation; without it, the history is rebuilt from the records. */
  readonly previous?: JourneyState | null;
  /** Evaluation time, epoch ms. */
  readonly asOf: number;
}

const NO_RECORDS: readonly CrmRecord[] = [];

/** The previous history, when it belongs to this journey and its stages still exist. */
function usablePrevious(journey: CompiledJourney, previous: JourneyState | null | undefined): JourneyState | undefined {
  if (!previous || previous.journey.id !== journey.definition.id) return undefined;
  if (previous.stage !== null && !journey.stageIndex.has(previous.stage)) return undefined;
  return previous;
}

function timeStatus(days: number, target: number | undefined, atRiskShare: number): TimeInStageStatus {
  if (target === undefined) return 'no-target';
  if (days >= target) return 'overdue';
  return days >= target * atRiskShare ? 'at-risk' : 'on-time';
}

/** The record a template's `{{Object.Field}}` stands for: the root, else the object's latest record. */
function recordLookup(
  journey: CompiledJourney,
  input: CustomerInput,
  root: CrmRecord | undefined,
): (object: string) => CrmRecord | undefined {
  const { modifiedField, createdField } = journey.definition.profile;
  const cache = new Map<string, CrmRecord | undefined>();
  return (object) => {
    if (object === input.customer.type) return root;
    if (cache.has(object)) return cache.get(object);
    let latest: CrmRecord | undefined;
    let latestAt = Number.NEGATIVE_INFINITY;
    for (const record of input.records[object] ?? NO_RECORDS) {
      const at = parseInstant(record[modifiedField] ?? record[createdField]);
      if (latest === undefined || at > latestAt) {
        latest = record;
        latestAt = Number.isNaN(at) ? latestAt : at;
      }
    }
    cache.set(object, latest);
    return latest;
  };
}

/** Activity records carrying an action key, by key. */
function activitiesByKey(
  journey: CompiledJourney,
  records: CustomerRecords,
): Map<string, { object: string; record: CrmRecord }> {
  const { activityObjects, actionKeyField } = journey.definition.profile;
  const byKey = new Map<string, { object: string; record: CrmRecord }>();
  for (const object of new Set(Object.values(activityObjects))) {
    for (const record of records[object] ?? NO_RECORDS) {
      const key = record[actionKeyField];
      if (typeof key === 'string' && key !== '') byKey.set(key, { object, record });
    }
  }
  return byKey;
}

function nextActions(
  journey: CompiledJourney,
  input: CustomerInput,
  actions: readonly CompiledAction[],
  stage: string,
  enteredAt: number,
  lookup: (object: string) => CrmRecord | undefined,
  root: CrmRecord | undefined,
): NextAction[] {
  if (actions.length === 0) return [];
  const { profile, id: journeyId } = journey.definition;
  const existing = activitiesByKey(journey, input.records);
  const keys = new Map<string, string>();
  for (const action of actions) {
    keys.set(
      action.definition.id,
      actionKey({
        journey: journeyId,
        customerId: input.customer.id,
        stage,
        stageEnteredAt: enteredAt,
        action: action.definition.id,
      }),
    );
  }
  const closed = (key: string): boolean => {
    const found = existing.get(key);
    return found !== undefined && isActivityClosed(profile, found.object, found.record, input.asOf);
  };
  const out: NextAction[] = [];
  for (const action of actions) {
    const { definition } = action;
    if (action.when && !action.when(input.records, input.asOf)) continue;
    const key = keys.get(definition.id) ?? '';
    const found = existing.get(key);
    const blockedBy = definition.after.map((id) => keys.get(id) ?? '').filter((blocker) => !closed(blocker));
    let anchor = enteredAt;
    if (definition.dueField) {
      const value = parseInstant(readField(lookup(definition.dueField.object) ?? {}, [definition.dueField.field]));
      if (!Number.isNaN(value)) anchor = value;
    }
    const owner = definition.owner;
    const ownerValue = root?.[profile.ownerField];
    out.push({
      key,
      action: definition.id,
      type: definition.type,
      subject: renderTemplate(definition.subject, lookup),
      description: definition.description ? renderTemplate(definition.description, lookup) : null,
      dueDate: definition.due ? dueDate(anchor, definition.due) : null,
      priority: definition.priority,
      owner:
        owner === 'record-owner'
          ? { kind: 'user', id: typeof ownerValue === 'string' ? ownerValue : null }
          : 'user' in owner
            ? { kind: 'user', id: owner.user }
            : { kind: 'queue', id: owner.queue },
      mode: definition.mode,
      status: found
        ? isActivityClosed(profile, found.object, found.record, input.asOf)
          ? 'done'
          : 'existing'
        : blockedBy.length > 0
          ? 'blocked'
          : 'new',
      blockedBy: found ? [] : blockedBy,
      recordId: found ? String(found.record[profile.idField]) : null,
    });
  }
  return out;
}

function touchpoints(
  journey: CompiledJourney,
  input: CustomerInput,
  history: readonly StageTransition[],
): Touchpoint[] {
  const { idField } = journey.definition.profile;
  const out: Touchpoint[] = [];
  for (const rule of journey.touchpoints) {
    const { definition } = rule;
    for (const record of input.records[definition.object] ?? NO_RECORDS) {
      if (!rule.where(record, input.asOf)) continue;
      const at = parseInstant(record[definition.dateField]);
      if (Number.isNaN(at)) continue;
      let emotion = 0;
      for (const candidate of rule.emotion) {
        if (candidate.where(record, input.asOf)) {
          emotion = candidate.score;
          break;
        }
      }
      const subject = record[definition.subjectField];
      out.push({
        rule: definition.id,
        object: definition.object,
        recordId: String(record[idField]),
        channel: definition.channel,
        at: new Date(at).toISOString(),
        subject: typeof subject === 'string' ? subject : '',
        emotion,
        stage: stageAt(history, at),
      });
    }
  }
  return out.sort((a, b) => (a.at < b.at ? -1 : a.at > b.at ? 1 : 0));
}

function stageAt(history: readonly StageTransition[], at: number): string | null {
  let stage: string | null = null;
  for (const transition of history) {
    if (Date.parse(transition.at) > at) break;
    stage = transition.to;
  }
  return stage ?? history[0]?.to ?? null;
}

/**
 * Evaluates one customer: stage, time in stage, history, touchpoints and next actions.
 * Pure and deterministic: the same input always gives the same state.
 *
 * @example
 * const state = evaluateCustomer(compiled, { customer: { type: 'Account', id: '001A' }, records, asOf: Date.now() });
 * state.stage; // 'evaluation'
 */
export function evaluateCustomer(journey: CompiledJourney, input: CustomerInput): JourneyState {
  const { definition, stages } = journey;
  const previous = usablePrevious(journey, input.previous);
  let history: readonly StageTransition[];
  let index: number;
  let enteredAt: number;
  if (previous) {
    index = previous.stage === null ? -1 : (journey.stageIndex.get(previous.stage) ?? -1);
    enteredAt = previous.stageEnteredAt === null ? input.asOf : Date.parse(previous.stageEnteredAt);
    const transition = resolveStep(journey, { index, enteredAt }, input.records, input.asOf);
    history = previous.history;
    if (transition) {
      history = [...history, transition];
      index = journey.stageIndex.get(transition.to) ?? -1;
      enteredAt = input.asOf;
    }
  } else {
    const replayed = replayHistory(journey, input.records, input.changes ?? [], input.asOf);
    history = replayed;
    const last = replayed[replayed.length - 1];
    index = last ? (journey.stageIndex.get(last.to) ?? -1) : -1;
    enteredAt = last ? Date.parse(last.at) : input.asOf;
  }

  const segment = journey.segments.find((candidate) => candidate.when(input.records, input.asOf));
  const stage = stages[index];
  const rootRecords = input.records[input.customer.type] ?? NO_RECORDS;
  const root = rootRecords.find((record) => record[definition.profile.idField] === input.customer.id) ?? rootRecords[0];
  const lookup = recordLookup(journey, input, root);
  let highWater = index;
  for (const transition of history) highWater = Math.max(highWater, journey.stageIndex.get(transition.to) ?? -1);

  let targetDays: number | undefined;
  let guidance: Template | undefined;
  let actions: readonly CompiledAction[] = [];
  if (stage) {
    const override = segment?.stages[index];
    targetDays = override ? override.targetDays : stage.definition.targetDays;
    guidance = override ? override.guidance : stage.definition.guidance;
    actions = override ? override.actions : stage.actions;
  }
  const days = Math.max(0, (input.asOf - enteredAt) / DAY_MS);
  return {
    journey: { id: definition.id, revision: definition.revision },
    customer: input.customer,
    segment: segment?.definition.id ?? null,
    stage: stage?.definition.id ?? null,
    stageEnteredAt: stage ? new Date(enteredAt).toISOString() : null,
    timeInStage: stage
      ? {
          days: Math.round(days * 10) / 10,
          targetDays: targetDays ?? null,
          status: timeStatus(days, targetDays, definition.atRiskShare),
        }
      : null,
    highWaterStage: stages[highWater]?.definition.id ?? null,
    guidance: guidance ? renderTemplate(guidance, lookup) : null,
    history,
    touchpoints: touchpoints(journey, input, history),
    nextActions: stage ? nextActions(journey, input, actions, stage.definition.id, enteredAt, lookup, root) : [],
    evaluatedAt: new Date(input.asOf).toISOString(),
  };
}
