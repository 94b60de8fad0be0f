import { CjActionEvent } from './action-event.ts';
import type { ActionEventInit } from './action-event-init.ts';

/**
 * Fired when the rep dismisses a next action. The panel hides it at once; the host may record the
 * dismissal so that the action stays hidden on the next page load.
 *
 * @example
 * panel.addEventListener('cj-action-dismiss', (event) => rememberDismissed(event.action.key));
 */
export class CjActionDismissEvent extends CjActionEvent {
  /** The event's type. */
  static readonly eventName = 'cj-action-dismiss';

  constructor(init: ActionEventInit) {
    super(CjActionDismissEvent.eventName, init);
  }
}

declare global {
  interface GlobalEventHandlersEventMap {
    'cj-action-dismiss': CjActionDismissEvent;
  }
}
