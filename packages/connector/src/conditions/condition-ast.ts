import type { TypedValue } from '../records/typed-value.ts';

// The normalised condition language. Every back-end (the in-memory evaluator, the SOQL compiler and
// the Sugar filter compiler) works on these nodes, never on the raw YAML.

/** Ordering and equality operators. */
export type CompareOperator = 'eq' | 'ne' | 'gt' | 'gte' | 'lt' | 'lte';

/** Relative-date operators; `days` counts back (or forward) from the evaluation time. */
export type RelativeDateOperator = 'withinLastDays' | 'olderThanDays' | 'withinNextDays';

/** A condition on one record's fields. `path` is where it was written, for explanations. */
export type RecordCondition =
  | { readonly kind: 'all'; readonly path: string }
  | { readonly kind: 'and'; readonly path: string; readonly items: readonly RecordCondition[] }
  | { readonly kind: 'or'; readonly path: string; readonly items: readonly RecordCondition[] }
  | { readonly kind: 'not'; readonly path: string; readonly item: RecordCondition }
  | {
      readonly kind: 'compare';
      readonly path: string;
      readonly field: string;
      readonly op: CompareOperator;
      readonly value: TypedValue;
    }
  | {
      readonly kind: 'in';
      readonly path: string;
      readonly field: string;
      readonly values: readonly TypedValue[];
      readonly negate: boolean;
    }
  | { readonly kind: 'exists'; readonly path: string; readonly field: string; readonly exists: boolean }
  | {
      readonly kind: 'text';
      readonly path: string;
      readonly field: string;
      readonly op: 'contains' | 'startsWith';
      readonly value: string;
    }
  | {
      readonly kind: 'relativeDate';
      readonly path: string;
      readonly field: string;
      readonly op: RelativeDateOperator;
      readonly days: number;
      /** `date` fields compare whole UTC days; `datetime` fields compare instants. */
      readonly fieldType: 'date' | 'datetime';
    };

/** How many of an object's records must match. */
export type Quantifier =
  | { readonly kind: 'any' }
  | { readonly kind: 'all' }
  | { readonly kind: 'none' }
  | { readonly kind: 'count'; readonly op: 'eq' | 'gt' | 'gte' | 'lt' | 'lte'; readonly n: number };

/** A condition over a whole customer: quantified record conditions combined with and / or / not. */
export type CustomerCondition =
  | { readonly kind: 'and'; readonly path: string; readonly items: readonly CustomerCondition[] }
  | { readonly kind: 'or'; readonly path: string; readonly items: readonly CustomerCondition[] }
  | { readonly kind: 'not'; readonly path: string; readonly item: CustomerCondition }
  | {
      readonly kind: 'quantified';
      readonly path: string;
      /** The CRM object name as the journey file spells it (e.g. `Opportunity`, `Cases`). */
      readonly object: string;
      readonly quantifier: Quantifier;
      readonly where: RecordCondition;
    };
