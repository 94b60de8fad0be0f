import type { CustomerRef, JourneyState, NextAction } from '@crm-journey/connector';
import type { ActionEventInit } from './action-event-init.ts';

/**
 * Fired when the rep dismisses a next action. The panel hides it at once; the host may record the
 * dismissal so that the action stays hidden on the next page load.
 *
 * @example
 * panel.addEventListener('cj-action-dismiss', (event) => rememberDismissed(event.action.key));
 */
export class CjActionDismissEvent extends Event {
  /** The event's type. */
  static readonly eventName = 'cj-action-dismiss';
  readonly action: NextAction;
  readonly customer: CustomerRef;
  readonly stage: string | null;
  readonly journey: JourneyState['journey'];

  constructor(init: ActionEventInit) {
    super(CjActionDismissEvent.eventName, { bubbles: true, composed: true });
    this.action = init.action;
    this.customer = init.customer;
    this.stage = init.stage;
    this.journey = init.journey;
  }
}

declare global {
  interface GlobalEventHandlersEventMap {
    'cj-action-dismiss': CjActionDismissEvent;
  }
}
