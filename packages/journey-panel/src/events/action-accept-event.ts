import { CjActionEvent } from './action-event.ts';
import type { ActionEventInit } from './action-event-init.ts';

/**
 * Fired when the rep accepts a next action (the "Accept" or "Create task" button). The host creates the
 * task, keyed by `action.key`, and later feeds the panel a state where the action is `existing`.
 *
 * @example
 * panel.addEventListener('cj-action-accept', (event) => createTask(event.action.key, event.action.subject));
 */
export class CjActionAcceptEvent extends CjActionEvent {
  /** The event's type. */
  static readonly eventName = 'cj-action-accept';

  constructor(init: ActionEventInit) {
    super(CjActionAcceptEvent.eventName, init);
  }
}

declare global {
  interface GlobalEventHandlersEventMap {
    'cj-action-accept': CjActionAcceptEvent;
  }
}
