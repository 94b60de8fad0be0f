// The HTTP layer of the Sugar adapter: OAuth2 password grant with refresh, the pinned REST version,
// bounded retries of 429 / 5xx, Sugar's error bodies turned into ConnectorErrors, and a call count.
import axios, { type AxiosInstance, type AxiosResponse } from 'axios';
import { ConnectorError } from '../errors/connector-error.ts';
import { scrubCredentials } from '../errors/scrub-credentials.ts';
import type { ResolvedSugarOptions } from './sugar-options.ts';

/** One sub-request of `/bulk`; `url` is relative to the pinned version, e.g. `Tasks/filter`. */
export interface SugarBulkRequest {
  readonly method: 'GET' | 'POST' | 'PUT' | 'DELETE';
  readonly url: string;
  readonly data?: unknown;
}

/** One sub-result of `/bulk`: Sugar runs each on its own, so each has its own status. */
export interface SugarBulkResult {
  readonly status: number;
  readonly contents: unknown;
}

/** Options of one request. */
export interface SugarRequestOptions {
  /** Safe to send twice (reads, PUTs): 5xx and network errors are retried. 429 always is. */
  readonly idempotent?: boolean;
}

/** A logged-in client of one instance. */
export interface SugarClient {
  request<T>(method: 'GET' | 'POST' | 'PUT', path: string, body?: unknown, options?: SugarRequestOptions): Promise<T>;
  /** Runs sub-requests through `/bulk`, `bulkSize` per call; the results in request order. */
  bulk(requests: readonly SugarBulkRequest[], options?: SugarRequestOptions): Promise<SugarBulkResult[]>;
  /** HTTP calls made so far (token calls included). */
  readonly calls: number;
  /** `text` (a sub-result's error body) without any credential this client knows or has sent. */
  scrub(text: string): string;
  /** Ends the session (`/oauth2/logout`). */
  logout(): Promise<void>;
}

interface TokenResponse {
  readonly access_token: string;
  readonly refresh_token: string;
}

interface SugarErrorBody {
  readonly error?: string;
  readonly error_message?: string;
}

const RETRYABLE = new Set([429, 500, 502, 503, 504]);

const errorBody = (response: AxiosResponse<unknown>): SugarErrorBody =>
  typeof response.data === 'object' && response.data !== null ? response.data : {};

// A gateway in front of Sugar may echo the request (the login's password) in its error body.
const describeError = (response: AxiosResponse<unknown>, secrets: readonly (string | undefined)[]): string => {
  const body = errorBody(response);
  const label = body.error ?? `HTTP ${response.status}`;
  return scrubCredentials(body.error_message === undefined ? label : `${label}: ${body.error_message}`, secrets);
};

const sleep = (ms: number): Promise<void> =>
  new Promise((resolve) => {
    (globalThis as unknown as { setTimeout(callback: () => void, ms: number): unknown }).setTimeout(resolve, ms);
  });

// Only the error's name and message: axios errors carry the request config, and with it the password.
function networkCause(error: unknown): Error {
  const source = error as { code?: string; message?: string };
  return new Error(`${source.code ?? 'network error'}: ${source.message ?? ''}`);
}

function versionError(options: ResolvedSugarOptions, response: AxiosResponse<unknown>): ConnectorError {
  const said = scrubCredentials(errorBody(response).error_message ?? 'incorrect_version', [
    options.password,
    options.clientSecret,
  ]);
  return new ConnectorError(
    'CRM_VERSION_UNSUPPORTED',
    `SugarCRM at ${options.url} does not serve REST API version ${options.apiVersion}: ${said}`,
    { actions: ['Pass an apiVersion inside the range the instance names (e.g. v11 or v11_4), or upgrade Sugar.'] },
  );
}

/**
 * Logs in with the password grant and returns a client on `/rest/<version>`. A 401 `invalid_grant` refreshes
 * the token once per request (a password login when the refresh token is spent); 429 and 5xx are retried
 * with exponential backoff, honouring Retry-After.
 *
 * @example
 * const client = await createSugarClient(resolveSugarOptions({ url, username, password }));
 * const page = await client.request('POST', 'Accounts/filter', { max_num: 100 });
 */
export async function createSugarClient(options: ResolvedSugarOptions): Promise<SugarClient> {
  const http: AxiosInstance = axios.create({
    baseURL: `${options.url}/rest/${options.apiVersion}/`,
    validateStatus: () => true,
    headers: { 'Content-Type': 'application/json' },
  });
  let calls = 0;
  let token: TokenResponse | undefined;
  let pending: Promise<TokenResponse> | undefined;
  // Everything this client has sent that must never come back in a message.
  const spent: string[] = [];
  const secrets = (): (string | undefined)[] => [
    options.password,
    options.clientSecret,
    token?.access_token,
    token?.refresh_token,
    ...spent,
  ];

  const send = async (
    method: string,
    path: string,
    body: unknown,
    headers: Record<string, string>,
  ): Promise<AxiosResponse<unknown>> => {
    calls++;
    try {
      return await http.request<unknown>({ method, url: path, data: body, headers });
    } catch (error) {
      const cause = networkCause(error);
      throw new ConnectorError(
        'CRM_UNREACHABLE',
        `SugarCRM at ${options.url} is unreachable: ${method} ${path.split('?')[0] ?? path} got no answer (${cause.message}).`,
        {
          cause,
          actions: [
            'Check that the instance is up and SUGAR_URL is reachable from this machine; the next run resumes from the last watermark.',
          ],
        },
      );
    }
  };

  const grant = async (body: Record<string, string>): Promise<AxiosResponse<unknown>> => {
    const response = await send('POST', 'oauth2/token', body, {});
    if (response.status === 301) throw versionError(options, response);
    return response;
  };

  const login = async (): Promise<TokenResponse> => {
    let response: AxiosResponse<unknown>;
    // A gateway in front of Sugar may rate-limit the token endpoint: that is no wrong password.
    for (let attempt = 1; ; attempt++) {
      response = await grant({
        grant_type: 'password',
        client_id: options.clientId,
        client_secret: options.clientSecret,
        username: options.username,
        password: options.password,
        platform: options.platform,
      });
      if (response.status !== 429) break;
      if (attempt >= options.maxAttempts)
        throw new ConnectorError(
          'CRM_LIMIT_EXCEEDED',
          `SugarCRM at ${options.url} rate-limited the login ${String(attempt)} times in a row (429 ${describeError(response, secrets())}).`,
          {
            actions: [
              'Run again later, or ask the Sugar admin (or the gateway in front of it) about the API rate limit.',
            ],
          },
        );
      await sleep(delayOf(attempt, response));
    }
    if (response.status === 200) return response.data as TokenResponse;
    const body = errorBody(response);
    const platform = body.error_message === 'EXCEPTION_INVALID_PLATFORM';
    throw new ConnectorError(
      'CRM_AUTH_FAILED',
      platform
        ? `SugarCRM at ${options.url} does not know the API platform "${options.platform}".`
        : `SugarCRM at ${options.url} refused the login of "${options.username}" (${describeError(response, secrets())}).`,
      {
        actions: platform
          ? ['Register the platform in Admin > Configure API Platforms, or pass a registered one (SUGAR_PLATFORM).']
          : ['Check SUGAR_USERNAME, SUGAR_PASSWORD and SUGAR_CLIENT_ID.'],
      },
    );
  };

  // One refresh for all requests that saw the same expired token: a refresh token is good for one use.
  const renew = (expired: TokenResponse | undefined): Promise<TokenResponse> => {
    if (token !== expired && token !== undefined) return Promise.resolve(token);
    pending ??= (async () => {
      try {
        if (expired !== undefined) {
          spent.push(expired.access_token, expired.refresh_token);
          spent.splice(0, spent.length - 8);
          const response = await grant({
            grant_type: 'refresh_token',
            refresh_token: expired.refresh_token,
            client_id: options.clientId,
            client_secret: options.clientSecret,
            platform: options.platform,
          });
          if (response.status === 200) return (token = response.data as TokenResponse);
        }
        return (token = await login());
      } finally {
        pending = undefined;
      }
    })();
    return pending;
  };

  const delayOf = (attempt: number, response: AxiosResponse<unknown> | undefined): number => {
    const retryAfter = Number(response?.headers['retry-after']);
    const backoff = options.baseDelayMs * 2 ** (attempt - 1);
    return Math.min(options.maxDelayMs, Number.isFinite(retryAfter) ? Math.max(retryAfter * 1000, backoff) : backoff);
  };

  const request = async <T>(
    method: 'GET' | 'POST' | 'PUT',
    path: string,
    body?: unknown,
    requestOptions: SugarRequestOptions = {},
  ): Promise<T> => {
    const idempotent = requestOptions.idempotent ?? method !== 'POST';
    let refreshed = false;
    for (let attempt = 1; ; attempt++) {
      const used = token ?? (await renew(undefined));
      let response: AxiosResponse<unknown>;
      try {
        response = await send(method, path, body, { 'OAuth-Token': used.access_token });
      } catch (error) {
        if (!idempotent || attempt >= options.maxAttempts) throw error;
        await sleep(delayOf(attempt, undefined));
        continue;
      }
      const { status } = response;
      if (status >= 200 && status < 300) return response.data as T;
      if (status === 301) throw versionError(options, response);
      if (status === 401 && errorBody(response).error === 'invalid_grant' && !refreshed) {
        refreshed = true;
        await renew(used);
        attempt--;
        continue;
      }
      if (RETRYABLE.has(status) && (idempotent || status === 429) && attempt < options.maxAttempts) {
        await sleep(delayOf(attempt, response));
        continue;
      }
      const where = `SugarCRM ${method} ${path.split('?')[0] ?? path}`;
      if (status === 401) {
        throw new ConnectorError('CRM_AUTH_EXPIRED', `${where} was refused: ${describeError(response, secrets())}.`, {
          actions: ['Log in again; check that the user is active and the platform is registered.'],
        });
      }
      if (status === 429) {
        throw new ConnectorError('CRM_LIMIT_EXCEEDED', `${where} was rate-limited ${attempt} times in a row.`, {
          actions: ['Run the sync again later, or ask the Sugar admin about the API rate limit.'],
        });
      }
      throw new ConnectorError(
        'CRM_REQUEST_FAILED',
        `${where} failed with ${status} ${describeError(response, secrets())}.`,
        {
          actions: status >= 500 ? ['Retry later; the instance reported a server error.'] : [],
        },
      );
    }
  };

  token = await login();
  return {
    request,
    async bulk(requests, bulkOptions = {}) {
      const results: SugarBulkResult[] = [];
      for (let start = 0; start < requests.length; start += options.bulkSize) {
        const chunk = requests.slice(start, start + options.bulkSize).map((item) => ({
          method: item.method,
          url: `/${options.apiVersion}/${item.url}`,
          ...(item.data === undefined ? {} : { data: JSON.stringify(item.data) }),
        }));
        const answer = await request<{ status?: number; contents?: unknown }[]>(
          'POST',
          'bulk',
          { requests: chunk },
          bulkOptions,
        );
        for (const item of answer) results.push({ status: item.status ?? 0, contents: item.contents });
      }
      return results;
    },
    get calls() {
      return calls;
    },
    scrub: (text) => scrubCredentials(text, secrets()),
    async logout() {
      if (token === undefined) return;
      const used = token;
      token = undefined;
      try {
        await send('POST', 'oauth2/logout', { token: used.access_token }, { 'OAuth-Token': used.access_token });
      } catch (error) {
        // An instance that is gone has ended the session with it; the failure that matters was said before.
        if (!(error instanceof ConnectorError && error.code === 'CRM_UNREACHABLE')) throw error;
      }
    },
  };
}
