import { instantText, parseInstant } from '../../records/field-values.ts';
import type { CrmRecord } from '../../records/crm-record.ts';
import { actionDetails } from '../action-details.ts';
import { actionKey } from '../action-key.ts';
import { isActivityClosed } from '../activities.ts';
import type { CompiledAction, CompiledJourney } from '../compile-journey.ts';
import type { NextAction, StageTransition, Touchpoint } from '../journey-state.ts';
import type { Facts } from './collected-facts.ts';

/** The stage at a time; `changes` are the history's times (as `touchpoints.ts` decides it). */
function stageAt(history: readonly StageTransition[], changes: readonly number[], at: number): string | null {
  let stage: string | null = null;
  for (let i = 0; i < history.length; i++) {
    if ((changes[i] ?? 0) > at) break;
    stage = (history[i] as StageTransition).to;
  }
  return stage ?? history[0]?.to ?? null;
}

/** The touchpoints `touchpoints()` lists, built from the candidates the generated pass collected. */
export function touchpointsFromFacts(
  journey: CompiledJourney,
  facts: Facts,
  history: readonly StageTransition[],
): Touchpoint[] {
  if (facts.touchpointCount === 0) return [];
  const { idField } = journey.definition.profile;
  const changes = facts.historyTimes;
  changes.length = 0;
  for (const transition of history) changes.push(parseInstant(transition.at));
  const rules = journey.touchpoints;
  const order = facts.touchpointOrder();
  const out: Touchpoint[] = [];
  for (const n of order) {
    const definition = rules[facts.tpRule[n] ?? 0]?.definition;
    const record = facts.tpRecord[n];
    if (!definition || !record) continue;
    const at = facts.tpAt[n] ?? 0;
    const subject = record[definition.subjectField];
    out.push({
      rule: definition.id,
      object: definition.object,
      recordId: String(record[idField]),
      channel: definition.channel,
      at: instantText(facts.tpDate[n], at),
      subject: typeof subject === 'string' ? subject : '',
      emotion: facts.tpEmotion[n] ?? 0,
      stage: stageAt(history, changes, at),
    });
  }
  return out;
}

/** Where a stage entry's actions stand; the inputs `nextActions()` reads, from the collected facts. */
export interface ActionContext {
  readonly journey: CompiledJourney;
  readonly facts: Facts;
  readonly customerId: string;
  readonly asOf: number;
  readonly holds: (action: CompiledAction) => boolean;
  readonly lookup: (object: string) => CrmRecord | undefined;
  readonly root: CrmRecord | undefined;
}

/** The next actions `nextActions()` proposes, with the keyed activities from the collected facts. */
export function nextActionsFromFacts(
  context: ActionContext,
  actions: readonly CompiledAction[],
  stage: string,
  enteredAt: number,
): NextAction[] {
  if (actions.length === 0) return [];
  const { journey, facts, asOf, lookup, root } = context;
  const { profile, id: journeyId } = journey.definition;
  const { activities } = facts;
  // Most customers have no keyed activity: no key is looked up (and hashed) then.
  const found = (key: string): number | undefined =>
    key === '' || activities.size === 0 ? undefined : activities.get(key);
  const closed = (at: number): boolean =>
    isActivityClosed(profile, facts.activityObject[at] ?? '', facts.activityRecord[at] ?? {}, asOf);
  // Only proposed actions get keys: a blocker whose own condition does not hold blocks nothing.
  const proposed: CompiledAction[] = [];
  const keys: string[] = [];
  for (const action of actions) {
    if (!context.holds(action)) continue;
    proposed.push(action);
    const { customerId } = context;
    keys.push(
      actionKey({ journey: journeyId, customerId, stage, stageEnteredAt: enteredAt, action: action.definition.id }),
    );
  }
  const keyOf = (id: string): string | undefined => {
    for (let i = 0; i < proposed.length; i++) if ((proposed[i] as CompiledAction).definition.id === id) return keys[i];
    return undefined;
  };
  const out: NextAction[] = [];
  for (let i = 0; i < proposed.length; i++) {
    const { definition } = proposed[i] as CompiledAction;
    const key = keys[i] ?? '';
    const existing = found(key);
    const blockedBy: string[] = [];
    if (existing === undefined) {
      for (const id of definition.after) {
        const blocker = keyOf(id);
        if (blocker === undefined) continue;
        const at = found(blocker);
        if (at === undefined || !closed(at)) blockedBy.push(blocker);
      }
    }
    const details = actionDetails(definition, enteredAt, lookup, root, profile);
    out.push({
      key,
      action: definition.id,
      type: definition.type,
      subject: details.subject,
      description: details.description,
      dueDate: details.dueDate,
      priority: details.priority,
      owner: details.owner,
      mode: details.mode,
      status:
        existing !== undefined ? (closed(existing) ? 'done' : 'existing') : blockedBy.length > 0 ? 'blocked' : 'new',
      blockedBy,
      recordId: existing !== undefined ? String(facts.activityRecord[existing]?.[profile.idField]) : null,
    });
  }
  return out;
}
