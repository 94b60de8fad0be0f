// When each customer's placement can next change by time alone (`due` table), and when a scope was last
// read in full (`meta` row `full:<scope>`): the SQLite side (tables from migration 2); the PostgreSQL
// store keeps the same rows in its own tables.
import type { DatabaseSync } from 'node:sqlite';

/** Records (or, with null, clears) when each customer is due. Call it inside a transaction. */
export function recordDue(
  db: DatabaseSync,
  scope: string,
  entries: readonly { readonly customerId: string; readonly dueAt: string | null }[],
): void {
  const save = db.prepare(
    'INSERT INTO due (scope, customer_id, due_at) VALUES (?, ?, ?) ON CONFLICT (scope, customer_id) DO UPDATE SET due_at = excluded.due_at',
  );
  const drop = db.prepare('DELETE FROM due WHERE scope = ? AND customer_id = ?');
  for (const { customerId, dueAt } of entries) {
    if (dueAt === null) drop.run(scope, customerId);
    else save.run(scope, customerId, dueAt);
  }
}

/** Customers due at or before `until` (ISO), soonest first. */
export function dueCustomers(db: DatabaseSync, scope: string, until: string, limit: number): string[] {
  return (
    db
      .prepare('SELECT customer_id FROM due WHERE scope = ? AND due_at <= ? ORDER BY due_at, customer_id LIMIT ?')
      .all(scope, until, limit) as { customer_id: string }[]
  ).map((row) => row.customer_id);
}

/** When the scope was last read in full (ISO), if it was. */
export function lastFullRead(db: DatabaseSync, scope: string): string | undefined {
  const row = db.prepare('SELECT value FROM meta WHERE key = ?').get(`full:${scope}`) as { value: string } | undefined;
  return row?.value;
}

/** Records that the scope was read in full at `at` (ISO). */
export function recordFullRead(db: DatabaseSync, scope: string, at: string): void {
  db.prepare('INSERT INTO meta (key, value) VALUES (?, ?) ON CONFLICT (key) DO UPDATE SET value = excluded.value').run(
    `full:${scope}`,
    at,
  );
}
