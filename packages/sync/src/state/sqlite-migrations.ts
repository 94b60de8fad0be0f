import type { StoreMigration } from './store-migration.ts';

/**
 * The embedded store's schema, one migration per release that changed it. Version 1 is the schema
 * files had before versions were kept (every statement `IF NOT EXISTS`), so such files adopt it as is.
 */
export const SQLITE_MIGRATIONS: readonly StoreMigration[] = [
  {
    version: 1,
    name: 'watermarks, customers, outbox, retries, runs',
    sql: `
      CREATE TABLE IF NOT EXISTS watermarks (scope TEXT PRIMARY KEY, watermark TEXT NOT NULL, updated_at TEXT NOT NULL);
      CREATE TABLE IF NOT EXISTS customers (scope TEXT NOT NULL, customer_id TEXT NOT NULL, state TEXT NOT NULL, updated_at TEXT NOT NULL, PRIMARY KEY (scope, customer_id));
      CREATE TABLE IF NOT EXISTS outbox (id INTEGER PRIMARY KEY AUTOINCREMENT, scope TEXT NOT NULL, run_id INTEGER NOT NULL, writes TEXT NOT NULL, created_at TEXT NOT NULL);
      CREATE TABLE IF NOT EXISTS retries (scope TEXT NOT NULL, customer_id TEXT NOT NULL, code TEXT NOT NULL, message TEXT NOT NULL, failed_at TEXT NOT NULL, PRIMARY KEY (scope, customer_id));
      CREATE TABLE IF NOT EXISTS runs (id INTEGER PRIMARY KEY AUTOINCREMENT, scope TEXT NOT NULL, started_at TEXT NOT NULL, finished_at TEXT, status TEXT NOT NULL, summary TEXT);
    `,
  },
  {
    version: 2,
    // IF NOT EXISTS: files written by development builds of issue #19 have these tables at version 0.
    name: 'meta (holder, org, last full read), due',
    sql: `
      CREATE TABLE IF NOT EXISTS meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);
      CREATE TABLE IF NOT EXISTS due (scope TEXT NOT NULL, customer_id TEXT NOT NULL, due_at TEXT NOT NULL, PRIMARY KEY (scope, customer_id));
      CREATE INDEX IF NOT EXISTS due_by_time ON due (scope, due_at);
    `,
  },
];
