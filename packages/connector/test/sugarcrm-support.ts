// Shared by the Sugar sandbox tests: a settable clock and an axios client that logs in with the password
// grant and refreshes its token on `invalid_grant`, as the connector's Sugar adapter will.
import axios, { type AxiosInstance, type AxiosResponse, type InternalAxiosRequestConfig } from 'axios';
import type { Sandbox } from '@crm-journey/sandbox';

/** The evaluation time of the bundled snapshots. */
export const AS_OF = Date.parse('2026-11-20T12:00:00Z');

/** A clock tests move by hand. */
export interface TestClock {
  readonly now: () => number;
  advance(ms: number): void;
}

/** A clock starting at `start` (default {@link AS_OF}). */
export function testClock(start = AS_OF): TestClock {
  let time = start;
  return {
    now: () => time,
    advance(ms) {
      time += ms;
    },
  };
}

/** A list page of the filter API. */
export interface SugarPage {
  readonly next_offset: number;
  readonly records: readonly SugarRow[];
}

/** One record in a response. */
export type SugarRow = Readonly<Record<string, unknown>>;

/** Sugar's error body. */
export interface SugarErrorBody {
  readonly error: string;
  readonly error_message: string;
}

/** The token response of `POST /oauth2/token`. */
export interface SugarToken {
  readonly access_token: string;
  readonly refresh_token: string;
  readonly expires_in: number;
  readonly refresh_expires_in: number;
  readonly token_type: string;
  readonly scope: null;
  readonly download_token: string;
}

/** A logged-in client: axios on `/rest/v11` that never throws on an HTTP status. */
export interface SugarClient {
  readonly http: AxiosInstance;
  /** Token refreshes done after `invalid_grant`. */
  readonly refreshes: number;
  readonly token: SugarToken;
}

/** The body of a password grant for the sandbox's user. */
export function passwordGrant(sugar: Sandbox, platform = 'base'): Record<string, string> {
  return {
    grant_type: 'password',
    client_id: 'sugar',
    client_secret: '',
    username: sugar.username,
    password: sugar.password,
    platform,
  };
}

type RetriedConfig = InternalAxiosRequestConfig & { retried?: boolean };

/**
 * Logs in and returns a client whose requests carry `OAuth-Token`; on a 401 `invalid_grant` it uses the
 * refresh token once and repeats the request.
 */
export async function connectSugar(sugar: Sandbox, options: { readonly refresh?: boolean } = {}): Promise<SugarClient> {
  const base = `${sugar.url}/rest/v11`;
  let token = (await axios.post<SugarToken>(`${base}/oauth2/token`, passwordGrant(sugar))).data;
  let refreshes = 0;
  const http = axios.create({ baseURL: base, validateStatus: () => true });
  http.interceptors.request.use((config) => {
    config.headers.set('OAuth-Token', token.access_token);
    return config;
  });
  http.interceptors.response.use(async (response: AxiosResponse<unknown>) => {
    const config = response.config as RetriedConfig;
    const body = response.data as Partial<SugarErrorBody> | undefined;
    if (options.refresh === false || response.status !== 401 || body?.error !== 'invalid_grant' || config.retried) {
      return response;
    }
    const refreshed = await axios.post<SugarToken>(`${base}/oauth2/token`, {
      grant_type: 'refresh_token',
      refresh_token: token.refresh_token,
      client_id: 'sugar',
      client_secret: '',
      platform: 'base',
    });
    token = refreshed.data;
    refreshes++;
    config.retried = true;
    return http.request(config);
  });
  return {
    http,
    get refreshes() {
      return refreshes;
    },
    get token() {
      return token;
    },
  };
}

/** Pages through a filter with `offset = next_offset` until -1; returns the records and the pages seen. */
export async function fetchAll(
  client: SugarClient,
  path: string,
  body: Readonly<Record<string, unknown>>,
): Promise<{ readonly records: SugarRow[]; readonly pages: number }> {
  const records: SugarRow[] = [];
  let offset = 0;
  let pages = 0;
  while (offset !== -1) {
    const response = await client.http.post<SugarPage>(path, { ...body, offset });
    if (response.status !== 200)
      throw new Error(`${path}: ${String(response.status)} ${JSON.stringify(response.data)}`);
    records.push(...response.data.records);
    offset = response.data.next_offset;
    pages++;
  }
  return { records, pages };
}
