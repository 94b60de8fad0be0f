import type { ConnectorErrorCode, Diagnostic } from '@crm-journey/connector';

/** Stable codes of the serve API's errors (beside the connector's codes for CRM failures). */
export type ApiErrorCode =
  | 'UNAUTHORIZED'
  | 'ORIGIN_NOT_ALLOWED'
  | 'NOT_FOUND'
  | 'CUSTOMER_NOT_FOUND'
  | 'UNKNOWN_SYNC'
  | 'AMBIGUOUS_SYNC'
  | 'BODY_TOO_LARGE'
  | 'UNSUPPORTED_MEDIA_TYPE'
  | 'INVALID_REQUEST'
  | 'MALFORMED_JSON'
  | 'MALFORMED_REQUEST'
  | 'BAD_URL'
  | 'HEADERS_TOO_LARGE'
  | 'REQUEST_TIMEOUT'
  | 'SHUTTING_DOWN'
  | 'PLAN_TOO_COSTLY'
  | 'CRM_UNREACHABLE'
  | 'JOURNEY_INVALID'
  | 'NOT_READY'
  | 'BUSY'
  | 'INTERNAL';

/** The one error shape of the API: `{ error: { code, message } }` (plus the diagnostics of a bad journey). */
export interface ApiErrorBody {
  readonly error: {
    readonly code: string;
    readonly message: string;
    readonly diagnostics?: readonly Diagnostic[];
  };
}

/**
 * Builds an error body.
 *
 * @example
 * reply.code(404).send(apiError('CUSTOMER_NOT_FOUND', 'No journey state for 001xx.'));
 */
export function apiError(
  code: ApiErrorCode | ConnectorErrorCode,
  message: string,
  diagnostics?: readonly Diagnostic[],
): ApiErrorBody {
  return { error: { code, message, ...(diagnostics === undefined ? {} : { diagnostics }) } };
}
