// One state file, one writer; and a state file that cannot be used stops the run with one clear error
// naming the file, before anything is written to the CRM.
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, rmSync, statSync, truncateSync, writeFileSync } from 'node:fs';
import { hostname, tmpdir } from 'node:os';
import { join } from 'node:path';
import { DatabaseSync } from 'node:sqlite';
import { fileURLToPath } from 'node:url';
import { DEFAULT_AS_OF, generatePopulation, startSalesforceSandbox, toSalesforceRecords } from '@crm-journey/sandbox';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { stateFileError } from '../src/state/state-file-error.ts';
import { openSyncStore } from '../src/state/sync-store.ts';
import { runCliInProcess } from './run-cli-in-process.ts';

type Sandbox = Awaited<ReturnType<typeof startSalesforceSandbox>>;
const journey = fileURLToPath(new URL('../../../journeys/salesforce-b2b.yaml', import.meta.url));
let sandbox: Sandbox;
let dir = '';
beforeAll(async () => {
  sandbox = await startSalesforceSandbox({
    records: toSalesforceRecords(generatePopulation({ customers: 20, seed: 3 })),
    now: () => DEFAULT_AS_OF,
  });
});
afterAll(async () => {
  await sandbox.close();
});
afterEach(() => {
  if (dir !== '') rmSync(dir, { recursive: true, force: true });
});

const sync = (state: string, ...extra: string[]): ReturnType<typeof runCliInProcess> => {
  return runCliInProcess(
    [
      'sync',
      '--journey',
      journey,
      '--instance-url',
      sandbox.url,
      '--access-token',
      sandbox.accessToken,
      '--once',
      '--as-of',
      new Date(DEFAULT_AS_OF).toISOString(),
      '--state',
      state,
      ...extra,
    ],
    dir,
  );
};
const fresh = (): string => (dir = mkdtempSync(join(tmpdir(), 'crm-journey-state-')));

describe('two processes on one state file', () => {
  it('the second names the holder (pid, host, since) and exits 1 having written nothing', async () => {
    const path = join(fresh(), 'state.sqlite');
    const holder = openSyncStore(path);
    const held = await holder.acquire('crm-journey serve');
    try {
      expect('mine' in held).toBe(true);
      const writesBefore = sandbox.inspect.writes.length;
      const { code, stdout, stderr } = await sync(path);
      expect(code).toBe(1);
      expect(stdout).toBe('');
      expect(stderr).toContain(`error STATE_LOCKED: State file ${path} is in use by crm-journey serve`);
      expect(stderr).toContain(`pid ${String(process.pid)} on ${hostname()}`);
      expect(stderr).toContain('--wait');
      expect(stderr).not.toMatch(/^\s+at |\.ts:\d+:\d+/m);
      expect(sandbox.inspect.writes.length).toBe(writesBefore);
    } finally {
      await holder.close();
    }
  });

  it('with --wait, the second runs once the first gives the file up', async () => {
    const path = join(fresh(), 'state.sqlite');
    const holder = openSyncStore(path);
    await holder.acquire('crm-journey sync');
    const released = new Promise<void>((resolve) =>
      setTimeout(() => {
        void holder.close().then(resolve);
      }, 300),
    );
    const { code, stderr } = await sync(path, '--wait', '10s');
    await released;
    expect(stderr).toContain(`State file ${path} is in use by crm-journey sync`);
    expect(stderr).toContain('waiting up to 10 s');
    expect(code).toBe(0);
  });

  it('a holder whose process is gone is replaced', async () => {
    const path = join(fresh(), 'state.sqlite');
    const gone = spawnSync(process.execPath, ['-e', '']).pid;
    await openSyncStore(path).close();
    const db = new DatabaseSync(path);
    db.prepare("INSERT INTO meta (key, value) VALUES ('holder', ?)").run(
      JSON.stringify({
        pid: gone,
        host: hostname(),
        command: 'crm-journey sync',
        since: 'x',
        renewedAt: 'x',
        token: 't',
      }),
    );
    db.close();
    const again = openSyncStore(path);
    try {
      expect('mine' in (await again.acquire('crm-journey sync'))).toBe(true);
    } finally {
      await again.close();
    }
  });
});

describe('a state file that cannot be used', () => {
  it.each([
    {
      name: 'garbage',
      make: (path: string): Promise<void> => {
        writeFileSync(path, 'this is not a database '.repeat(400));
        return Promise.resolve();
      },
    },
    {
      name: 'a directory',
      make: (path: string): Promise<void> => {
        mkdirSync(path);
        return Promise.resolve();
      },
    },
    {
      name: 'truncated',
      make: async (path: string): Promise<void> => {
        const store = openSyncStore(path);
        const runId = await store.startRun('s');
        for (let i = 0; i < 400; i++) await store.setWatermark(`scope-${String(i)}-${'x'.repeat(200)}`, String(runId));
        await store.close();
        truncateSync(path, Math.floor(statSync(path).size / 2));
      },
    },
  ])('($name) gives one error naming the file and what to do, before any CRM write', async ({ make }) => {
    const path = join(fresh(), 'state.sqlite');
    await make(path);
    const writesBefore = sandbox.inspect.writes.length;
    const { code, stdout, stderr } = await sync(path);
    expect(code).toBe(1);
    expect(stdout).toBe('');
    expect(stderr).toContain(`error STATE_UNUSABLE: State file ${path} `);
    expect(stderr).toContain('  -> ');
    expect(stderr).not.toMatch(/^\s+at |\.ts:\d+:\d+/m);
    expect(sandbox.inspect.writes.length).toBe(writesBefore);
  });

  it('read-only and full-disk SQLite failures name the file and say what to do', async () => {
    const path = join(fresh(), 'state.sqlite');
    await openSyncStore(path).close();
    const readOnly = new DatabaseSync(path, { readOnly: true });
    let error: unknown;
    try {
      readOnly.exec("INSERT INTO meta (key, value) VALUES ('k', 'v')");
    } catch (caught) {
      error = caught;
    } finally {
      readOnly.close();
    }
    expect(stateFileError(path, error).message).toContain(`State file ${path} cannot be written`);
    const full = new DatabaseSync(join(dir, 'full.sqlite'));
    try {
      full.exec('CREATE TABLE t (v TEXT); PRAGMA max_page_count = 3;');
      full.exec(`INSERT INTO t VALUES ('${'x'.repeat(20_000)}')`);
    } catch (caught) {
      error = caught;
    } finally {
      full.close();
    }
    const disk = stateFileError(path, error);
    expect(disk.message).toContain('the disk (or quota) is full');
    expect(disk.actions[0]).toContain('Free space');
  });

  it.skipIf(process.getuid?.() === 0)('(read-only file) exits 1 naming the file, before any CRM write', async () => {
    const path = join(fresh(), 'state.sqlite');
    await openSyncStore(path).close();
    spawnSync('chmod', ['a-w', path, dir]);
    try {
      const { code, stderr } = await sync(path);
      expect(code).toBe(1);
      expect(stderr).toContain(`State file ${path} cannot be written`);
    } finally {
      spawnSync('chmod', ['u+w', path, dir]);
    }
  });
});

describe('sync --as-of', () => {
  const future = new Date(DEFAULT_AS_OF + 183 * 86_400_000).toISOString();
  const asOfRun = (state: string, ...extra: string[]): ReturnType<typeof runCliInProcess> =>
    runCliInProcess(
      [
        'sync',
        '--journey',
        journey,
        '--instance-url',
        sandbox.url,
        '--access-token',
        sandbox.accessToken,
        '--once',
        '--state',
        state,
        '--as-of',
        future,
        ...extra,
      ],
      dir,
    );

  it('in the future is refused for a run that writes: nothing written, no state file', async () => {
    const path = join(fresh(), 'state.sqlite');
    const writesBefore = sandbox.inspect.writes.length;
    const { code, stderr } = await asOfRun(path);
    expect(code).toBe(2);
    expect(stderr).toContain(`--as-of ${future} is in the future`);
    expect(stderr).toContain('--dry-run');
    expect(sandbox.inspect.writes.length).toBe(writesBefore);
    expect(existsSync(path)).toBe(false);
  });

  it('in the future with --dry-run plans and leaves no state a normal run would keep', async () => {
    const path = join(fresh(), 'state.sqlite');
    const writesBefore = sandbox.inspect.writes.length;
    const { code } = await asOfRun(path, '--dry-run');
    expect(code).toBe(0);
    expect(sandbox.inspect.writes.length).toBe(writesBefore);
    const db = new DatabaseSync(path, { readOnly: true });
    try {
      for (const table of ['watermarks', 'customers', 'outbox', 'retries', 'runs'])
        expect(db.prepare(`SELECT count(*) AS n FROM ${table}`).get()).toEqual({ n: 0 });
    } finally {
      db.close();
    }
  });
});
