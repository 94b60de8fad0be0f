// Which process holds a state file: one row in the `meta` table (key `holder`, SQLite migration 2), taken
// and checked in one IMMEDIATE transaction. SQLite only: the PostgreSQL store is shared by a fleet and
// takes no per-process lock (see SyncStore.acquire).
import { randomUUID } from 'node:crypto';
import { hostname } from 'node:os';
import type { DatabaseSync } from 'node:sqlite';

/** The process holding a state file. */
export interface StoreHolder {
  readonly pid: number;
  readonly host: string;
  /** What holds it, e.g. `crm-journey sync`. */
  readonly command: string;
  /** ISO time it took the file. */
  readonly since: string;
  /** ISO time of its last heartbeat (a holder on another host is stale after {@link HOLDER_STALE_MS}). */
  readonly renewedAt: string;
  /** Tells two holders in one process apart. */
  readonly token: string;
}

/** A holder on another host whose heartbeat is older than this is taken to be gone. */
export const HOLDER_STALE_MS = 5 * 60_000;

const HOLDER_KEY = 'holder';

/** True unless the holder is known to be gone: a dead pid on this host, or a stale heartbeat elsewhere. */
function alive(holder: StoreHolder, now: number): boolean {
  if (holder.host !== hostname()) return now - Date.parse(holder.renewedAt) < HOLDER_STALE_MS;
  try {
    process.kill(holder.pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

function read(db: DatabaseSync): StoreHolder | undefined {
  const row = db.prepare('SELECT value FROM meta WHERE key = ?').get(HOLDER_KEY) as { value: string } | undefined;
  return row === undefined ? undefined : (JSON.parse(row.value) as StoreHolder);
}

/**
 * Takes the file for this process, or returns the live holder that has it. A holder that is gone (a killed
 * process) is replaced.
 *
 * @example
 * const other = acquireHolder(db, 'crm-journey sync', Date.now()); // undefined: ours now
 */
export function acquireHolder(
  db: DatabaseSync,
  command: string,
  now: number,
): { readonly mine: StoreHolder } | { readonly other: StoreHolder } {
  db.exec('BEGIN IMMEDIATE');
  try {
    const current = read(db);
    if (current !== undefined && alive(current, now)) {
      db.exec('ROLLBACK');
      return { other: current };
    }
    const at = new Date(now).toISOString();
    const mine: StoreHolder = {
      pid: process.pid,
      host: hostname(),
      command,
      since: at,
      renewedAt: at,
      token: randomUUID(),
    };
    db.prepare(
      'INSERT INTO meta (key, value) VALUES (?, ?) ON CONFLICT (key) DO UPDATE SET value = excluded.value',
    ).run(HOLDER_KEY, JSON.stringify(mine));
    db.exec('COMMIT');
    return { mine };
  } catch (error) {
    if (db.isTransaction) db.exec('ROLLBACK');
    throw error;
  }
}

/** Moves the heartbeat of `mine` on (no-op when another process took the file meanwhile). */
export function renewHolder(db: DatabaseSync, mine: StoreHolder, now: number): void {
  db.prepare(
    "UPDATE meta SET value = json_set(value, '$.renewedAt', ?) WHERE key = ? AND json_extract(value, '$.token') = ?",
  ).run(new Date(now).toISOString(), HOLDER_KEY, mine.token);
}

/** Gives the file up, if `mine` still holds it. */
export function releaseHolder(db: DatabaseSync, mine: StoreHolder): void {
  db.prepare("DELETE FROM meta WHERE key = ? AND json_extract(value, '$.token') = ?").run(HOLDER_KEY, mine.token);
}
