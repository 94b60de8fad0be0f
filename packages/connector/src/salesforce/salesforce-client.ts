// Every call the connector makes goes through here: counted, retried with bounded exponential backoff
// when that is safe, checked against the run's API budget, and wrapped into ConnectorError.
import type { Connection } from 'jsforce';
import { ConnectorError } from '../errors/connector-error.ts';
import { classifyFailure, isNothingThere, wrapSalesforceError } from './salesforce-errors.ts';

/** Retry policy for transient failures (5xx, HTML error pages, connection resets, concurrency limits). */
export interface SalesforceRetryOptions {
  /** Attempts per call, the first included; default 6. */
  readonly attempts?: number;
  /** Delay before the first retry, doubled each time; default 500 ms (tests pass a few ms). */
  readonly baseDelayMs?: number;
  /** Upper bound of one delay; default 30 s. */
  readonly maxDelayMs?: number;
}

/** How many API calls one run may use. */
export interface SalesforceBudgetOptions {
  /** At most this many calls in this connector's life. */
  readonly maxCalls?: number;
  /** At most this share of the org's daily allowance (from `Sforce-Limit-Info`), e.g. 0.1. */
  readonly maxShareOfDaily?: number;
}

/** One HTTP call to the REST API, relative to `/services/data/vXX.X` or absolute. */
export interface SalesforceCall {
  readonly method: 'GET' | 'POST' | 'PATCH' | 'DELETE';
  readonly url: string;
  readonly body?: unknown;
  readonly headers?: Readonly<Record<string, string>>;
}

/** The counted, retrying request layer over one jsforce connection. */
export interface SalesforceClient {
  readonly connection: Connection;
  /** Sends a call; `what` names it in error messages. Retries transient failures (every call here is idempotent). */
  send<T>(call: SalesforceCall, what: string): Promise<T>;
  /**
   * GETs a text body with its response headers (Bulk API 2.0 CSV results, paged by `Sforce-Locator`,
   * which jsforce's `request` does not expose). Counted, budgeted and retried like {@link send}.
   */
  fetchText(url: string, what: string): Promise<{ readonly text: string; readonly headers: Headers }>;
  /**
   * Like {@link fetchText}, but hands back the body unread, to be parsed as it streams in: the call is
   * retried until the response headers arrive; a body cut off later is the caller's to re-request.
   */
  fetchStream(
    url: string,
    what: string,
  ): Promise<{ readonly body: ReadableStream<Uint8Array>; readonly headers: Headers }>;
  /**
   * Sends a body that is not JSON (a Bulk API 2.0 CSV upload); `PUT` is allowed here. Counted, budgeted
   * and retried like {@link send}; returns the response text.
   */
  sendRaw(
    call: {
      readonly method: 'PUT' | 'POST';
      readonly url: string;
      readonly body: string;
      readonly contentType: string;
    },
    what: string,
  ): Promise<string>;
  /**
   * The org's clock: the `Date` header of a `GET /services/data` (epoch ms, to the second), or undefined
   * when the response has none. Counted and retried like {@link send}.
   */
  serverTime(what: string): Promise<number | undefined>;
  /** Runs one call: budget check, count, retry with backoff when safe, errors wrapped. */
  attempt<T>(what: string, run: () => Promise<T>): Promise<T>;
  /** Calls sent so far, retries included. */
  calls(): number;
  /** The org's usage and limit from the last `Sforce-Limit-Info`. */
  limit(): { readonly used: number; readonly limit: number } | undefined;
  /** Set by the connector: a sentence saying what the run has done, for limit messages. */
  progress: () => string;
  /** Credentials to scrub from every message. */
  readonly secrets: readonly string[];
}

const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

/**
 * Wraps a jsforce connection. jsforce's own retry is switched off so that every attempt is counted and
 * POST/PATCH (idempotent upserts and updates here) are retried too, which jsforce never does.
 */
export function createSalesforceClient(
  connection: Connection,
  options: {
    readonly retry?: SalesforceRetryOptions;
    readonly budget?: SalesforceBudgetOptions;
    readonly secrets?: readonly string[];
  } = {},
): SalesforceClient {
  const attempts = Math.max(1, options.retry?.attempts ?? 6);
  const baseDelay = options.retry?.baseDelayMs ?? 500;
  const maxDelay = options.retry?.maxDelayMs ?? 30_000;
  const secrets = options.secrets ?? [];
  let calls = 0;
  // Until the org has answered once, a refused connection means a wrong or down URL, not a blip: say so
  // at once (as the Sugar login does) instead of backing off for half a minute.
  let answered = false;

  const checkBudget = (what: string): void => {
    const budget = options.budget;
    if (!budget) return;
    const usage = connection.limitInfo.apiUsage;
    const share = budget.maxShareOfDaily;
    const shareCap = share !== undefined && usage ? Math.floor(usage.limit * share) : Number.POSITIVE_INFINITY;
    const cap = Math.min(budget.maxCalls ?? Number.POSITIVE_INFINITY, shareCap);
    if (calls < cap) return;
    throw new ConnectorError(
      'CRM_LIMIT_EXCEEDED',
      `Stopped before ${what}: this run used its API budget of ${cap} calls. So far: ${client.progress()}.`,
      { actions: ['Run again later to continue, or raise the budget (--max-api-share / maxCalls).'] },
    );
  };

  // A failed response in the shape jsforce errors have, so that classification and wrapping are shared.
  const httpError = async (response: Response): Promise<Error> => {
    const body = (await response.json().catch(() => [])) as { errorCode?: string; message?: string }[];
    const first = Array.isArray(body) ? body[0] : undefined;
    const error = new Error(first?.message ?? `HTTP ${response.status}`) as Error & { errorCode: string };
    // jsforce's name for a failure without a Salesforce error body, so that a 503 page is retried alike.
    error.errorCode = first?.errorCode ?? `ERROR_HTTP_${response.status}`;
    error.name = error.errorCode;
    return error;
  };

  // fetch() beside jsforce for what jsforce's `request` cannot do (response headers, streamed bodies,
  // CSV uploads): same session, and a 401 refreshes it through jsforce before the call is retried.
  const rawFetch = async (url: string, init: { method?: string; headers: Record<string, string>; body?: string }) => {
    const base = `${connection.instanceUrl}/services/data/v${connection.version}`;
    const target = url.startsWith('/services/') ? connection.instanceUrl + url : base + url;
    const headers = { ...init.headers, Authorization: `Bearer ${connection.accessToken ?? ''}` };
    const sentAt = Date.now();
    const response = await fetch(target, { ...init, headers });
    if (response.ok) return response;
    const error = await httpError(response);
    if (response.status === 401) await refreshSession(error, sentAt);
    throw error;
  };

  // jsforce refreshes on its own requests only; for fetch() calls ask it to, once per failed session: a
  // refresh that finished after the call was sent (another call's) already gave the token to retry with.
  const refreshSession = async (error: Error, sentAt: number): Promise<void> => {
    const refreshable = connection as unknown as { _refreshDelegate?: { refresh(since: number): Promise<void> } };
    if (!refreshable._refreshDelegate) return;
    const refreshed = await refreshable._refreshDelegate.refresh(sentAt).then(
      () => true,
      () => false,
    );
    // A fresh token: the call is worth one more attempt (classified as retryable).
    if (refreshed) Object.assign(error, { errorCode: 'SESSION_REFRESHED', name: 'SESSION_REFRESHED' });
  };

  const client: SalesforceClient = {
    connection,
    secrets,
    progress: () => 'nothing yet',
    calls: () => calls,
    limit: () => connection.limitInfo.apiUsage,
    async fetchText(url: string, what: string) {
      return client.attempt(what, async () => {
        const response = await rawFetch(url, { headers: { Accept: 'text/csv' } });
        return { text: await response.text(), headers: response.headers };
      });
    },
    serverTime(what: string) {
      return client.attempt(what, async () => {
        const response = await rawFetch('/services/data', { headers: { Accept: 'application/json' } });
        await response.arrayBuffer();
        const at = Date.parse(response.headers.get('date') ?? '');
        return Number.isNaN(at) ? undefined : at;
      });
    },
    fetchStream(url: string, what: string) {
      return client.attempt(what, async () => {
        const response = await rawFetch(url, { headers: { Accept: 'text/csv' } });
        if (!response.body) throw new ConnectorError('CRM_REQUEST_FAILED', `Salesforce sent no body while ${what}.`);
        return { body: response.body, headers: response.headers };
      });
    },
    sendRaw(call, what) {
      return client.attempt(what, async () => {
        const response = await rawFetch(call.url, {
          method: call.method,
          headers: { 'Content-Type': call.contentType, Accept: 'application/json' },
          body: call.body,
        });
        return response.text();
      });
    },
    send<T>(call: SalesforceCall, what: string): Promise<T> {
      return client.attempt(what, () => {
        const headers: Record<string, string> = { ...call.headers };
        if (call.body !== undefined) headers['Content-Type'] = 'application/json';
        const request = {
          method: call.method,
          url: call.url,
          headers,
          ...(call.body === undefined ? {} : { body: JSON.stringify(call.body) }),
        };
        return connection.request<T>(request, { retry: { maxRetries: 0 } });
      });
    },
    async attempt<T>(what: string, run: () => Promise<T>): Promise<T> {
      for (let attempt = 1; ; attempt++) {
        checkBudget(what);
        calls++;
        try {
          const result = await run();
          answered = true;
          return result;
        } catch (error) {
          const kind = classifyFailure(error);
          if (kind !== 'retry' || attempt >= attempts || (!answered && isNothingThere(error))) {
            const wrapped = wrapSalesforceError(error, what, secrets, connection.instanceUrl);
            if (wrapped.code !== 'CRM_LIMIT_EXCEEDED') throw wrapped;
            throw new ConnectorError('CRM_LIMIT_EXCEEDED', `${wrapped.message} So far: ${client.progress()}.`, {
              actions: wrapped.actions,
              cause: wrapped.cause,
            });
          }
          await sleep(Math.min(maxDelay, baseDelay * 2 ** (attempt - 1)));
        }
      }
    },
  };
  return client;
}
