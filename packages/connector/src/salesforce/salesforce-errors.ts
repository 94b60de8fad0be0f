// Turns jsforce and @salesforce/core errors into ConnectorError at the adapter boundary, with every
// credential scrubbed, and decides which failures are safe to retry.
import { ConnectorError } from '../errors/connector-error.ts';
import { scrubCredentials } from '../errors/scrub-credentials.ts';

/** How a failed call should be handled. */
export type FailureKind = 'retry' | 'auth' | 'daily-limit' | 'fatal';

/** The shape of jsforce's HttpApiError (and OAuth token errors) that this module reads. */
interface ApiErrorLike {
  readonly name?: unknown;
  readonly errorCode?: unknown;
  readonly message?: unknown;
  readonly code?: unknown;
  readonly cause?: unknown;
}

const RETRYABLE_NETWORK = new Set([
  'ECONNRESET',
  'ECONNREFUSED',
  'EPIPE',
  'ETIMEDOUT',
  'UND_ERR_SOCKET',
  'ENETDOWN',
  'ENETUNREACH',
  'EHOSTDOWN',
]);

// Failures where the org never answered: no route, no DNS name, a refused or dropped connection.
const UNREACHABLE_NETWORK = new Set([...RETRYABLE_NETWORK, 'ENOTFOUND', 'EAI_AGAIN', 'EHOSTUNREACH', 'ECONNABORTED']);

function fieldOf(error: unknown, key: keyof ApiErrorLike): string {
  if (typeof error !== 'object' || error === null) return '';
  const value = (error as ApiErrorLike)[key];
  return typeof value === 'string' ? value : '';
}

/** The Salesforce error code of a jsforce error (`INVALID_SESSION_ID`, `ERROR_HTTP_503`...), or ''. */
export function errorCodeOf(error: unknown): string {
  return fieldOf(error, 'errorCode') || fieldOf(error, 'name');
}

function networkCodeOf(error: unknown): string {
  for (let current = error, depth = 0; current !== undefined && depth < 4; depth++) {
    const code = fieldOf(current, 'code');
    if (code !== '') return code;
    current = typeof current === 'object' && current !== null ? (current as ApiErrorLike).cause : undefined;
  }
  return '';
}

// Nothing listens at the address, or there is no such host: no answer will come by retrying at once.
const NOTHING_THERE = new Set(['ECONNREFUSED', 'ENOTFOUND', 'EAI_AGAIN', 'EHOSTUNREACH']);

/** True when the call found no server at all (refused, no such host): retrying at once is no use. */
export function isNothingThere(error: unknown): boolean {
  return NOTHING_THERE.has(networkCodeOf(error));
}

/** Classifies a failed call: transient (retry), session (auth), the daily allowance, or anything else. */
export function classifyFailure(error: unknown): FailureKind {
  if (error instanceof ConnectorError) return 'fatal';
  const code = errorCodeOf(error);
  const message = fieldOf(error, 'message');
  if (code === 'SESSION_REFRESHED') return 'retry';
  if (code === 'REQUEST_LIMIT_EXCEEDED') return /TotalRequests/i.test(message) ? 'daily-limit' : 'retry';
  if (code === 'INVALID_SESSION_ID' || code === 'invalid_grant' || code === 'ERROR_HTTP_401') return 'auth';
  if (/^ERROR_HTTP_(5\d\d|429)$/.test(code)) return 'retry';
  if (code === 'SERVER_UNAVAILABLE' || code === 'UNKNOWN_EXCEPTION' || code === 'UNABLE_TO_LOCK_ROW') return 'retry';
  if (/HTML content/i.test(message) || /<html/i.test(message)) return 'retry';
  if (RETRYABLE_NETWORK.has(networkCodeOf(error))) return 'retry';
  if (error instanceof TypeError && /fetch failed|terminated|socket/i.test(error.message)) return 'retry';
  return 'fatal';
}

/** The network code (`ECONNREFUSED`...) when the org never answered the call, else undefined. */
function unreachableCode(error: unknown): string | undefined {
  const network = networkCodeOf(error);
  if (UNREACHABLE_NETWORK.has(network)) return network;
  if (error instanceof TypeError && /fetch failed/i.test(error.message))
    return network === '' ? 'fetch failed' : network;
  return undefined;
}

/**
 * Wraps a jsforce / @salesforce/core error into the connector's error family, credentials removed;
 * `instanceUrl` names the org in the message of a network failure.
 */
export function wrapSalesforceError(
  error: unknown,
  what: string,
  secrets: readonly string[] = [],
  instanceUrl?: string,
): ConnectorError {
  if (error instanceof ConnectorError) return error;
  const code = errorCodeOf(error);
  const raw = error instanceof Error ? error.message : String(error);
  const detail = scrubCredentials(code !== '' && !raw.startsWith(code) ? `${code}: ${raw}` : raw, secrets);
  // The cause keeps only scrubbed text: the raw error may carry the request with its bearer header.
  const cause = new Error(detail);
  const network = unreachableCode(error);
  if (network !== undefined) {
    const org = instanceUrl === undefined || instanceUrl === '' ? 'Salesforce' : `Salesforce at ${instanceUrl}`;
    return new ConnectorError('CRM_UNREACHABLE', `${org} is unreachable: ${what} got no answer (${network}).`, {
      cause,
      actions: [
        'Check that the org is up and its instance URL is reachable from this machine; the next run resumes from the last watermark.',
      ],
    });
  }
  switch (classifyFailure(error)) {
    case 'auth':
      return new ConnectorError('CRM_AUTH_EXPIRED', `Salesforce rejected the session while ${what}: ${detail}`, {
        actions: ['Log in again (`sf org login web --alias <alias>`) or give a refresh path (refresh token, JWT key).'],
        cause,
      });
    case 'daily-limit':
      return new ConnectorError('CRM_LIMIT_EXCEEDED', `Salesforce's daily API allowance is used up (${what}).`, {
        actions: ['Wait for the rolling 24-hour allowance to recover, or raise the org’s API limit.'],
        cause,
      });
    default:
      return new ConnectorError('CRM_REQUEST_FAILED', `Salesforce request failed while ${what}: ${detail}`, {
        cause,
      });
  }
}
