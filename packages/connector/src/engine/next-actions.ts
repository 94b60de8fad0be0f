import type { CustomerRecords } from '../conditions/evaluate-condition.ts';
import type { CrmRecord } from '../records/crm-record.ts';
import { proposedAction } from './proposed-action.ts';
import { actionKey } from './action-key.ts';
import { isActivityClosed } from './activities.ts';
import type { CrmProfile } from '../profiles/crm-profile.ts';
import type { CompiledAction, CompiledJourney } from './compile-journey.ts';
import type { CustomerInput } from './customer-input.ts';
import type { NextAction } from './journey-state.ts';

const NO_RECORDS: readonly CrmRecord[] = [];

// The activity objects of a profile, deduplicated once per profile rather than once per customer.
const activityObjectsOf = new WeakMap<CrmProfile, readonly string[]>();

/** Activity records carrying an action key, by key; undefined when there are none. */
function activitiesByKey(
  journey: CompiledJourney,
  records: CustomerRecords,
): Map<string, { object: string; record: CrmRecord }> | undefined {
  const { profile } = journey.definition;
  let objects = activityObjectsOf.get(profile);
  if (!objects) activityObjectsOf.set(profile, (objects = [...new Set(Object.values(profile.activityObjects))]));
  let byKey: Map<string, { object: string; record: CrmRecord }> | undefined;
  for (const object of objects) {
    for (const record of records[object] ?? NO_RECORDS) {
      const key = record[profile.actionKeyField];
      if (typeof key === 'string' && key !== '') (byKey ??= new Map()).set(key, { object, record });
    }
  }
  return byKey;
}

/** The next actions of a stage entry: keys, subjects, due dates, owners and statuses. */
export function nextActions(
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
  // Only proposed actions get keys: a blocker whose own condition does not hold blocks nothing.
  const proposed = actions.filter((action) => !action.when || action.when(input.records, input.asOf));
  const keys = new Map<string, string>();
  for (const action of proposed) {
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
    const found = existing?.get(key);
    return found !== undefined && isActivityClosed(profile, found.object, found.record, input.asOf);
  };
  const out: NextAction[] = [];
  for (const action of proposed) {
    const { definition } = action;
    const key = keys.get(definition.id) ?? '';
    const found = existing?.get(key);
    const blockedBy: string[] = [];
    for (const id of definition.after) {
      const blocker = keys.get(id);
      if (blocker !== undefined && !closed(blocker)) blockedBy.push(blocker);
    }
    const status = found
      ? isActivityClosed(profile, found.object, found.record, input.asOf)
        ? 'done'
        : 'existing'
      : blockedBy.length > 0
        ? 'blocked'
        : 'new';
    const recordId = found ? String(found.record[profile.idField]) : null;
    out.push(
      proposedAction(
        definition,
        { key, status, blockedBy: found ? [] : blockedBy, recordId },
        enteredAt,
        lookup,
        root,
        profile,
      ),
    );
  }
  return out;
}
