import type { CustomerWrite, JourneyState } from '@crm-journey/connector';
import pg from 'pg';
import { POSTGRES_MIGRATIONS, POSTGRES_SCHEMA } from './postgres-migrations.ts';
import { postgresOrgAndDue } from './postgres-store-org-due.ts';
import { pendingMigrations } from './store-migration.ts';
import type { RunRecord, SyncStore } from './sync-store.ts';

/** Options for {@link openPostgresSyncStore}. */
export interface PostgresSyncStoreOptions {
  /** Connections kept open; a node needs few, since the CRM, not the database, is the slow side. */
  readonly maxConnections?: number;
}

// Any constant works; it only has to be the same on every node (pg_advisory_xact_lock takes a bigint).
const MIGRATION_LOCK = 7_233_614_015_001;
const t = (table: string): string => `${POSTGRES_SCHEMA}.${table}`;

/** The URL without its password, for logs and messages. */
export function redactDatabaseUrl(url: string): string {
  try {
    const parsed = new URL(url);
    if (parsed.password !== '') parsed.password = '***';
    return parsed.toString();
  } catch {
    return '(unparsable database URL)';
  }
}

async function inTransaction<T>(pool: pg.Pool, work: (client: pg.PoolClient) => Promise<T>): Promise<T> {
  const client = await pool.connect();
  // A checked-out client has no pool listener: a server that goes away between two statements would
  // otherwise crash the process with an unhandled 'error'; the next statement fails and is thrown.
  const onLost = (): void => undefined;
  client.on('error', onLost);
  try {
    await client.query('BEGIN');
    const result = await work(client);
    await client.query('COMMIT');
    return result;
  } catch (error) {
    await client.query('ROLLBACK').catch(() => undefined);
    throw error;
  } finally {
    client.off('error', onLost);
    client.release();
  }
}

/** Applies the missing migrations under a transaction-scoped advisory lock: nodes starting together migrate once. */
async function migrate(pool: pg.Pool, location: string): Promise<void> {
  await inTransaction(pool, async (client) => {
    await client.query('SELECT pg_advisory_xact_lock($1)', [MIGRATION_LOCK]);
    await client.query(`CREATE SCHEMA IF NOT EXISTS ${POSTGRES_SCHEMA}`);
    await client.query(
      `CREATE TABLE IF NOT EXISTS ${t('schema_migrations')} (version integer PRIMARY KEY, name text NOT NULL, applied_at timestamptz NOT NULL DEFAULT now())`,
    );
    const { rows } = await client.query<{ version: number | null }>(
      `SELECT max(version) AS version FROM ${t('schema_migrations')}`,
    );
    for (const migration of pendingMigrations(POSTGRES_MIGRATIONS, rows[0]?.version ?? 0, location)) {
      await client.query(migration.sql);
      await client.query(`INSERT INTO ${t('schema_migrations')} (version, name) VALUES ($1, $2)`, [
        migration.version,
        migration.name,
      ]);
    }
  });
}

interface RunRow {
  id: string;
  scope: string;
  started_at: Date;
  finished_at: Date | null;
  status: RunRecord['status'];
  summary: unknown;
}

/**
 * Opens the shared store in the PostgreSQL database at `url` (tables in the `crm_journey` schema),
 * applying the schema migrations it lacks; several nodes may open it at once.
 *
 * @example
 * const store = await openPostgresSyncStore('postgres://crm_journey@db.internal/crm_journey');
 */
export async function openPostgresSyncStore(url: string, options: PostgresSyncStoreOptions = {}): Promise<SyncStore> {
  const location = redactDatabaseUrl(url);
  const pool = new pg.Pool({ connectionString: url, max: options.maxConnections ?? 4 });
  // An idle connection the server dropped must not crash the process; the next query reconnects.
  pool.on('error', () => undefined);
  try {
    await migrate(pool, location);
  } catch (error) {
    await pool.end();
    throw error;
  }
  return {
    location,
    watermark: async (scope) => {
      const { rows } = await pool.query<{ watermark: string }>(
        `SELECT watermark FROM ${t('watermarks')} WHERE scope = $1`,
        [scope],
      );
      return rows[0]?.watermark;
    },
    setWatermark: async (scope, watermark) => {
      await pool.query(
        `INSERT INTO ${t('watermarks')} (scope, watermark) VALUES ($1, $2) ON CONFLICT (scope) DO UPDATE SET watermark = excluded.watermark, updated_at = now()`,
        [scope, watermark],
      );
    },
    previous: async (scope, customerId) => {
      const { rows } = await pool.query<{ state: JourneyState }>(
        `SELECT state FROM ${t('customers')} WHERE scope = $1 AND customer_id = $2`,
        [scope, customerId],
      );
      return rows[0]?.state;
    },
    enqueue: async (scope, runId, writes) => {
      const { rows } = await pool.query<{ id: string }>(
        `INSERT INTO ${t('outbox')} (scope, run_id, writes) VALUES ($1, $2, $3) RETURNING id`,
        [scope, runId, JSON.stringify(writes)],
      );
      return Number(rows[0]?.id);
    },
    pending: async (scope) => {
      const { rows } = await pool.query<{ id: string; writes: CustomerWrite[] }>(
        `SELECT id, writes FROM ${t('outbox')} WHERE scope = $1 ORDER BY id`,
        [scope],
      );
      return rows.map((row) => ({ id: Number(row.id), writes: row.writes }));
    },
    outboxBatch: async (batchId) => {
      const { rows } = await pool.query<{ id: string; writes: CustomerWrite[] }>(
        `SELECT id, writes FROM ${t('outbox')} WHERE id = $1`,
        [batchId],
      );
      const row = rows[0];
      return row ? { id: Number(row.id), writes: row.writes } : undefined;
    },
    complete: async (batchId, writes, result) => {
      const failed = new Map(result.failures.map((failure) => [failure.customerId, failure]));
      const written = writes.filter((write) => !failed.has(write.customer.id));
      const failures = writes.flatMap((write) => failed.get(write.customer.id) ?? []);
      await inTransaction(pool, async (client) => {
        // Deleting first makes a second confirmation of the same batch (another worker) a no-op.
        const { rows } = await client.query<{ scope: string }>(
          `DELETE FROM ${t('outbox')} WHERE id = $1 RETURNING scope`,
          [batchId],
        );
        const scope = rows[0]?.scope;
        if (scope === undefined) return;
        if (written.length > 0) {
          await client.query(
            `INSERT INTO ${t('customers')} (scope, customer_id, state) SELECT $1, id, state::json FROM unnest($2::text[], $3::text[]) AS w(id, state)
             ON CONFLICT (scope, customer_id) DO UPDATE SET state = excluded.state, updated_at = now()`,
            [scope, written.map((write) => write.customer.id), written.map((write) => JSON.stringify(write.state))],
          );
          await client.query(`DELETE FROM ${t('retries')} WHERE scope = $1 AND customer_id = ANY($2::text[])`, [
            scope,
            written.map((write) => write.customer.id),
          ]);
        }
        if (failures.length > 0) {
          await client.query(
            `INSERT INTO ${t('retries')} (scope, customer_id, code, message) SELECT $1, id, code, message FROM unnest($2::text[], $3::text[], $4::text[]) AS f(id, code, message)
             ON CONFLICT (scope, customer_id) DO UPDATE SET code = excluded.code, message = excluded.message`,
            [
              scope,
              failures.map((failure) => failure.customerId),
              failures.map((failure) => failure.code),
              failures.map((failure) => failure.message),
            ],
          );
        }
      });
    },
    keepStates: async (scope, states) => {
      if (states.length === 0) return;
      await pool.query(
        `INSERT INTO ${t('customers')} AS c (scope, customer_id, state) SELECT $1, id, state::json FROM unnest($2::text[], $3::text[]) AS k(id, state)
         ON CONFLICT (scope, customer_id) DO UPDATE SET state = excluded.state, updated_at = now() WHERE c.state::text IS DISTINCT FROM excluded.state::text`,
        [scope, states.map((entry) => entry.customerId), states.map((entry) => JSON.stringify(entry.state))],
      );
    },
    retries: async (scope, limit) => {
      const { rows } = await pool.query<{ customer_id: string }>(
        `SELECT customer_id FROM ${t('retries')} WHERE scope = $1 ORDER BY failed_at, customer_id LIMIT $2`,
        [scope, limit],
      );
      return rows.map((row) => row.customer_id);
    },
    clearRetries: async (scope, customerIds) => {
      await pool.query(`DELETE FROM ${t('retries')} WHERE scope = $1 AND customer_id = ANY($2::text[])`, [
        scope,
        [...customerIds],
      ]);
    },
    startRun: (scope) =>
      inTransaction(pool, async (client) => {
        await client.query(
          `UPDATE ${t('runs')} SET status = 'interrupted', finished_at = now() WHERE scope = $1 AND status = 'running'`,
          [scope],
        );
        const { rows } = await client.query<{ id: string }>(
          `INSERT INTO ${t('runs')} (scope, status) VALUES ($1, 'running') RETURNING id`,
          [scope],
        );
        return Number(rows[0]?.id);
      }),
    finishRun: async (runId, status, summary) => {
      await pool.query(`UPDATE ${t('runs')} SET status = $2, finished_at = now(), summary = $3 WHERE id = $1`, [
        runId,
        status,
        JSON.stringify(summary),
      ]);
    },
    runs: async (scope, limit = 20) => {
      const { rows } = await pool.query<RunRow>(
        `SELECT id, scope, started_at, finished_at, status, summary FROM ${t('runs')} WHERE scope = $1 ORDER BY id DESC LIMIT $2`,
        [scope, limit],
      );
      return rows.map((row) => ({
        id: Number(row.id),
        scope: row.scope,
        startedAt: row.started_at.toISOString(),
        finishedAt: row.finished_at === null ? null : row.finished_at.toISOString(),
        status: row.status,
        summary: row.summary ?? null,
      }));
    },
    ...postgresOrgAndDue(pool, (work) => inTransaction(pool, work)),
    close: () => pool.end(),
  };
}
