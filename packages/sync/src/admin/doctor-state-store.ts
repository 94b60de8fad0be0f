import { accessSync, constants, existsSync, mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import { DatabaseSync } from 'node:sqlite';
import { SQLITE_MIGRATIONS } from '../state/sqlite-migrations.ts';
import type { DoctorItem } from './doctor-item.ts';

const TITLE = 'State store';

/**
 * Whether the sync's SQLite state file can be opened and written (or created), and its schema version is
 * current or migratable; it creates nothing but its directory.
 */
export function checkStateStore(path: string): DoctorItem {
  const fix = `Give --state a path in a directory the sync user can write to, or fix the permissions of ${dirname(path)}.`;
  const latest = SQLITE_MIGRATIONS.at(-1)?.version ?? 0;
  try {
    if (!existsSync(path)) {
      mkdirSync(dirname(path), { recursive: true });
      accessSync(dirname(path), constants.W_OK);
      return {
        id: 'state-store',
        title: TITLE,
        status: 'pass',
        detail: `${path} does not exist yet; its directory is writable.`,
      };
    }
    accessSync(path, constants.R_OK | constants.W_OK);
    const db = new DatabaseSync(path, { readOnly: true });
    try {
      const row = db.prepare('PRAGMA quick_check').get() as { quick_check?: string } | undefined;
      if (row?.quick_check !== 'ok')
        return {
          id: 'state-store',
          title: TITLE,
          status: 'fail',
          detail: `${path} is damaged (${row?.quick_check ?? 'no answer'}).`,
          fix: `Move ${path} aside; the next sync starts afresh (a full read).`,
        };
      const version = Number(
        (db.prepare('PRAGMA user_version').get() as { user_version?: number } | undefined)?.user_version,
      );
      if (version > latest)
        return {
          id: 'state-store',
          title: TITLE,
          status: 'fail',
          detail: `${path} has schema version ${version}, newer than this crm-journey knows (${latest}).`,
          fix: 'Upgrade crm-journey to the release that last wrote the file.',
        };
      const schema = version === latest ? 'current' : `migratable to ${latest}: the next run migrates it`;
      return {
        id: 'state-store',
        title: TITLE,
        status: 'pass',
        detail: `${path} opens and is writable (schema version ${version}, ${schema}).`,
      };
    } finally {
      db.close();
    }
  } catch (error) {
    const message = (error as Error).message;
    // Not a database at all, or a damaged one: no permission fixes that.
    const damaged = /not a database|malformed|corrupt/i.test(message);
    return {
      id: 'state-store',
      title: TITLE,
      status: 'fail',
      detail: `${path}: ${message}.`,
      fix: damaged ? `Move ${path} aside; the next sync starts afresh (a full read).` : fix,
    };
  }
}
