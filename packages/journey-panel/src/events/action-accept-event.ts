import type { CustomerRef, JourneyState, NextAction } from '@crm-journey/connector';
import type { ActionEventInit } from './action-event-init.ts';

/**
 * Fired when the rep accepts a next action (the "Accept" or "Create task" button). The host creates the
 * task, keyed by `action.key`, and later feeds the panel a state where the action is `existing`.
 *
 * @example
 * panel.addEventListener('cj-action-accept', (event) => createTask(event.action.key, event.action.subject));
 */
export class CjActionAcceptEvent extends Event {
  /** The event's type. */
  static readonly eventName = 'cj-action-accept';
  readonly action: NextAction;
  readonly customer: CustomerRef;
  readonly stage: string | null;
  readonly journey: JourneyState['journey'];

  constructor(init: ActionEventInit) {
    super(CjActionAcceptEvent.eventName, { bubbles: true, composed: true });
    this.action = init.action;
    this.customer = init.customer;
    this.stage = init.stage;
    this.journey = init.journey;
  }
}

declare global {
  interface GlobalEventHandlersEventMap {
    'cj-action-accept': CjActionAcceptEvent;
  }
}
