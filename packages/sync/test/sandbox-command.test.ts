import type { ChildProcessWithoutNullStreams } from 'node:child_process';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { spawnCli } from './cli-process.ts';
import { testTempDir } from './temp-dir.ts';

const running: ChildProcessWithoutNullStreams[] = [];

/** Starts `crm-journey sandbox` as a real child process and waits for its URL. */
async function startSandbox(
  args: string[],
): Promise<{ child: ChildProcessWithoutNullStreams; url: string; output: () => string }> {
  const { child, output } = spawnCli(['sandbox', '--port', '0', ...args], { env: { INIT_CWD: process.cwd() } });
  running.push(child);
  const deadline = Date.now() + 20_000;
  while (!/Press Ctrl-C to stop/.test(output())) {
    if (Date.now() > deadline || child.exitCode !== null) throw new Error(`sandbox did not start:\n${output()}`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  const url = /at (http:\/\/127\.0\.0\.1:\d+)/.exec(output())?.[1] ?? '';
  return { child, url, output };
}

function stop(child: ChildProcessWithoutNullStreams): Promise<number | null> {
  return new Promise((resolve) => {
    child.once('exit', (code) => {
      resolve(code);
    });
    child.kill('SIGTERM');
  });
}

afterEach(() => {
  for (const child of running.splice(0)) if (child.exitCode === null) child.kill('SIGKILL');
});

describe('crm-journey sandbox', () => {
  it('serves a Salesforce org with generated customers and the fixed token, and stops cleanly', async () => {
    const { child, url, output } = await startSandbox(['--customers', '30', '--token', 'test-token', '--seed', '7']);
    expect(output()).toContain('Salesforce sandbox with 30 generated customers (seed 7)');
    const response = await fetch(
      `${url}/services/data/v62.0/query?q=${encodeURIComponent('SELECT COUNT() FROM Lead')}`,
      { headers: { authorization: 'Bearer test-token' } },
    );
    expect(response.status).toBe(200);
    expect(((await response.json()) as { totalSize: number }).totalSize).toBe(30);
    expect(
      (await fetch(`${url}/services/data/v62.0/sobjects`, { headers: { authorization: 'Bearer wrong' } })).status,
    ).toBe(401);
    expect(await stop(child)).toBe(0);
    expect(output()).toContain('Sandbox stopped.');
  }, 30_000);

  it('serves a SugarCRM instance with chosen credentials, and keeps its data in a file across restarts', async () => {
    const data = join(testTempDir('cj-sandbox-'), 'sugar.json');
    const login = async (url: string) => {
      const token = await fetch(`${url}/rest/v11/oauth2/token`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({
          grant_type: 'password',
          client_id: 'sugar',
          client_secret: '',
          username: 'consultant',
          password: 'secret',
          platform: 'base',
        }),
      });
      expect(token.status).toBe(200);
      return ((await token.json()) as { access_token: string }).access_token;
    };
    // The same instance twice: its data file is what carries the account across the restart.
    const flags = [
      '--crm',
      'sugarcrm',
      '--customers',
      '20',
      '--user',
      'consultant',
      '--password',
      'secret',
      '--data',
      data,
    ];
    const first = await startSandbox(flags);
    const token = await login(first.url);
    const created = await fetch(`${first.url}/rest/v11/Accounts`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'oauth-token': token },
      body: JSON.stringify({ name: 'Persisted GmbH' }),
    });
    const { id } = (await created.json()) as { id: string };
    expect(await stop(first.child)).toBe(0);

    const second = await startSandbox(flags);
    const again = await fetch(`${second.url}/rest/v11/Accounts/${id}`, {
      headers: { 'oauth-token': await login(second.url) },
    });
    expect(((await again.json()) as { name: string }).name).toBe('Persisted GmbH');
    expect(await stop(second.child)).toBe(0);
  }, 40_000);

  it('accepts only the OAuth client given with --client-id / --client-secret', async () => {
    const { child, url } = await startSandbox([
      '--customers',
      '0',
      '--client-id',
      'acme-app',
      '--client-secret',
      'sek',
    ]);
    const login = async (clientId: string): Promise<unknown> =>
      (
        await fetch(`${url}/services/oauth2/token`, {
          method: 'POST',
          headers: { 'content-type': 'application/x-www-form-urlencoded' },
          body: new URLSearchParams({
            grant_type: 'password',
            client_id: clientId,
            client_secret: 'sek',
            username: 'admin@crm-journey.sandbox',
            password: 'crm-journey-sandbox',
          }),
        })
      ).json();
    expect(await login('crm-journey')).toEqual({
      error: 'invalid_client_id',
      error_description: 'client identifier invalid',
    });
    expect(await login('acme-app')).toHaveProperty('access_token');
    expect(await stop(child)).toBe(0);
  }, 30_000);

  it('refuses a malformed fault spec with the accepted syntax', async () => {
    const { exited, stderr } = spawnCli(['sandbox', '--faults', 'boom:3']);
    expect(await exited).toBe(2);
    expect(stderr()).toContain('--faults: Bad fault rule "boom:3"');
  });

  it('runs Sugar in the opportunity mode asked for, and refuses another value or another CRM', async () => {
    const { child, url } = await startSandbox([
      '--crm',
      'sugarcrm',
      '--customers',
      '5',
      '--opps-mode',
      'Opportunities',
    ]);
    const login = await fetch(`${url}/rest/v11/oauth2/token`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({
        grant_type: 'password',
        client_id: 'sugar',
        client_secret: '',
        username: 'admin',
        password: 'asdf',
        platform: 'base',
      }),
    });
    const { access_token: token } = (await login.json()) as { access_token: string };
    const metadata = await fetch(`${url}/rest/v11/metadata?type_filter=modules&module_filter=Opportunities`, {
      headers: { 'oauth-token': token },
    });
    const body = (await metadata.json()) as { modules: { Opportunities: { config: unknown } } };
    expect(body.modules.Opportunities.config).toEqual({ opps_view_by: 'Opportunities' });
    expect(await stop(child)).toBe(0);

    for (const [args, message] of [
      [['--crm', 'sugarcrm', '--opps-mode', 'rli'], '--opps-mode is Opportunities or RevenueLineItems'],
      [['--opps-mode', 'Opportunities'], '--opps-mode is a SugarCRM setting'],
    ] as const) {
      const refused = spawnCli(['sandbox', ...args]);
      expect(await refused.exited).toBe(2);
      expect(refused.stderr()).toContain(message);
    }
  });
});
