import type { CustomerRecords } from '../../conditions/evaluate-condition.ts';
import { instantText, parseInstant } from '../../records/field-values.ts';
import type { CrmRecord } from '../../records/crm-record.ts';
import { proposedAction } from '../proposed-action.ts';
import { actionKey } from '../action-key.ts';
import { isLater } from '../replay-history.ts';
import { isActivityClosed } from '../activities.ts';
import type { CompiledAction, CompiledJourney } from '../compile-journey.ts';
import type { NextAction, StageTransition, Touchpoint } from '../journey-state.ts';
import type { Facts } from './collected-facts.ts';

/** The touchpoints `touchpoints()` lists, built from the candidates the generated pass collected. */
export function touchpointsFromFacts(
  journey: CompiledJourney,
  facts: Facts,
  history: readonly StageTransition[],
): Touchpoint[] {
  if (facts.touchpointCount === 0) return [];
  const rules = journey.touchpoints;
  const order = facts.touchpointOrder();
  const out: Touchpoint[] = [];
  // The stage at a touchpoint is the last transition not after it (the first, before any). The
  // touchpoints come oldest first, so the first transition after one only moves on. A transition's
  // text at or before the touchpoint's is not later (`isLater`'s fixed-width comparison, no parse);
  // the one that is later is parsed once, for every touchpoint that stops at it.
  let after = 0;
  let parsed = -1;
  let next = 0;
  for (const n of order) {
    const definition = rules[facts.tpRule[n] ?? 0]?.definition;
    if (!definition) continue;
    const at = facts.tpAt[n] ?? 0;
    const text = instantText(facts.tpDate[n], at);
    while (after < history.length) {
      if (parsed !== after) {
        const value = (history[after] as StageTransition).at;
        if (!isLater(value, at, text)) {
          after++;
          continue;
        }
        next = parseInstant(value);
        parsed = after;
      }
      if (next > at) break;
      after++;
    }
    const id = facts.tpId[n];
    const subject = facts.tpSubject[n];
    out.push({
      rule: definition.id,
      object: definition.object,
      recordId: typeof id === 'string' ? id : String(id),
      channel: definition.channel,
      at: text,
      subject: typeof subject === 'string' ? subject : '',
      emotion: facts.tpEmotion[n] ?? 0,
      stage: after > 0 ? (history[after - 1] as StageTransition).to : (history[0]?.to ?? null),
    });
  }
  return out;
}

/** Where a stage entry's actions stand; the inputs `nextActions()` reads, from the collected facts. */
export interface ActionContext {
  readonly journey: CompiledJourney;
  readonly facts: Facts;
  readonly customerId: string;
  /** The records the actions' conditions are decided on (those the generated pass read). */
  readonly records: CustomerRecords;
  readonly asOf: number;
  readonly lookup: (object: string) => CrmRecord | undefined;
  readonly root: CrmRecord | undefined;
}

// The proposed actions and their keys, in arrays reused from customer to customer.
const proposed: CompiledAction[] = [];
const keys: string[] = [];

/** The keyed activity carrying `key`, as an index into the facts' activities; undefined when none. */
function keyedActivity(facts: Facts, key: string): number | undefined {
  // Most customers have no keyed activity: no key is looked up (and hashed) then.
  return key === '' || facts.activities.size === 0 ? undefined : facts.activities.get(key);
}

/** The next actions `nextActions()` proposes, with the keyed activities from the collected facts. */
export function nextActionsFromFacts(
  context: ActionContext,
  actions: readonly CompiledAction[],
  stage: string,
  enteredAt: number,
): NextAction[] {
  if (actions.length === 0) return [];
  const { journey, facts, asOf, lookup, root, records, customerId } = context;
  const { profile, id: journeyId } = journey.definition;
  const closed = (at: number): boolean =>
    isActivityClosed(profile, facts.activityObject[at] ?? '', facts.activityRecord[at] ?? {}, asOf);
  // Only proposed actions get keys: a blocker whose own condition does not hold blocks nothing.
  proposed.length = 0;
  keys.length = 0;
  for (const action of actions) {
    if (action.when && !action.when(records, asOf)) continue;
    proposed.push(action);
    keys.push(
      actionKey({ journey: journeyId, customerId, stage, stageEnteredAt: enteredAt, action: action.definition.id }),
    );
  }
  const out: NextAction[] = [];
  for (let i = 0; i < proposed.length; i++) {
    const { definition } = proposed[i] as CompiledAction;
    const key = keys[i] ?? '';
    const existing = keyedActivity(facts, key);
    const blockedBy: string[] = [];
    if (existing === undefined) {
      for (const id of definition.after) {
        let blocker: string | undefined;
        for (let j = 0; j < proposed.length; j++) {
          if ((proposed[j] as CompiledAction).definition.id === id) {
            blocker = keys[j];
            break;
          }
        }
        if (blocker === undefined) continue;
        const at = keyedActivity(facts, blocker);
        if (at === undefined || !closed(at)) blockedBy.push(blocker);
      }
    }
    const status =
      existing !== undefined ? (closed(existing) ? 'done' : 'existing') : blockedBy.length > 0 ? 'blocked' : 'new';
    const recordId = existing !== undefined ? String(facts.activityRecord[existing]?.[profile.idField]) : null;
    out.push(proposedAction(definition, { key, status, blockedBy, recordId }, enteredAt, lookup, root, profile));
  }
  proposed.length = 0;
  keys.length = 0;
  return out;
}
