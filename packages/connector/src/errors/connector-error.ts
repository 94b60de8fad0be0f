/** Stable codes of every error the connector raises; scripts and monitors match on these. */
export type ConnectorErrorCode =
  | 'JOURNEY_INVALID'
  | 'INPUT_UNREADABLE'
  | 'SNAPSHOT_INVALID'
  | 'CUSTOMER_NOT_FOUND'
  | 'CRM_AUTH_EXPIRED'
  | 'CRM_AUTH_FAILED'
  | 'CRM_VERSION_UNSUPPORTED'
  | 'CRM_LIMIT_EXCEEDED'
  | 'CRM_ROW_LOCK'
  | 'CRM_VALIDATION'
  | 'CRM_FIELD_SECURITY'
  | 'CRM_REQUEST_FAILED'
  | 'CRM_UNREACHABLE'
  | 'STATE_UNUSABLE'
  | 'STATE_LOCKED'
  | 'INTERNAL';

/** Options for {@link ConnectorError}. */
export interface ConnectorErrorOptions {
  /** What the user can do about it, one sentence each. */
  readonly actions?: readonly string[];
  /** The underlying error, already stripped of credentials. */
  readonly cause?: unknown;
}

/**
 * The one error family of the connector: a stable `code`, a message that says what failed and why,
 * and `actions` that say what to do.
 *
 * @example
 * throw new ConnectorError('SNAPSHOT_INVALID', 'Snapshot accounts.json: Account[3].Id is missing.', {
 *   actions: ['Export the Id field with every record.'],
 * });
 */
export class ConnectorError extends Error {
  override readonly name = 'ConnectorError';
  readonly code: ConnectorErrorCode;
  readonly actions: readonly string[];

  constructor(code: ConnectorErrorCode, message: string, options: ConnectorErrorOptions = {}) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause });
    this.code = code;
    this.actions = options.actions ?? [];
  }
}

/** True when `error` is a {@link ConnectorError}, optionally with the given code. */
export function isConnectorError(error: unknown, code?: ConnectorErrorCode): error is ConnectorError {
  return error instanceof ConnectorError && (code === undefined || error.code === code);
}
