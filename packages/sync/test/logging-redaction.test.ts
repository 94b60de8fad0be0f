import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  DEFAULT_AS_OF,
  generatePopulation,
  startSalesforceSandbox,
  toSalesforceRecords,
  type Sandbox,
} from '@crm-journey/sandbox';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCli } from '../src/cli/run-cli.ts';
import { createLogger } from '../src/logging/create-logger.ts';
import { repoFile } from './repo-context.ts';
import { testTempDir } from './temp-dir.ts';

const ACCESS_TOKEN = '00DRD0000000abcDEF!AQEAQredactme.Token_value';
const journeyFile = repoFile('journeys', 'salesforce-b2b.yaml');

function lines(format: 'json' | 'pretty', secrets: string[] = []) {
  const out: string[] = [];
  const { logger, secrets: known } = createLogger({
    output: { write: (line: string) => out.push(line) },
    format,
    level: 'debug',
    secrets,
  });
  return { logger, known, text: () => out.join('') };
}

describe('log redaction', () => {
  it('redacts secret keys, known secrets in any text, and recognisable credentials', () => {
    const { logger, known, text } = lines('json', ['my-serve-token-123456']);
    logger.info(
      {
        target: { crm: 'salesforce', accessToken: 'plain-access-token-value' },
        req: { headers: { authorization: 'Bearer abc.def.ghi' } },
        password: 'hunter2-password',
        clientSecret: 'client-secret-value',
      },
      'using my-serve-token-123456',
    );
    logger.error(new Error('login failed: password=hunter3&user=x, Bearer 00DAB0000000001!XYZsecret'), 'failed');
    known.add('added-after-start-secret');
    logger.warn({ note: 'quoted "added-after-start-secret"' }, 'later');
    logger.debug({ pem: '-----BEGIN PRIVATE KEY-----\nMIIEv\n-----END PRIVATE KEY-----' }, 'key');
    const out = text();
    for (const secret of [
      'plain-access-token-value',
      'abc.def.ghi',
      'hunter2-password',
      'client-secret-value',
      'my-serve-token-123456',
      'hunter3',
      'XYZsecret',
      'added-after-start-secret',
      'MIIEv',
    ])
      expect(out).not.toContain(secret);
    const parsed = out
      .trim()
      .split('\n')
      .map((line) => JSON.parse(line) as Record<string, unknown>);
    expect(parsed[0]).toMatchObject({
      level: 'info',
      msg: 'using [redacted]',
      target: { crm: 'salesforce', accessToken: '[redacted]' },
      password: '[redacted]',
    });
    expect(parsed).toHaveLength(4);
  });

  it('redacts in the human format too', () => {
    const { logger, text } = lines('pretty', ['pretty-secret-token']);
    logger.debug({ accessToken: 'x-secret-value' }, 'hello pretty-secret-token');
    expect(text()).toContain('hello [redacted]');
    expect(text()).not.toContain('x-secret-value');
  });
});

describe('sync logs', () => {
  let sandbox: Sandbox;
  beforeAll(async () => {
    sandbox = await startSalesforceSandbox({
      records: toSalesforceRecords(generatePopulation({ customers: 20, seed: 8 })),
      accessToken: ACCESS_TOKEN,
      now: () => DEFAULT_AS_OF,
    });
  });
  afterAll(async () => {
    await sandbox.close();
  });

  const run = async (extra: string[]) => {
    let stdout = '';
    let stderr = '';
    const state = join(testTempDir('cj-log-'), 'state.sqlite');
    const code = await runCli(
      [
        'sync',
        '--journey',
        journeyFile,
        '--instance-url',
        sandbox.url,
        '--access-token',
        ACCESS_TOKEN,
        '--once',
        '--state',
        state,
        ...extra,
      ],
      {
        cwd: tmpdir(),
        stdout: { write: (chunk: string) => (stdout += chunk) },
        stderr: { write: (chunk: string) => (stderr += chunk) },
      },
    );
    return { code, stdout, stderr };
  };

  it('never writes the access token given with --access-token, even at debug level', async () => {
    const { code, stdout, stderr } = await run(['--verbose', '--dry-run']);
    expect(code, stderr).toBe(0);
    expect(stdout + stderr).not.toContain(ACCESS_TOKEN);
    expect(stdout + stderr).not.toContain('redactme');
    // The debug line does carry the target; its token is censored.
    expect(stderr).toMatch(/connecting[\s\S]*"accessToken": "\[redacted\]"/);
    expect(stdout).toContain('Dry run of salesforce-b2b');
  });

  it('logs JSON lines on stderr off a terminal, and keeps --json stdout one JSON object', async () => {
    const { code, stdout, stderr } = await run(['--json']);
    expect(code, stderr).toBe(0);
    const summary = JSON.parse(stdout) as { customers: number };
    expect(summary.customers).toBeGreaterThan(0);
    const logs = stderr
      .trim()
      .split('\n')
      .map((line) => JSON.parse(line) as { msg: string; customers?: number });
    // The token came as a flag: the first line warns that `ps` shows it (CJ_SECRET_ON_COMMAND_LINE).
    expect(logs.map((log) => log.msg)).toEqual([
      expect.stringContaining('--access-token is visible to every user'),
      'sync started',
      'sync run finished',
    ]);
    expect(logs[2]?.customers).toBe(summary.customers);
    expect(stdout + stderr).not.toContain(ACCESS_TOKEN);
  });
});
