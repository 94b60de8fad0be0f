// Which org a scope's state belongs to: `meta` row `org:<scope>`. Kept apart from the store's other tables
// so another backend can port it as is.
import type { DatabaseSync } from 'node:sqlite';

const keyOf = (scope: string): string => `org:${scope}`;

/** The org id recorded for `scope`, if any. */
export function recordedOrg(db: DatabaseSync, scope: string): string | undefined {
  const row = db.prepare('SELECT value FROM meta WHERE key = ?').get(keyOf(scope)) as { value: string } | undefined;
  return row?.value;
}

/**
 * Records `org` for `scope`. With `forget`, first drops everything the scope kept for the previous org
 * (watermark, customer states, retries, outbox): the next read is a first sight of the new org. Call it
 * inside a transaction.
 */
export function recordOrg(db: DatabaseSync, scope: string, org: string, forget: boolean): void {
  if (forget) {
    for (const table of ['watermarks', 'customers', 'retries', 'outbox', 'due'])
      db.prepare(`DELETE FROM ${table} WHERE scope = ?`).run(scope);
  }
  db.prepare('INSERT INTO meta (key, value) VALUES (?, ?) ON CONFLICT (key) DO UPDATE SET value = excluded.value').run(
    keyOf(scope),
    org,
  );
}
