import { readdirSync, readFileSync } from 'node:fs';
import { createServer, type IncomingHttpHeaders, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import {
  DEFAULT_AS_OF,
  generatePopulation,
  startSalesforceSandbox,
  startSugarSandbox,
  toSalesforceRecords,
  toSugarRecords,
  type Sandbox,
} from '@crm-journey/sandbox';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { repoFile } from './repo-context.ts';
import { runCliInProcess } from './run-cli-in-process.ts';
import { secretSpellings } from './secret-spellings.ts';
import { testTempDir } from './temp-dir.ts';

// A gateway in front of the CRM that passes reads through but fails every write item with a body quoting
// the credentials it saw (the Sugar password of the login, the session token of the call): no secret may
// reach the write failures, the CLI's output, its logs or the state file that keeps the failures for retry.
// Neither token matches a credential pattern, so only the connector's known-secret scrub can remove them.
const SUGAR_PASSWORD = 'Sug@r Wr1te/+=%&"echoed"';
const SF_TOKEN = 'sandbox/Write+Echoed=Token0123456789';

function expectClean(where: string, text: string, secret: string): void {
  for (const form of secretSpellings(secret))
    expect(text.includes(form), `${where} holds ${JSON.stringify(form)}:\n${text.slice(0, 4000)}`).toBe(false);
}

/** Every file of the state directory (the database and its WAL), as bytes. */
function stateBytes(dir: string): string {
  return readdirSync(dir, { recursive: true, withFileTypes: true })
    .filter((entry) => entry.isFile())
    .map((entry) => readFileSync(join(entry.parentPath, entry.name)).toString('latin1'))
    .join('\n');
}

/** What the gateway says about a request it refused: every credential it saw, raw and URL-encoded. */
const echo = (seen: readonly string[]): string =>
  `Rejected by policy; request credentials: ${seen.map((value) => `${value} (${encodeURIComponent(value)})`).join(', ')}`;

/** The gateway's own answer to a call it refuses without forwarding it, or undefined to forward. */
type Refuse = (path: string, method: string, body: unknown, seen: readonly string[]) => unknown;

/** A loopback gateway forwarding to `target`, except the calls `refuse` answers itself (they never reach the CRM). */
async function gateway(target: string, refuse: Refuse): Promise<{ url: string; server: Server }> {
  const seen = new Set<string>();
  const server = createServer((request, response) => {
    let raw = '';
    request.on('data', (chunk: Buffer) => (raw += chunk.toString()));
    request.on('end', () => {
      void (async () => {
        const headers = request.headers as IncomingHttpHeaders & Record<string, string>;
        for (const name of ['oauth-token', 'authorization'])
          if (typeof headers[name] === 'string') seen.add(headers[name].replace(/^Bearer /, ''));
        const body: unknown = raw.startsWith('{') || raw.startsWith('[') ? JSON.parse(raw) : undefined;
        if (/oauth2\/token/.test(request.url ?? '') && typeof body === 'object' && body !== null)
          for (const value of [(body as Record<string, unknown>)['password']])
            if (typeof value === 'string' && value !== '') seen.add(value);
        const method = request.method ?? 'GET';
        const refused = refuse(request.url ?? '/', method, body, [...seen]);
        if (refused !== undefined) {
          response.writeHead(200, { 'content-type': 'application/json' });
          response.end(JSON.stringify(refused));
          return;
        }
        const forwarded = Object.fromEntries(
          Object.entries(headers).filter(([name]) => !['host', 'content-length', 'connection'].includes(name)),
        );
        const answer = await fetch(target + (request.url ?? '/'), {
          method,
          headers: forwarded,
          ...(raw === '' ? {} : { body: raw }),
        });
        const text = await answer.text();
        response.writeHead(answer.status, { 'content-type': answer.headers.get('content-type') ?? 'text/plain' });
        response.end(text);
      })().catch((error: unknown) => {
        response.writeHead(502);
        response.end(String(error));
      });
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return { url: `http://127.0.0.1:${String((server.address() as AddressInfo).port)}`, server };
}

/** Sugar: a `/bulk` of creates or updates gets a 500 with the echo for each. */
const sugarWrites: Refuse = (path, _method, body, seen) => {
  if (!path.endsWith('/bulk')) return undefined;
  const sent = (body as { requests: { method: string; url: string }[] }).requests;
  const write = (sub: { method: string; url: string }): boolean =>
    sub.method === 'PUT' || (sub.method === 'POST' && !/\/filter/.test(sub.url));
  if (!sent.every(write)) return undefined;
  return sent.map(() => ({ status: 500, contents: { error: 'fatal_error', error_message: echo(seen) } }));
};

/** Salesforce: an sObject Collections save gets a validation error quoting the echo for each record. */
const salesforceWrites: Refuse = (path, method, body, seen) => {
  if (method !== 'PATCH' || !path.includes('/composite/sobjects')) return undefined;
  return (body as { records: unknown[] }).records.map(() => ({
    success: false,
    errors: [{ statusCode: 'FIELD_CUSTOM_VALIDATION_EXCEPTION', message: echo(seen), fields: [] }],
  }));
};

const sandboxes: Sandbox[] = [];
const servers: Server[] = [];
let sugarUrl = '';
let salesforceUrl = '';
beforeAll(async () => {
  const population = () => generatePopulation({ customers: 8, seed: 7 });
  const sugar = await startSugarSandbox({
    records: toSugarRecords(population()),
    username: 'admin',
    password: SUGAR_PASSWORD,
    now: () => DEFAULT_AS_OF,
  });
  const salesforce = await startSalesforceSandbox({
    records: toSalesforceRecords(population()),
    accessToken: SF_TOKEN,
    now: () => DEFAULT_AS_OF,
  });
  sandboxes.push(sugar, salesforce);
  const sugarGateway = await gateway(sugar.url, sugarWrites);
  const salesforceGateway = await gateway(salesforce.url, salesforceWrites);
  servers.push(sugarGateway.server, salesforceGateway.server);
  sugarUrl = sugarGateway.url;
  salesforceUrl = salesforceGateway.url;
});
afterAll(async () => {
  for (const server of servers.splice(0)) {
    server.closeAllConnections();
    await new Promise<void>((resolve) =>
      server.close(() => {
        resolve();
      }),
    );
  }
  for (const sandbox of sandboxes.splice(0)) await sandbox.close();
});

describe.each([
  {
    crm: 'SugarCRM',
    secret: SUGAR_PASSWORD,
    flags: () => [
      '--journey',
      repoFile('journeys', 'sugarcrm-b2b.yaml'),
      '--sugar-url',
      sugarUrl,
      '--sugar-user',
      'admin',
      '--sugar-password',
      SUGAR_PASSWORD,
    ],
  },
  {
    crm: 'Salesforce',
    secret: SF_TOKEN,
    flags: () => [
      '--journey',
      repoFile('journeys', 'salesforce-b2b.yaml'),
      '--instance-url',
      salesforceUrl,
      '--access-token',
      SF_TOKEN,
    ],
  },
])('a gateway echoing credentials in $crm write failures', ({ secret, flags }) => {
  it.each([[], ['--json'], ['--verbose']])(
    'no secret in the failures, the output, the logs or the state (%s)',
    async (...extra) => {
      const dir = testTempDir('cj-echo-write-');
      const run = await runCliInProcess([
        'sync',
        '--once',
        ...flags(),
        '--as-of',
        new Date(DEFAULT_AS_OF).toISOString(),
        '--state',
        join(dir, 'state.sqlite'),
        ...extra,
      ]);
      const output = run.stdout + run.stderr;
      // The writes did fail with the gateway's answer, which the run reports (scrubbed).
      expect(output, output).toContain('Rejected by policy');
      expect(output).toContain('[redacted]');
      expectClean('the CLI output', output, secret);
      expectClean('the state file', stateBytes(dir), secret);
    },
  );
});
