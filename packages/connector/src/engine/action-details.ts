import { parseInstant, readField } from '../records/field-values.ts';
import type { CrmRecord } from '../records/crm-record.ts';
import { renderTemplate } from '../journey/template.ts';
import type { CrmProfile } from '../profiles/crm-profile.ts';
import type { CompiledAction } from './compile-journey.ts';
import { dueDate } from './due-date.ts';
import type { NextAction } from './journey-state.ts';

/** What a proposed action says, whatever its status. */
export type ActionDetails = Pick<NextAction, 'subject' | 'description' | 'dueDate' | 'priority' | 'owner' | 'mode'>;

/**
 * The subject, description, due date, priority, owner and mode of an action of a stage entered at
 * `enteredAt`: templates rendered from the customer's records, the due date counted from the action's
 * `dueField` when that holds an instant, the record owner resolved on the root record. One place for the
 * closure engine (`nextActions`) and the generated one (`nextActionsFromFacts`).
 */
export function actionDetails(
  definition: CompiledAction['definition'],
  enteredAt: number,
  lookup: (object: string) => CrmRecord | undefined,
  root: CrmRecord | undefined,
  profile: CrmProfile,
): ActionDetails {
  let anchor = enteredAt;
  if (definition.dueField) {
    const value = parseInstant(readField(lookup(definition.dueField.object) ?? {}, [definition.dueField.field]));
    if (!Number.isNaN(value)) anchor = value;
  }
  const owner = definition.owner;
  const ownerValue = root?.[profile.ownerField];
  return {
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
  };
}
