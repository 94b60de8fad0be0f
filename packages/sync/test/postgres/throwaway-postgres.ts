import { spawnSync, type SpawnSyncOptions } from 'node:child_process';
import { chmodSync, chownSync, existsSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir, userInfo } from 'node:os';
import { delimiter, join } from 'node:path';
import { freePort } from '../free-port.ts';

/** The unprivileged system user that owns the throwaway cluster when the tests run as root. */
const POSTGRES_TEST_USER = 'crmjourney-pg';

/** A private PostgreSQL cluster started for one test session. */
export interface ThrowawayPostgres {
  /** Superuser URL of the cluster's `postgres` database, e.g. `postgres://postgres@127.0.0.1:54012/postgres`. */
  readonly url: string;
  readonly dataDir: string;
  /** Stops the server (immediate mode) and removes its directory; safe to call twice. */
  readonly stop: () => void;
  /** Stops the server as a crash would (immediate mode), keeping its data, until `resume`. */
  readonly pause: () => void;
  /** Starts the paused server again on the same port, from the same data. */
  readonly resume: () => void;
}

const INSTALL_HINT =
  'Install them (Debian/Ubuntu: "sudo apt-get install -y postgresql"; `npm test` does it when run as root), ' +
  'or set CJ_TEST_DATABASE_URL to a PostgreSQL database the tests may create databases on.';

/** The directory holding `initdb`, `pg_ctl` and `postgres`: PATH first, then Debian's /usr/lib/postgresql/<major>/bin. */
function findPostgresBinDir(env: NodeJS.ProcessEnv = process.env): string | undefined {
  const candidates = (env['PATH'] ?? '').split(delimiter).filter((dir) => dir !== '');
  const debian = '/usr/lib/postgresql';
  if (existsSync(debian)) {
    const majors = readdirSync(debian).sort((a, b) => Number(b) - Number(a));
    candidates.push(...majors.map((major) => join(debian, major, 'bin')));
  }
  return candidates.find((dir) => ['initdb', 'pg_ctl', 'postgres'].every((bin) => existsSync(join(dir, bin))));
}

/** PostgreSQL refuses to run as root: as root the cluster belongs to a system user made for it. */
function clusterOwner(): { name: string; uid: number; gid: number } | undefined {
  if (process.getuid?.() !== 0) return undefined;
  const ids = (flag: string): number => {
    const found = spawnSync('id', [flag, POSTGRES_TEST_USER], { encoding: 'utf8' });
    return found.status === 0 ? Number(found.stdout.trim()) : -1;
  };
  if (ids('-u') < 0) {
    const made = spawnSync(
      'useradd',
      ['--system', '--no-create-home', '--shell', '/usr/sbin/nologin', POSTGRES_TEST_USER],
      {
        encoding: 'utf8',
      },
    );
    // Another test session may have created it at the same moment.
    if (made.status !== 0 && ids('-u') < 0)
      throw new Error(`useradd ${POSTGRES_TEST_USER} failed: ${made.stderr.trim()}`);
  }
  return { name: POSTGRES_TEST_USER, uid: ids('-u'), gid: ids('-g') };
}

/**
 * Starts a private cluster: initdb into a fresh temporary directory (trust auth, superuser `postgres`),
 * a free port on 127.0.0.1, the socket inside the directory, plus any server `settings` (e.g. the
 * benchmark's `shared_preload_libraries`). The caller must call `stop`.
 *
 * @example
 * const pg = await startThrowawayPostgres();
 * try { ... } finally { pg.stop(); }
 */
export async function startThrowawayPostgres(
  options: { readonly settings?: Readonly<Record<string, string>> } = {},
): Promise<ThrowawayPostgres> {
  const binDir = findPostgresBinDir();
  if (binDir === undefined)
    throw new Error(`The tests need the PostgreSQL server binaries (initdb, pg_ctl, postgres). ${INSTALL_HINT}`);
  const owner = clusterOwner();
  const dataDir = mkdtempSync(join(tmpdir(), 'cj-pg-'));
  if (owner) chownSync(dataDir, owner.uid, owner.gid);
  chmodSync(dataDir, 0o700);
  const asOwner = (bin: string, args: string[], options: SpawnSyncOptions = {}): void => {
    const command = owner ? 'runuser' : join(binDir, bin);
    const argv = owner ? ['-u', owner.name, '--', join(binDir, bin), ...args] : args;
    const result = spawnSync(command, argv, { encoding: 'utf8', cwd: dataDir, ...options });
    if (result.status !== 0)
      throw new Error(
        `${bin} ${args.join(' ')} failed (exit ${String(result.status)}) as ${owner?.name ?? userInfo().username}: ${String(result.stderr).trim() || String(result.stdout).trim()}`,
      );
  };
  let started = false;
  const stop = (): void => {
    if (started) {
      started = false;
      try {
        asOwner('pg_ctl', ['-D', join(dataDir, 'data'), '-m', 'immediate', '-w', 'stop']);
      } catch {
        // Already gone (the test killed it on purpose): removing the directory is what is left.
      }
    }
    rmSync(dataDir, { recursive: true, force: true });
  };
  const data = join(dataDir, 'data');
  try {
    asOwner('initdb', ['-D', data, '-A', 'trust', '-U', 'postgres', '-E', 'UTF8', '--no-sync', '--no-instructions']);
    const port = await freePort();
    // fsync off: a throwaway cluster need not survive a power cut, and the machine's disk is shared.
    const extra = Object.entries(options.settings ?? {}).map(([key, value]) => ` -c ${key}=${value}`);
    const serverOptions = `-p ${port} -k ${dataDir} -c listen_addresses=127.0.0.1 -c fsync=off -c max_connections=200${extra.join('')}`;
    const start = (): void => {
      started = true;
      asOwner('pg_ctl', ['-D', data, '-o', serverOptions, '-l', join(dataDir, 'server.log'), '-w', 'start']);
    };
    start();
    const pause = (): void => {
      asOwner('pg_ctl', ['-D', data, '-m', 'immediate', '-w', 'stop']);
      started = false;
    };
    return { url: `postgres://postgres@127.0.0.1:${port}/postgres`, dataDir, stop, pause, resume: start };
  } catch (error) {
    stop();
    throw error;
  }
}
