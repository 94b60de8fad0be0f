import type { DescribedObject } from './read-plan.ts';

/** A describe result's fields, as far as this adapter reads them. */
export interface DescribedField {
  readonly name: string;
  readonly type: string;
  readonly externalId?: boolean;
  readonly unique?: boolean;
  readonly picklistValues?: readonly { readonly value: string; readonly active: boolean }[];
}

/** A describe result, as far as this adapter reads it. */
export interface FullDescribe extends DescribedObject {
  readonly fields: readonly DescribedField[];
}
