// Opens a jsforce connection the ways Salesforce admins already authenticate: an access token (from
// the environment), a refresh token, JWT bearer, or an `sf` CLI alias through @salesforce/core.
import { createSign } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import { Connection } from 'jsforce';
import { ConnectorError } from '../errors/connector-error.ts';
import type { DescribeCacheOptions } from './describe-cache.ts';
import type { SalesforceBudgetOptions, SalesforceRetryOptions } from './salesforce-client.ts';
import { wrapSalesforceError } from './salesforce-errors.ts';

/** The API version every call uses (pinned, so describe and SOQL behave the same in every org). */
export const SALESFORCE_API_VERSION = '62.0';

/** JWT bearer flow: a connected app's consumer key and the private key whose certificate it holds. */
export interface SalesforceJwtOptions {
  readonly clientId: string;
  readonly username: string;
  /** PEM file of the private key (or `privateKey`, the PEM itself). */
  readonly privateKeyFile?: string;
  readonly privateKey?: string;
  /** `https://login.salesforce.com`, `https://test.salesforce.com` or a My Domain URL. */
  readonly loginUrl?: string;
}

/** Options of {@link connectSalesforce}; give one way to authenticate. */
export interface ConnectSalesforceOptions {
  /** Instance URL and access token; default `SF_INSTANCE_URL` / `SF_ACCESS_TOKEN` from `env`. */
  readonly instanceUrl?: string;
  readonly accessToken?: string;
  /** With `clientId` (and `clientSecret` when the app has one): tokens refresh on expiry. */
  readonly refreshToken?: string;
  readonly clientId?: string;
  readonly clientSecret?: string;
  readonly loginUrl?: string;
  /** An `sf` CLI alias or username (auth stored by `sf org login web|jwt`), refreshed by @salesforce/core. */
  readonly aliasOrUsername?: string;
  readonly jwt?: SalesforceJwtOptions;
  /** Where `SF_INSTANCE_URL` / `SF_ACCESS_TOKEN` are read; default `process.env`. */
  readonly env?: Readonly<Record<string, string | undefined>>;
  readonly apiVersion?: string;
  readonly retry?: SalesforceRetryOptions;
  readonly budget?: SalesforceBudgetOptions;
  /** The clock for relative dates in SOQL and for watermarks; default `Date.now`. */
  readonly now?: () => number;
  /** Subtracted from a read's start to make its watermark; default 60 s. */
  readonly watermarkMarginMs?: number;
  /** Query page size (200..2000); default 2000. */
  readonly batchSize?: number;
  /**
   * An object whose query has more rows than this (the first REST page's `totalSize`) is read through a
   * Bulk API 2.0 query job instead of REST pages; default 50,000.
   */
  readonly bulkQueryThreshold?: number;
  /** Delay between Bulk API 2.0 job status polls (query and ingest jobs); default 2 s. */
  readonly bulkPollIntervalMs?: number;
  /**
   * Tasks (or events) of one object in one write from which they are upserted through a Bulk API 2.0
   * ingest job instead of sObject Collections; default 2,000.
   */
  readonly bulkWriteThreshold?: number;
  /** Delay before the first row-lock retry of a write; default 500 ms. */
  readonly rowLockDelayMs?: number;
  /** Keep describe results on disk between runs (default: only for this connector's life). */
  readonly describeCache?: DescribeCacheOptions;
  /**
   * Told of what the run worked around (each code once per connector), e.g. `CJ_QUEUE_OWNER`: actions
   * meant for a queue went to the running user. Default: `process.emitWarning`.
   */
  readonly onWarning?: (warning: { readonly code: string; readonly message: string }) => void;
}

/** A connection and the secrets that must never appear in a message. */
export interface OpenedConnection {
  readonly connection: Connection;
  readonly secrets: readonly string[];
}

function signJwt(options: SalesforceJwtOptions, privateKey: string, audience: string): string {
  const part = (value: object): string => Buffer.from(JSON.stringify(value)).toString('base64url');
  const claims = {
    iss: options.clientId,
    sub: options.username,
    aud: audience,
    exp: Math.floor(Date.now() / 1000) + 180,
  };
  const unsigned = `${part({ alg: 'RS256', typ: 'JWT' })}.${part(claims)}`;
  return `${unsigned}.${createSign('RSA-SHA256').update(unsigned).sign(privateKey, 'base64url')}`;
}

async function openJwt(options: SalesforceJwtOptions, version: string): Promise<OpenedConnection> {
  const privateKey =
    options.privateKey ?? (options.privateKeyFile ? await readFile(options.privateKeyFile, 'utf8') : '');
  if (privateKey === '') {
    throw new ConnectorError('CRM_AUTH_EXPIRED', 'JWT bearer login needs the private key.', {
      actions: ['Pass jwt.privateKeyFile: the key whose certificate the connected app holds.'],
    });
  }
  const loginUrl = options.loginUrl ?? 'https://login.salesforce.com';
  const grant = () => ({
    grant_type: 'urn:ietf:params:oauth:grant-type:jwt-bearer',
    assertion: signJwt(options, privateKey, loginUrl),
  });
  // The JWT flow has no refresh token: on a 401, sign a fresh assertion.
  const connection: Connection = new Connection({
    loginUrl,
    version,
    refreshFn: (conn, callback) => {
      conn.authorize(grant()).then(
        () => {
          callback(null, conn.accessToken ?? undefined);
        },
        (error: unknown) => {
          callback(error instanceof Error ? error : new Error(String(error)));
        },
      );
    },
  });
  await connection.authorize(grant());
  return { connection, secrets: [privateKey] };
}

async function openAlias(aliasOrUsername: string, version: string): Promise<OpenedConnection> {
  const { Org } = await import('@salesforce/core');
  const org = await Org.create({ aliasOrUsername });
  // @salesforce/core's Connection extends jsforce's (as @jsforce/jsforce-node): same code, own type copy.
  const connection = org.getConnection(version) as unknown as Connection;
  return { connection, secrets: [connection.accessToken ?? ''] };
}

/** Opens the connection; credentials stay out of every error. */
export async function openSalesforceConnection(options: ConnectSalesforceOptions): Promise<OpenedConnection> {
  const version = options.apiVersion ?? SALESFORCE_API_VERSION;
  const secrets = [options.accessToken, options.refreshToken, options.clientSecret].filter(
    (value): value is string => typeof value === 'string',
  );
  try {
    if (options.jwt) return await openJwt(options.jwt, version);
    if (options.aliasOrUsername !== undefined) return await openAlias(options.aliasOrUsername, version);
    const env = options.env ?? process.env;
    const instanceUrl = options.instanceUrl ?? env['SF_INSTANCE_URL'];
    const accessToken = options.accessToken ?? env['SF_ACCESS_TOKEN'];
    if (instanceUrl === undefined || (accessToken === undefined && options.refreshToken === undefined)) {
      throw new ConnectorError('CRM_AUTH_EXPIRED', 'No Salesforce credentials were given.', {
        actions: [
          'Set SF_INSTANCE_URL and SF_ACCESS_TOKEN, pass an sf CLI alias (--org), or configure a JWT connected app.',
        ],
      });
    }
    if (accessToken !== undefined) secrets.push(accessToken);
    const oauth2 =
      options.refreshToken !== undefined && options.clientId !== undefined
        ? {
            clientId: options.clientId,
            loginUrl: options.loginUrl ?? instanceUrl,
            ...(options.clientSecret === undefined ? {} : { clientSecret: options.clientSecret }),
          }
        : undefined;
    const connection = new Connection({
      instanceUrl,
      version,
      ...(accessToken === undefined ? {} : { accessToken }),
      ...(oauth2 === undefined ? {} : { oauth2, refreshToken: options.refreshToken }),
    });
    return { connection, secrets };
  } catch (error) {
    throw wrapSalesforceError(error, 'connecting', secrets, options.instanceUrl ?? options.loginUrl);
  }
}
