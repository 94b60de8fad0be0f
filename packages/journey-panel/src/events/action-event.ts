import type { CustomerRef, JourneyState, NextAction } from '@crm-journey/connector';
import type { ActionEventInit } from './action-event-init.ts';

/** What the accept and dismiss events share: a bubbling, composed event carrying the action and its customer. */
export abstract class CjActionEvent extends Event {
  readonly action: NextAction;
  readonly customer: CustomerRef;
  readonly stage: string | null;
  readonly journey: JourneyState['journey'];

  protected constructor(type: string, init: ActionEventInit) {
    super(type, { bubbles: true, composed: true });
    this.action = init.action;
    this.customer = init.customer;
    this.stage = init.stage;
    this.journey = init.journey;
  }
}
