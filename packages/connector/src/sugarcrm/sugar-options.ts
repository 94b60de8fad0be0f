import { ConnectorError } from '../errors/connector-error.ts';

/** How to reach and log in to a SugarCRM instance. */
export interface SugarConnectOptions {
  /** Site URL, e.g. `https://acme.sugarondemand.com` (env `SUGAR_URL`). */
  readonly url?: string;
  /** env `SUGAR_USERNAME`. */
  readonly username?: string;
  /** env `SUGAR_PASSWORD`. */
  readonly password?: string;
  /** OAuth client id; default `sugar` (env `SUGAR_CLIENT_ID`). */
  readonly clientId?: string;
  /** OAuth client secret; default '' (the `sugar` client has none). */
  readonly clientSecret?: string;
  /** API platform, which must be registered in the instance; default `crm-journey` (env `SUGAR_PLATFORM`). */
  readonly platform?: string;
  /** The pinned REST version segment; default `v11_4` (Sugar 8.1 and later serve it). */
  readonly apiVersion?: string;
  /** Cap of `max_num`; the instance's `max_list_limit` (default 1000) also caps it. */
  readonly maxListLimit?: number;
  /** Attempts per request on 429 / 5xx (the first included); default 5. */
  readonly maxAttempts?: number;
  /** First backoff delay, doubled per attempt; default 500 ms. */
  readonly baseDelayMs?: number;
  /** Longest wait between attempts, Retry-After included; default 60 s. */
  readonly maxDelayMs?: number;
  /** Sub-requests per `/bulk` call; default 100. */
  readonly bulkSize?: number;
  /**
   * Our clock, for the watermark when the instance does not tell its own time (`GET /ping/whattimeisit`);
   * default `Date.now`.
   */
  readonly now?: () => number;
  /**
   * Subtracted from a read's start (the instance's clock) to make its watermark; default 60 s. It covers
   * records saved during a slow request that commit after our read began, and, when our clock stands in
   * for the instance's, the skew between the two. Sugar stamps `date_modified` to the second.
   */
  readonly watermarkMarginMs?: number;
  /** Environment to read `SUGAR_*` from; default `process.env`. */
  readonly env?: Readonly<Record<string, string | undefined>>;
}

/** Options with every default applied and the credentials checked. */
export interface ResolvedSugarOptions {
  readonly url: string;
  readonly username: string;
  readonly password: string;
  readonly clientId: string;
  readonly clientSecret: string;
  readonly platform: string;
  readonly apiVersion: string;
  readonly maxListLimit: number;
  readonly maxAttempts: number;
  readonly baseDelayMs: number;
  readonly maxDelayMs: number;
  readonly bulkSize: number;
  readonly now: () => number;
  readonly watermarkMarginMs: number;
}

// The adapter runs on Node; reached through globalThis so the isomorphic typecheck needs no Node types.
const processEnv = (): Readonly<Record<string, string | undefined>> =>
  (globalThis as { process?: { env?: Record<string, string | undefined> } }).process?.env ?? {};

/** Applies defaults and `SUGAR_*` variables; throws CRM_AUTH_FAILED naming what is missing. */
export function resolveSugarOptions(options: SugarConnectOptions): ResolvedSugarOptions {
  const env = options.env ?? processEnv();
  const pick = (value: string | undefined, name: string): string => value ?? env[name] ?? '';
  const url = pick(options.url, 'SUGAR_URL').replace(/\/+$/, '');
  const username = pick(options.username, 'SUGAR_USERNAME');
  const password = pick(options.password, 'SUGAR_PASSWORD');
  const missing = [
    url === '' ? 'SUGAR_URL' : '',
    username === '' ? 'SUGAR_USERNAME' : '',
    password === '' ? 'SUGAR_PASSWORD' : '',
  ].filter((name) => name !== '');
  if (missing.length > 0) {
    throw new ConnectorError('CRM_AUTH_FAILED', `SugarCRM connection is missing ${missing.join(', ')}.`, {
      actions: ['Pass --url, --username and --password, or set SUGAR_URL, SUGAR_USERNAME and SUGAR_PASSWORD.'],
    });
  }
  return {
    url,
    username,
    password,
    clientId: pick(options.clientId, 'SUGAR_CLIENT_ID') || 'sugar',
    clientSecret: options.clientSecret ?? '',
    platform: pick(options.platform, 'SUGAR_PLATFORM') || 'crm-journey',
    apiVersion: options.apiVersion ?? 'v11_4',
    maxListLimit: Math.max(1, Math.min(options.maxListLimit ?? 1000, 1000)),
    maxAttempts: Math.max(1, options.maxAttempts ?? 5),
    baseDelayMs: options.baseDelayMs ?? 500,
    maxDelayMs: options.maxDelayMs ?? 60_000,
    bulkSize: Math.max(1, options.bulkSize ?? 100),
    now: options.now ?? Date.now,
    watermarkMarginMs: Math.max(0, options.watermarkMarginMs ?? 60_000),
  };
}
