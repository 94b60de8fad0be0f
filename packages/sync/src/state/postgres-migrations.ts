import type { StoreMigration } from './store-migration.ts';

/** The schema (namespace) that holds crm-journey's tables in a shared PostgreSQL database. */
export const POSTGRES_SCHEMA = 'crm_journey';

/**
 * The PostgreSQL store's schema, one migration per release that changed it. States and batches are
 * `json` (not `jsonb`) so they read back exactly as written; times are the database's clock, one
 * clock for the whole fleet.
 */
export const POSTGRES_MIGRATIONS: readonly StoreMigration[] = [
  {
    version: 1,
    name: 'watermarks, customers, outbox, retries, runs',
    sql: `
      CREATE TABLE ${POSTGRES_SCHEMA}.watermarks (scope text PRIMARY KEY, watermark text NOT NULL, updated_at timestamptz NOT NULL DEFAULT now());
      CREATE TABLE ${POSTGRES_SCHEMA}.customers (scope text NOT NULL, customer_id text NOT NULL, state json NOT NULL, updated_at timestamptz NOT NULL DEFAULT now(), PRIMARY KEY (scope, customer_id));
      CREATE TABLE ${POSTGRES_SCHEMA}.outbox (id bigserial PRIMARY KEY, scope text NOT NULL, run_id bigint NOT NULL, writes json NOT NULL, created_at timestamptz NOT NULL DEFAULT now());
      CREATE INDEX outbox_scope ON ${POSTGRES_SCHEMA}.outbox (scope, id);
      CREATE TABLE ${POSTGRES_SCHEMA}.retries (scope text NOT NULL, customer_id text NOT NULL, code text NOT NULL, message text NOT NULL, failed_at timestamptz NOT NULL DEFAULT now(), PRIMARY KEY (scope, customer_id));
      CREATE INDEX retries_scope_age ON ${POSTGRES_SCHEMA}.retries (scope, failed_at, customer_id);
      CREATE TABLE ${POSTGRES_SCHEMA}.runs (id bigserial PRIMARY KEY, scope text NOT NULL, started_at timestamptz NOT NULL DEFAULT now(), finished_at timestamptz, status text NOT NULL, summary json);
      CREATE INDEX runs_scope ON ${POSTGRES_SCHEMA}.runs (scope, id DESC);
    `,
  },
  {
    version: 2,
    name: 'meta (org, last full read), due',
    sql: `
      CREATE TABLE ${POSTGRES_SCHEMA}.meta (key text PRIMARY KEY, value text NOT NULL);
      CREATE TABLE ${POSTGRES_SCHEMA}.due (scope text NOT NULL, customer_id text NOT NULL, due_at timestamptz NOT NULL, PRIMARY KEY (scope, customer_id));
      CREATE INDEX due_by_time ON ${POSTGRES_SCHEMA}.due (scope, due_at);
    `,
  },
];
