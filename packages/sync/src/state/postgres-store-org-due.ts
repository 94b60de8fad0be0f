// The PostgreSQL side of org identity, time-driven re-evaluation and the holder (SQLite: store-org.ts,
// store-due.ts, store-holder.ts): the `meta` and `due` tables of migration 2.
import { randomUUID } from 'node:crypto';
import { hostname } from 'node:os';
import type pg from 'pg';
import { POSTGRES_SCHEMA } from './postgres-migrations.ts';
import type { StoreHolder } from './store-holder.ts';
import type { SyncStore } from './sync-store.ts';

type Transaction = <T>(work: (client: pg.PoolClient) => Promise<T>) => Promise<T>;

const t = (table: string): string => `${POSTGRES_SCHEMA}.${table}`;
const setMeta = `INSERT INTO ${t('meta')} (key, value) VALUES ($1, $2) ON CONFLICT (key) DO UPDATE SET value = excluded.value`;

/** The tables an org change clears for the scope: all it kept for the old org. */
const ORG_TABLES = ['watermarks', 'customers', 'retries', 'outbox', 'due'] as const;

/**
 * The org, due-time, full-read and holder methods of the PostgreSQL store. The holder is a no-op: a
 * shared store has many writers (the fleet's workers), which the queue's leases and each method's
 * transaction keep apart; a per-process lock would stop the fleet, so `acquire` always succeeds.
 */
export function postgresOrgAndDue(
  pool: pg.Pool,
  transaction: Transaction,
): Pick<
  SyncStore,
  'acquire' | 'renew' | 'release' | 'orgOf' | 'setOrg' | 'setDue' | 'due' | 'lastFullRead' | 'setLastFullRead'
> {
  const meta = async (key: string): Promise<string | undefined> => {
    const { rows } = await pool.query<{ value: string }>(`SELECT value FROM ${t('meta')} WHERE key = $1`, [key]);
    return rows[0]?.value;
  };
  return {
    acquire: (command) => {
      const at = new Date().toISOString();
      const mine: StoreHolder = {
        pid: process.pid,
        host: hostname(),
        command,
        since: at,
        renewedAt: at,
        token: randomUUID(),
      };
      return Promise.resolve({ mine });
    },
    renew: () => Promise.resolve(),
    release: () => Promise.resolve(),
    orgOf: (scope) => meta(`org:${scope}`),
    setOrg: (scope, org, forget) =>
      transaction(async (client) => {
        if (forget)
          for (const table of ORG_TABLES) await client.query(`DELETE FROM ${t(table)} WHERE scope = $1`, [scope]);
        await client.query(setMeta, [`org:${scope}`, org]);
      }),
    setDue: (scope, entries) =>
      transaction(async (client) => {
        const due = entries.filter((entry) => entry.dueAt !== null);
        const never = entries.filter((entry) => entry.dueAt === null).map((entry) => entry.customerId);
        if (due.length > 0)
          await client.query(
            `INSERT INTO ${t('due')} (scope, customer_id, due_at) SELECT $1, id, at FROM unnest($2::text[], $3::timestamptz[]) AS d(id, at)
             ON CONFLICT (scope, customer_id) DO UPDATE SET due_at = excluded.due_at`,
            [scope, due.map((entry) => entry.customerId), due.map((entry) => entry.dueAt)],
          );
        if (never.length > 0)
          await client.query(`DELETE FROM ${t('due')} WHERE scope = $1 AND customer_id = ANY($2::text[])`, [
            scope,
            never,
          ]);
      }),
    due: async (scope, until, limit) => {
      const { rows } = await pool.query<{ customer_id: string }>(
        `SELECT customer_id FROM ${t('due')} WHERE scope = $1 AND due_at <= $2::timestamptz ORDER BY due_at, customer_id LIMIT $3`,
        [scope, until, limit],
      );
      return rows.map((row) => row.customer_id);
    },
    lastFullRead: (scope) => meta(`full:${scope}`),
    setLastFullRead: async (scope, at) => {
      await pool.query(setMeta, [`full:${scope}`, at]);
    },
  };
}
