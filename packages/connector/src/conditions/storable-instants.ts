import type { RelativeDateOperator } from './condition-ast.ts';
import { relativeDateBounds } from './evaluate-condition.ts';
import { DAY_MS } from '../records/field-values.ts';

/** CRMs store date-times to the second. */
export const SECOND_MS = 1000;
/** The earliest instant a four-digit-year literal can state (SOQL and Sugar both write four digits). */
export const MIN_INSTANT = Date.parse('0000-01-01T00:00:00Z');
/** The latest such instant. */
export const MAX_INSTANT = Date.parse('9999-12-31T23:59:59Z');

/** Inclusive bounds of a relative-date condition as storable instants; each may be open. */
export interface StorableBounds {
  readonly from: number | undefined;
  readonly to: number | undefined;
}

/**
 * The bounds of a relative-date condition at `asOf`, rounded inwards to what a CRM can store (whole
 * days for date fields, whole seconds otherwise) so that a compiled filter selects exactly what the
 * evaluator accepts; undefined when no storable instant lies between them.
 */
export function storableRelativeDateBounds(
  op: RelativeDateOperator,
  days: number,
  fieldType: 'date' | 'datetime',
  asOf: number,
): StorableBounds | undefined {
  const unit = fieldType === 'date' ? DAY_MS : SECOND_MS;
  const [lower, upper] = relativeDateBounds(op, days, fieldType, asOf);
  const from = Math.ceil(lower / unit) * unit;
  const to = Math.floor(upper / unit) * unit;
  if (!(from <= to) || from > MAX_INSTANT || to < MIN_INSTANT) return undefined;
  return { from: from > MIN_INSTANT ? from : undefined, to: to < MAX_INSTANT ? to : undefined };
}
