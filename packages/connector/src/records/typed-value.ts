// A literal as a journey file writes it, with the kind every back-end compares it as.

/** A literal in a condition. Dates are ISO strings; their kind is decided once, at normalisation. */
export type ConditionValue = string | number | boolean | null;

/** How a literal compares: decided from the literal, so every back-end coerces the same way. */
export type ValueKind = 'string' | 'number' | 'boolean' | 'date' | 'datetime' | 'null';

/** A literal with its kind. */
export interface TypedValue {
  readonly kind: ValueKind;
  readonly value: ConditionValue;
}
