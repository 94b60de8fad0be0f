import { accessSync, constants, existsSync, mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import { DatabaseSync } from 'node:sqlite';
import type { DoctorItem } from './doctor-item.ts';

const TITLE = 'State store';

/** Whether the sync's SQLite state file can be opened and written (or created); it creates nothing but its directory. */
export function checkStateStore(path: string): DoctorItem {
  const fix = `Give --state a path in a directory the sync user can write to, or fix the permissions of ${dirname(path)}.`;
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
    } finally {
      db.close();
    }
    return { id: 'state-store', title: TITLE, status: 'pass', detail: `${path} opens and is writable.` };
  } catch (error) {
    return { id: 'state-store', title: TITLE, status: 'fail', detail: `${path}: ${(error as Error).message}.`, fix };
  }
}
