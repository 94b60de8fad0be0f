import type { CustomerRef, JourneyState, NextAction } from '@crm-journey/connector';

/** What the action events carry: the action and enough of the state to write the task without a lookup. */
export interface ActionEventInit {
  readonly action: NextAction;
  readonly customer: CustomerRef;
  /** The stage the action belongs to (the customer's current stage). */
  readonly stage: string | null;
  readonly journey: JourneyState['journey'];
}
