/** Which part of the panel a record was opened from. */
export type RecordOpenSource = 'customer' | 'action' | 'touchpoint' | 'checklist';

/**
 * Fired when the rep opens a CRM record from the panel: the customer, an existing task, a touchpoint, or
 * a record that meets a checklist condition. The panel renders no links of its own; the host navigates
 * (`NavigationMixin`, `app.router`).
 *
 * @example
 * panel.addEventListener('cj-record-open', (event) => navigate(event.object, event.recordId));
 */
export class CjRecordOpenEvent extends Event {
  /** The event's type. */
  static readonly eventName = 'cj-record-open';
  readonly recordId: string;
  /** The record's CRM object, e.g. `Task`, `Case`, `Accounts`. */
  readonly object: string;
  readonly source: RecordOpenSource;

  constructor(recordId: string, object: string, source: RecordOpenSource) {
    super(CjRecordOpenEvent.eventName, { bubbles: true, composed: true });
    this.recordId = recordId;
    this.object = object;
    this.source = source;
  }
}

declare global {
  interface GlobalEventHandlersEventMap {
    'cj-record-open': CjRecordOpenEvent;
  }
}
