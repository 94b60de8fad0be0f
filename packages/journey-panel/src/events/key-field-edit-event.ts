/** A key field's value as the panel hands it to the host: typed like the value it replaces; `null` clears it. */
export type KeyFieldEditValue = string | number | boolean | null;

/**
 * Fired when the rep saves a key field edited in place (only when the host set `keyFieldsEditable`).
 * The host writes it to the customer's root record with the CRM's own validation (LDS `updateRecord`,
 * a Sugar model save) and then sets the refreshed `state`, or calls `keyFieldFailed` with the CRM's message.
 *
 * @example
 * panel.addEventListener('cj-key-field-edit', (event) => updateRecord({ fields: { Id: event.recordId, [event.field]: event.value } }));
 */
export class CjKeyFieldEditEvent extends Event {
  /** The event's type. */
  static readonly eventName = 'cj-key-field-edit';
  /** The root record's CRM object, e.g. `Account`, `Accounts`. */
  readonly object: string;
  readonly recordId: string;
  readonly field: string;
  readonly value: KeyFieldEditValue;
  /** The value the panel showed before the edit. */
  readonly previous: KeyFieldEditValue;

  constructor(init: {
    readonly object: string;
    readonly recordId: string;
    readonly field: string;
    readonly value: KeyFieldEditValue;
    readonly previous: KeyFieldEditValue;
  }) {
    super(CjKeyFieldEditEvent.eventName, { bubbles: true, composed: true });
    this.object = init.object;
    this.recordId = init.recordId;
    this.field = init.field;
    this.value = init.value;
    this.previous = init.previous;
  }
}

declare global {
  interface GlobalEventHandlersEventMap {
    'cj-key-field-edit': CjKeyFieldEditEvent;
  }
}
