import type { CustomerRecords } from '../conditions/evaluate-condition.ts';
import type { FieldChange } from '../records/field-change.ts';
import type { CustomerRef, JourneyState } from './journey-state.ts';

/** One customer's input to the engine. */
export interface CustomerInput {
  readonly customer: CustomerRef;
  /** All the customer's records, keyed by object name as the journey file names objects. */
  readonly records: CustomerRecords;
  /** Field history (OpportunityHistory, LeadHistory, Sugar audit), used on first sight. */
  readonly changes?: readonly FieldChange[];
  /** The state of the previous evaluation; without it, the history is rebuilt from the records. */
  readonly previous?: JourneyState | null;
  /** Evaluation time, epoch ms. */
  readonly asOf: number;
}
