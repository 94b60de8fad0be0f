/** One change of one field of one record, from OpportunityHistory, LeadHistory or Sugar's audit log. */
export interface FieldChange {
  readonly object: string;
  readonly recordId: string;
  readonly field: string;
  readonly oldValue: unknown;
  readonly newValue: unknown;
  /** Epoch ms. */
  readonly at: number;
}
