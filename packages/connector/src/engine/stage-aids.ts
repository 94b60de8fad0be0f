import type { CustomerRecords } from '../conditions/evaluate-condition.ts';
import type { CrmRecord } from '../records/crm-record.ts';
import { advanceChecklists, type AdvanceChecklist } from './advance-checklist.ts';
import type { CompiledJourney } from './compile-journey.ts';
import type { CustomerRef } from './journey-state.ts';

/** The longest key-field text kept in the state; longer values end with an ellipsis. */
const KEY_FIELD_VALUE_LIMIT = 255;

/** The most characters `checklists` and `keyFields` take in the state's JSON (an eighth of `Journey_State__c`). */
export const STAGE_AIDS_JSON_LIMIT = 16_384;

/** A key field of the current stage with the root record's value. */
export interface KeyFieldValue {
  readonly field: string;
  readonly value: string | number | boolean | null;
}

/** What the panel shows to help the rep move the customer on: the checklists and the stage's key fields. */
export interface StageAids {
  readonly checklists: readonly AdvanceChecklist[];
  readonly keyFields: readonly KeyFieldValue[];
}

function keyValue(value: unknown): KeyFieldValue['value'] {
  if (typeof value === 'number' || typeof value === 'boolean') return value;
  if (typeof value !== 'string' || value === '') return null;
  return value.length > KEY_FIELD_VALUE_LIMIT ? `${value.slice(0, KEY_FIELD_VALUE_LIMIT - 1)}…` : value;
}

/**
 * The checklists (next stage, a close backward move) and the current stage's key fields with the root
 * record's values. The one place both engines compute them, so their states agree.
 *
 * @example
 * const { checklists, keyFields } = stageAids(compiled, customer, records, asOf, index, root);
 */
export function stageAids(
  journey: CompiledJourney,
  customer: CustomerRef,
  records: CustomerRecords,
  asOf: number,
  index: number,
  root: CrmRecord | undefined,
): StageAids {
  // Key fields name the journey root's fields: an unconverted lead has none of its own to edit.
  const fields = customer.type === journey.definition.root ? (journey.stages[index]?.definition.keyFields ?? []) : [];
  return {
    checklists: advanceChecklists(journey, records, asOf, index),
    keyFields: fields.map((field) => ({ field, value: keyValue(root?.[field]) })),
  };
}
