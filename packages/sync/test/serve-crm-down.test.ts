import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startSandbox, type StartedSandbox } from '@crm-journey/sandbox';
import { expect, it } from 'vitest';
import { spawnCli } from './cli-process.ts';
import { repoFile } from './repo-context.ts';
import { freePort } from './free-port.ts';

// `serve` started while the CRM is down: it listens, says why it is not ready, and syncs once the CRM
// answers on the same address, on both CRMs, with real processes.
const TOKEN = 'crm-down-test-token-0123456789abcdef';
const SF_TOKEN = '00Dcrmdown0000001!AccessTokenForTheDownTest';
const SUGAR_PASSWORD = 'down-test-password-42';

/** Polls `check` every 50 ms until it returns a value, at most `ms`. */
async function until<T>(ms: number, check: () => T | undefined | Promise<T | undefined>): Promise<T | undefined> {
  const deadline = Date.now() + ms;
  while (Date.now() < deadline) {
    const value = await check();
    if (value !== undefined) return value;
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  return undefined;
}

/** A real `serve` process on a free port with its state in `dir`; `output()` is what it printed so far. */
function spawnServe(journey: string, targetFlags: readonly string[], dir: string, more: readonly string[] = []) {
  return spawnCli(
    [
      'serve',
      '--journey',
      repoFile('journeys', journey),
      ...targetFlags,
      '--port',
      '0',
      '--state',
      join(dir, 'state.sqlite'),
      ...more,
    ],
    { env: { CRM_JOURNEY_TOKEN: TOKEN } },
  );
}

const sugarFlags = (url: string): string[] => [
  '--sugar-url',
  url,
  '--sugar-user',
  'admin',
  '--sugar-password',
  SUGAR_PASSWORD,
];

const cases = [
  {
    crm: 'salesforce' as const,
    journey: 'salesforce-b2b.yaml',
    flags: (url: string) => ['--instance-url', url, '--access-token', SF_TOKEN],
    root: 'Account',
    idField: 'Id',
  },
  {
    crm: 'sugarcrm' as const,
    journey: 'sugarcrm-b2b.yaml',
    flags: sugarFlags,
    root: 'Accounts',
    idField: 'id',
  },
];

it.each(cases)(
  '$crm: serve starts while the CRM is down, says so in /readyz and syncs when it comes back',
  async ({ crm, journey, flags, root, idField }) => {
    const port = await freePort();
    const url = `http://127.0.0.1:${String(port)}`;
    const dir = mkdtempSync(join(tmpdir(), 'cj-serve-down-'));
    let sandbox: StartedSandbox | undefined;
    const { child, exited, output } = spawnServe(journey, flags(url), dir);
    try {
      const base = await until(20_000, () =>
        child.exitCode === null ? /"url":"(http:\/\/[^"]+)"/.exec(output())?.[1] : 'exited',
      );
      expect(base, output()).toMatch(/^http:/);
      const api = base ?? '';
      expect((await fetch(`${api}/healthz`)).status).toBe(200);
      const notReady = await fetch(`${api}/readyz`);
      expect(notReady.status).toBe(503);
      const why = (await notReady.json()) as { error: { code: string; message: string } };
      expect(why.error.code).toBe('CRM_UNREACHABLE');
      expect(why.error.message).toContain(url);
      const headers = { authorization: `Bearer ${TOKEN}` };
      const early = await fetch(`${api}/v1/customers/x1/journey`, { headers });
      expect(early.status).toBe(503);
      expect(((await early.json()) as { error: { code: string } }).error.code).toBe('CRM_UNREACHABLE');

      sandbox = await startSandbox(crm, {
        port,
        customers: 12,
        seed: 5,
        accessToken: SF_TOKEN,
        username: 'admin',
        password: SUGAR_PASSWORD,
      });
      const ready = await until(20_000, async () => ((await fetch(`${api}/readyz`)).status === 200 ? true : undefined));
      expect(ready, output()).toBe(true);
      const ids = sandbox.inspect.records(root).map((record) => String(record[idField]));
      expect(ids.length).toBeGreaterThan(0);
      for (const id of ids) expect((await fetch(`${api}/v1/customers/${id}/journey`, { headers })).status).toBe(200);
      expect(output()).toContain('the CRM answers: serve syncs now');
    } finally {
      child.kill('SIGTERM');
      const code = await exited;
      await sandbox?.close();
      rmSync(dir, { recursive: true, force: true });
      expect(code, output()).toBe(0);
    }
  },
  60_000,
);

it('stops at once on SIGTERM while it waits for the CRM, with exit 0', async () => {
  const url = `http://127.0.0.1:${String(await freePort())}`;
  const dir = mkdtempSync(join(tmpdir(), 'cj-serve-down-'));
  const { child, exited, output } = spawnServe('sugarcrm-b2b.yaml', sugarFlags(url), dir);
  try {
    // Two failed attempts: the retry timer is running when the signal comes.
    const waiting = await until(20_000, () =>
      child.exitCode === null ? (output().includes('"attempt":2') ? true : undefined) : false,
    );
    expect(waiting, output()).toBe(true);
    const asked = Date.now();
    child.kill('SIGTERM');
    expect(await exited, output()).toBe(0);
    expect(Date.now() - asked).toBeLessThan(3000);
    expect(output()).toContain('"msg":"serve stopped"');
  } finally {
    child.kill('SIGKILL');
    rmSync(dir, { recursive: true, force: true });
  }
}, 30_000);

it('ends with exit 1 when the CRM that comes back does not fit the journey', async () => {
  const port = await freePort();
  const dir = mkdtempSync(join(tmpdir(), 'cj-serve-down-'));
  let sandbox: StartedSandbox | undefined;
  // A Salesforce journey served against a SugarCRM target: it cannot be checked until Sugar answers.
  const { child, exited, output } = spawnServe(
    'salesforce-b2b.yaml',
    sugarFlags(`http://127.0.0.1:${String(port)}`),
    dir,
  );
  try {
    const listening = await until(20_000, () =>
      child.exitCode === null ? (output().includes('"url":"http') ? true : undefined) : false,
    );
    expect(listening, output()).toBe(true);
    sandbox = await startSandbox('sugarcrm', { port, customers: 3, username: 'admin', password: SUGAR_PASSWORD });
    expect(await exited, output()).toBe(1);
    expect(output()).toContain('error JOURNEY_INVALID');
    expect(output()).toContain('"msg":"serve stopped"');
  } finally {
    child.kill('SIGKILL');
    await sandbox?.close();
    rmSync(dir, { recursive: true, force: true });
  }
}, 30_000);

it('goes back to 503 CRM_UNREACHABLE when the CRM drops after the first run, and to 200 when a run succeeds again', async () => {
  const port = await freePort();
  const url = `http://127.0.0.1:${String(port)}`;
  const dir = mkdtempSync(join(tmpdir(), 'cj-serve-down-'));
  const start = () => startSandbox('salesforce', { port, customers: 8, seed: 5, accessToken: SF_TOKEN });
  let sandbox: StartedSandbox | undefined = await start();
  const { child, exited, output } = spawnServe('salesforce-b2b.yaml', cases[0]?.flags(url) ?? [], dir, [
    '--interval',
    '1s',
  ]);
  const readyz = async (api: string) => {
    const response = await fetch(`${api}/readyz`);
    return { status: response.status, body: (await response.json()) as { error?: { code: string; message: string } } };
  };
  try {
    const base = await until(20_000, () =>
      child.exitCode === null ? /"url":"(http:\/\/[^"]+)"/.exec(output())?.[1] : 'exited',
    );
    expect(base, output()).toMatch(/^http:/);
    const api = base ?? '';
    expect(await until(20_000, async () => ((await readyz(api)).status === 200 ? true : undefined)), output()).toBe(
      true,
    );
    await sandbox.close();
    sandbox = undefined;
    const down = await until(20_000, async () => {
      const answer = await readyz(api);
      return answer.status === 503 ? answer : undefined;
    });
    expect(down?.body.error?.code, output()).toBe('CRM_UNREACHABLE');
    expect(down?.body.error?.message).toContain(url);
    expect((await fetch(`${api}/healthz`)).status).toBe(200);
    sandbox = await start();
    expect(await until(20_000, async () => ((await readyz(api)).status === 200 ? true : undefined)), output()).toBe(
      true,
    );
  } finally {
    child.kill('SIGTERM');
    const code = await exited;
    await sandbox?.close();
    rmSync(dir, { recursive: true, force: true });
    expect(code, output()).toBe(0);
  }
}, 90_000);
