import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { isConnectorError } from '@crm-journey/connector';
import { connectSalesforce } from '@crm-journey/connector/salesforce';
import { connectSugar } from '@crm-journey/connector/sugarcrm';
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
import { runCli } from '../src/cli/run-cli.ts';
import { repoRoot } from './repo-context.ts';
import { testTempDir } from './temp-dir.ts';

// Credentials never reach stdout, stderr (logs included), the SQLite state files or error messages,
// in any form: as given, base64, base64url, URL-encoded, or inside a Basic authorization value.
const root = repoRoot();
const asOf = new Date(DEFAULT_AS_OF).toISOString();
const SF_TOKEN = '00Dreliab!SFtokenQ7zX9kLmN3pR5tV8wY2';
const SF_WRONG_TOKEN = '00Dreliab!WrongTokenH4jK6mP8qS1uW3';
const SUGAR_USER = 'reliability-admin';
const SUGAR_PASSWORD = 'Sug@r P4ss/+=%&secret';
const SUGAR_WRONG_PASSWORD = 'Wr0ng P4ss/+=%&secret';
const secrets = [SF_TOKEN, SF_WRONG_TOKEN, SUGAR_PASSWORD, SUGAR_WRONG_PASSWORD];

/** Every way a secret could be spelled in a log line or a file. */
function forms(secret: string): string[] {
  const bytes = Buffer.from(secret);
  return [
    secret,
    bytes.toString('base64'),
    bytes.toString('base64url'),
    encodeURIComponent(secret),
    new URLSearchParams({ s: secret }).toString().slice(2),
    Buffer.from(`${SUGAR_USER}:${secret}`).toString('base64'),
    JSON.stringify(secret).slice(1, -1),
    secret.slice(0, 12),
  ];
}

/** Fails naming the secret and where it was found. */
function expectNoSecrets(where: string, text: string): void {
  for (const secret of secrets)
    for (const form of forms(secret))
      expect(text.includes(form), `${where} contains a form of ${secret}: ${form}`).toBe(false);
}

/**
 * Every file the state directory holds (the database, its WAL and shared-memory files, the describe
 * cache), as bytes.
 */
function stateBytes(dir: string): string {
  return readdirSync(dir, { recursive: true, withFileTypes: true })
    .filter((entry) => entry.isFile())
    .map((entry) => readFileSync(join(entry.parentPath, entry.name)).toString('latin1'))
    .join('\n');
}

async function cli(args: string[], cwd: string): Promise<{ code: number; output: string }> {
  let output = '';
  const write = (chunk: string): boolean => {
    output += chunk;
    return true;
  };
  const code = await runCli(args, { cwd, stdout: { write }, stderr: { write } });
  return { code, output };
}

let salesforce: Sandbox;
let sugar: Sandbox;
beforeAll(async () => {
  const population = () => generatePopulation({ customers: 15, seed: 4 });
  salesforce = await startSalesforceSandbox({
    records: toSalesforceRecords(population()),
    accessToken: SF_TOKEN,
    now: () => DEFAULT_AS_OF,
  });
  sugar = await startSugarSandbox({
    records: toSugarRecords(population()),
    username: SUGAR_USER,
    password: SUGAR_PASSWORD,
    now: () => DEFAULT_AS_OF,
  });
});
afterAll(async () => {
  await salesforce.close();
  await sugar.close();
});

const salesforceFlags = (token: string): string[] => [
  '--journey',
  join(root, 'journeys', 'salesforce-b2b.yaml'),
  '--instance-url',
  salesforce.url,
  '--access-token',
  token,
];
const sugarFlags = (password: string): string[] => [
  '--journey',
  join(root, 'journeys', 'sugarcrm-b2b.yaml'),
  '--sugar-url',
  sugar.url,
  '--sugar-user',
  SUGAR_USER,
  '--sugar-password',
  password,
];

describe.each([
  { crm: 'Salesforce', good: () => salesforceFlags(SF_TOKEN), bad: () => salesforceFlags(SF_WRONG_TOKEN) },
  { crm: 'SugarCRM', good: () => sugarFlags(SUGAR_PASSWORD), bad: () => sugarFlags(SUGAR_WRONG_PASSWORD) },
])('secrets in $crm syncs', ({ good, bad }) => {
  it.each([
    { name: 'human output', extra: [] as string[] },
    { name: '--json', extra: ['--json'] },
    { name: 'a dry run', extra: ['--dry-run'] },
    { name: 'verbose logs', extra: ['--verbose'] },
  ])('stay out of the output and the state file: $name', async ({ extra }) => {
    const dir = testTempDir('cj-secrets-');
    const common = ['--once', '--state', join(dir, 'state.sqlite'), '--as-of', asOf, ...extra];
    const first = await cli(['sync', ...good(), ...common], dir);
    expect(first.code, first.output).toBe(0);
    const again = await cli(['sync', ...good(), ...common], dir);
    expect(again.code, again.output).toBe(0);
    expectNoSecrets('the output', first.output + again.output);
    expectNoSecrets('the state file', stateBytes(dir));
  });

  it.each([
    { name: 'human output', extra: [] as string[] },
    { name: '--json', extra: ['--json'] },
  ])('stay out of an authentication failure: $name', async ({ extra }) => {
    const dir = testTempDir('cj-secrets-');
    const { code, output } = await cli(
      ['sync', ...bad(), '--once', '--state', join(dir, 'state.sqlite'), '--as-of', asOf, ...extra],
      dir,
    );
    expect(code).toBe(1);
    expect(output).toMatch(/error CRM_AUTH_(EXPIRED|FAILED)/);
    expectNoSecrets('the output', output);
    expectNoSecrets('the state directory', stateBytes(dir));
  });
});

describe('secrets in thrown errors', () => {
  /** The message, the causes' messages and every enumerable property, as one text. */
  const everything = (error: unknown): string => {
    const parts: string[] = [];
    for (let current = error, depth = 0; current !== undefined && current !== null && depth < 6; depth++) {
      parts.push(
        current instanceof Error ? `${current.name}: ${current.message}` : JSON.stringify(current),
        JSON.stringify(current),
        (current as Error).stack ?? '',
      );
      current = (current as { cause?: unknown }).cause;
    }
    return parts.join('\n');
  };

  it('a wrong Salesforce token: CRM_AUTH_EXPIRED without the token', async () => {
    const error: unknown = await (async () => {
      const connector = await connectSalesforce({ instanceUrl: salesforce.url, accessToken: SF_WRONG_TOKEN });
      await connector.close();
    })().catch((caught: unknown) => caught);
    expect(isConnectorError(error), String(error)).toBe(true);
    expectNoSecrets('the error', everything(error));
  });

  it('a wrong Sugar password: CRM_AUTH_FAILED without the password', async () => {
    const error: unknown = await connectSugar({
      url: sugar.url,
      username: SUGAR_USER,
      password: SUGAR_WRONG_PASSWORD,
      baseDelayMs: 1,
      maxDelayMs: 5,
    }).catch((caught: unknown) => caught);
    expect(isConnectorError(error), String(error)).toBe(true);
    expectNoSecrets('the error', everything(error));
  });

  it('an unreachable CRM: the error names the URL, never the password', async () => {
    const error: unknown = await connectSugar({
      url: 'http://127.0.0.1:9',
      username: SUGAR_USER,
      password: SUGAR_PASSWORD,
      baseDelayMs: 1,
      maxDelayMs: 5,
    }).catch((caught: unknown) => caught);
    expect(isConnectorError(error), String(error)).toBe(true);
    expectNoSecrets('the error', everything(error));
  });
});
