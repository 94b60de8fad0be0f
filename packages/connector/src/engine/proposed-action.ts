import { parseInstant, readField } from '../records/field-values.ts';
import type { CrmRecord } from '../records/crm-record.ts';
import { renderTemplate } from '../journey/template.ts';
import type { CrmProfile } from '../profiles/crm-profile.ts';
import type { CompiledAction } from './compile-journey.ts';
import { dueDate } from './due-date.ts';
import type { NextAction } from './journey-state.ts';

/** Where a proposed action stands for the customer: its key, status, blockers and the activity that carries it. */
export type ActionVerdict = Pick<NextAction, 'key' | 'status' | 'blockedBy' | 'recordId'>;

/**
 * A proposed action of a stage entered at `enteredAt`, as the state lists it: templates rendered from
 * the customer's records, the due date counted from the action's `dueField` when that holds an instant,
 * the record owner resolved on the root record. One place for the closure engine (`nextActions`) and the
 * generated one (`nextActionsFromFacts`), so their keys come in the same order.
 */
export function proposedAction(
  definition: CompiledAction['definition'],
  verdict: ActionVerdict,
  enteredAt: number,
  lookup: (object: string) => CrmRecord | undefined,
  root: CrmRecord | undefined,
  profile: CrmProfile,
): NextAction {
  let anchor = enteredAt;
  if (definition.dueField) {
    const value = parseInstant(readField(lookup(definition.dueField.object) ?? {}, [definition.dueField.field]));
    if (!Number.isNaN(value)) anchor = value;
  }
  const owner = definition.owner;
  const ownerValue = root?.[profile.ownerField];
  return {
    key: verdict.key,
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
    status: verdict.status,
    blockedBy: verdict.blockedBy,
    recordId: verdict.recordId,
  };
}
