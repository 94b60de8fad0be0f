/**
 * A field name or a dotted parent path (`Account.Name`, `accounts.name`): what every back-end accepts.
 * Checked before anything reaches a SOQL string or a Sugar filter, so a field can never inject syntax.
 */
export const FIELD_PATH = /^[A-Za-z_][A-Za-z0-9_]*(\.[A-Za-z_][A-Za-z0-9_]*)*$/;

/** Why a condition cannot be sent to a CRM; the caller then reads without push-down. */
export class Unsupported {
  readonly reason: string;
  constructor(reason: string) {
    this.reason = reason;
  }
}
