import { generateKeyPairSync } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { isConnectorError } from '@crm-journey/connector';
import { connectSalesforce } from '@crm-journey/connector/salesforce';
import { connectSugar } from '@crm-journey/connector/sugarcrm';
import { afterEach, describe, expect, it } from 'vitest';
import { repoFile } from './repo-context.ts';
import { runCliInProcess } from './run-cli-in-process.ts';
import { secretSpellings } from './secret-spellings.ts';

// A gateway in front of the CRM that answers the login with a 400 or 401 quoting the request it got
// (its password, client secret, refresh token or JWT assertion): no credential reaches the error,
// its cause, the CLI's output or its logs, in any spelling.
const SUGAR_PASSWORD = 'Sug@r P4ss/+=%&"echoed"';
const REFRESH_TOKEN = '5Aep861echoedRefreshTokenZ9x8c7v6';
const CLIENT_SECRET = 'Echoed/Client+Secret=0123456789';
const ACCESS_TOKEN = '00Dechoed00000001!AQoAQEchoedAccessToken';
const { privateKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
const PRIVATE_KEY = privateKey.export({ type: 'pkcs8', format: 'pem' }).toString();

function expectClean(where: string, text: string, secrets: readonly string[]): void {
  for (const secret of secrets)
    for (const form of secretSpellings(secret))
      expect(text.includes(form), `${where} holds ${JSON.stringify(form)}:\n${text}`).toBe(false);
  // A JWT assertion is signed with the private key and must not be replayable from a log either.
  expect(text, where).not.toMatch(/eyJ[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+/);
}

/** Everything an error carries, as text: message, actions, cause (and its cause), own fields. */
function errorText(error: unknown): string {
  const parts: string[] = [];
  for (let current = error, depth = 0; current !== undefined && depth < 4; depth++) {
    if (!(current instanceof Error)) {
      parts.push(JSON.stringify(current));
      break;
    }
    parts.push(String(current), JSON.stringify(current), current.stack ?? '');
    current = current.cause;
  }
  if (isConnectorError(error)) parts.push(...error.actions);
  return parts.join('\n');
}

const servers: Server[] = [];
afterEach(async () => {
  for (const server of servers.splice(0))
    await new Promise<void>((resolve) => {
      server.closeAllConnections();
      server.close(() => {
        resolve();
      });
    });
});

/**
 * A gateway that answers every token request with `status` and a body quoting the request: raw, as a
 * form, JSON-escaped the way PHP does, and its values alone; any other Salesforce call gets 401 INVALID_SESSION_ID.
 */
async function echoingGateway(status: 400 | 401): Promise<string> {
  const server = createServer((request, response) => {
    let raw = '';
    request.on('data', (chunk: Buffer) => (raw += chunk.toString()));
    request.on('end', () => {
      response.setHeader('content-type', 'application/json');
      if (!/oauth2\/token/.test(request.url ?? '')) {
        response.writeHead(401);
        response.end(JSON.stringify([{ errorCode: 'INVALID_SESSION_ID', message: 'Session expired or invalid' }]));
        return;
      }
      const fields = raw.startsWith('{')
        ? (JSON.parse(raw) as Record<string, string>)
        : Object.fromEntries(new URLSearchParams(raw));
      const values = Object.values(fields).map((value) => JSON.stringify(value).replaceAll('/', '\\/'));
      const quoted = `request: ${raw} | form: ${new URLSearchParams(fields).toString()} | php: ${JSON.stringify(raw).replaceAll('/', '\\/')} | values: ${values.join(', ')}`;
      response.writeHead(status);
      response.end(
        JSON.stringify({
          error: status === 401 ? 'invalid_grant' : 'invalid_request',
          error_message: quoted,
          error_description: quoted,
        }),
      );
    });
  });
  servers.push(server);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return `http://127.0.0.1:${String((server.address() as AddressInfo).port)}`;
}

describe.each([400, 401] as const)('a gateway echoing the login in a %i', (status) => {
  it('Sugar: the password is in no error, message or CLI output', async () => {
    const url = await echoingGateway(status);
    const error: unknown = await connectSugar({ url, username: 'admin', password: SUGAR_PASSWORD, env: {} }).catch(
      (caught: unknown) => caught,
    );
    expect(isConnectorError(error, 'CRM_AUTH_FAILED'), String(error)).toBe(true);
    expect((error as Error).message).toContain('refused the login of "admin"');
    expectClean('the error', errorText(error), [SUGAR_PASSWORD]);

    const dir = mkdtempSync(join(tmpdir(), 'cj-echo-'));
    try {
      for (const extra of [[], ['--json'], ['--verbose']]) {
        const run = await runCliInProcess([
          'sync',
          '--once',
          '--journey',
          repoFile('journeys', 'sugarcrm-b2b.yaml'),
          '--sugar-url',
          url,
          '--sugar-user',
          'admin',
          '--sugar-password',
          SUGAR_PASSWORD,
          '--state',
          join(dir, 'state.sqlite'),
          ...extra,
        ]);
        expect(run.code).toBe(1);
        expect(run.stderr).toContain('CRM_AUTH_FAILED');
        expectClean('the CLI output', run.stdout + run.stderr, [SUGAR_PASSWORD]);
      }
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('Salesforce refresh: the refresh token, client secret and access token are in no error', async () => {
    const url = await echoingGateway(status);
    const error: unknown = await connectSalesforce({
      instanceUrl: url,
      loginUrl: url,
      accessToken: ACCESS_TOKEN,
      refreshToken: REFRESH_TOKEN,
      clientId: 'echo-client',
      clientSecret: CLIENT_SECRET,
      env: {},
      retry: { attempts: 2, baseDelayMs: 1 },
    }).catch((caught: unknown) => caught);
    expect(isConnectorError(error), String(error)).toBe(true);
    expectClean('the error', errorText(error), [REFRESH_TOKEN, CLIENT_SECRET, ACCESS_TOKEN]);
  });

  it('Salesforce JWT: the assertion and the key are in no error', async () => {
    const url = await echoingGateway(status);
    const error: unknown = await connectSalesforce({
      jwt: { clientId: 'echo-client', username: 'admin@echo.test', privateKey: PRIVATE_KEY, loginUrl: url },
      env: {},
    }).catch((caught: unknown) => caught);
    expect(isConnectorError(error), String(error)).toBe(true);
    expectClean('the error', errorText(error), [PRIVATE_KEY]);
  });
});
