import { mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import { DatabaseSync } from 'node:sqlite';
import type { CustomerWrite, JourneyState, WriteSummary } from '@crm-journey/connector';
import { stateFileError } from './state-file-error.ts';
import { dueCustomers, DUE_SCHEMA, lastFullRead, recordDue, recordFullRead } from './store-due.ts';
import { recordedOrg, recordOrg } from './store-org.ts';
import { acquireHolder, META_SCHEMA, releaseHolder, renewHolder, type StoreHolder } from './store-holder.ts';

/** A batch of planned writes, kept until the CRM confirmed it: what a restart after a crash re-sends. */
export interface OutboxBatch {
  readonly id: number;
  readonly writes: readonly CustomerWrite[];
}

/** One run in the journal. */
export interface RunRecord {
  readonly id: number;
  readonly scope: string;
  readonly startedAt: string;
  readonly finishedAt: string | null;
  readonly status: 'running' | 'succeeded' | 'failed' | 'interrupted';
  readonly summary: unknown;
}

/**
 * The sync service's embedded state (SQLite through Node's built-in `node:sqlite`): watermarks, the
 * last state per customer, an outbox of planned writes and a journal of runs. Every method is one
 * transaction, so a process killed at any point leaves a consistent file.
 */
export interface SyncStore {
  watermark(scope: string): string | undefined;
  setWatermark(scope: string, watermark: string): void;
  previous(scope: string, customerId: string): JourneyState | undefined;
  /** Queues a batch before it is written to the CRM; returns its id. */
  enqueue(scope: string, runId: number, writes: readonly CustomerWrite[]): number;
  /** Batches queued and not confirmed, oldest first (left by a crashed run). */
  pending(scope: string): OutboxBatch[];
  /**
   * Confirms a batch: drops it from the outbox and keeps the states it wrote. A customer whose write
   * failed keeps its old state and is listed for a retry; one written clears its retry.
   */
  complete(batchId: number, writes: readonly CustomerWrite[], result: WriteSummary): void;
  /** Customers whose last write failed, oldest first: the next run reads them again, changed or not. */
  retries(scope: string, limit: number): string[];
  /** Drops customers from the retry list (read again and found gone from the CRM). */
  clearRetries(scope: string, customerIds: readonly string[]): void;
  startRun(scope: string): number;
  finishRun(runId: number, status: RunRecord['status'], summary: unknown): void;
  runs(scope: string, limit?: number): RunRecord[];
  /**
   * Takes the file for this process (`command` says what holds it), or returns the live process that has
   * it: only one writer per state file. Released by {@link SyncStore.release} or {@link SyncStore.close}.
   */
  acquire(command: string): { readonly mine: StoreHolder } | { readonly other: StoreHolder };
  /** The org id the scope's state belongs to, if recorded. */
  orgOf(scope: string): string | undefined;
  /**
   * Records the org of the scope; with `forget`, first drops all the scope kept for another org (watermark,
   * states, retries, outbox), so the next read of the scope is a first sight. One transaction.
   */
  setOrg(scope: string, org: string, forget: boolean): void;
  /** Records when each customer's placement can next change by time alone (null: never); one transaction. */
  setDue(scope: string, entries: readonly { readonly customerId: string; readonly dueAt: string | null }[]): void;
  /** Customers due for a time-driven re-evaluation at or before `until` (ISO), soonest first. */
  due(scope: string, until: string, limit: number): string[];
  /** When the scope was last read in full (ISO), if recorded. */
  lastFullRead(scope: string): string | undefined;
  /** Records a full read of the scope at `at` (ISO). */
  setLastFullRead(scope: string, at: string): void;
  /** The heartbeat of a held file (a holder on another host is taken to be gone without one). */
  renew(): void;
  /** Gives the file up, if this store holds it. */
  release(): void;
  close(): void;
}

const SCHEMA = `
  CREATE TABLE IF NOT EXISTS watermarks (scope TEXT PRIMARY KEY, watermark TEXT NOT NULL, updated_at TEXT NOT NULL);
  CREATE TABLE IF NOT EXISTS customers (scope TEXT NOT NULL, customer_id TEXT NOT NULL, state TEXT NOT NULL, updated_at TEXT NOT NULL, PRIMARY KEY (scope, customer_id));
  CREATE TABLE IF NOT EXISTS outbox (id INTEGER PRIMARY KEY AUTOINCREMENT, scope TEXT NOT NULL, run_id INTEGER NOT NULL, writes TEXT NOT NULL, created_at TEXT NOT NULL);
  CREATE TABLE IF NOT EXISTS retries (scope TEXT NOT NULL, customer_id TEXT NOT NULL, code TEXT NOT NULL, message TEXT NOT NULL, failed_at TEXT NOT NULL, PRIMARY KEY (scope, customer_id));
  CREATE TABLE IF NOT EXISTS runs (id INTEGER PRIMARY KEY AUTOINCREMENT, scope TEXT NOT NULL, started_at TEXT NOT NULL, finished_at TEXT, status TEXT NOT NULL, summary TEXT);
`;

/**
 * Opens (or creates) the store at `path`; `:memory:` for tests.
 *
 * @example
 * const store = openSyncStore(join(homedir(), '.crm-journey', 'state.sqlite'));
 */
export function openSyncStore(path: string): SyncStore {
  let db: DatabaseSync;
  try {
    db = openDatabase(path);
  } catch (error) {
    throw stateFileError(path, error);
  }
  return translatingErrors(path, storeOn(db));
}

/** Opens and checks the file: every way it can be unusable shows here, before any CRM call writes. */
function openDatabase(path: string): DatabaseSync {
  if (path !== ':memory:') mkdirSync(dirname(path), { recursive: true });
  const db = new DatabaseSync(path);
  try {
    // Another process's short transaction is waited for, not reported as `database is locked`.
    db.exec('PRAGMA busy_timeout = 5000');
    // WAL keeps readers (the serve API) off the writer's back; FULL sync makes a confirmed batch durable.
    db.exec('PRAGMA journal_mode = WAL; PRAGMA synchronous = FULL;');
    db.exec(SCHEMA);
    db.exec(META_SCHEMA);
    db.exec(DUE_SCHEMA);
    // A truncated or damaged file fails here rather than halfway through a run.
    const check = db.prepare('PRAGMA quick_check').all() as { quick_check: string }[];
    if (check.length !== 1 || check[0]?.quick_check !== 'ok')
      throw Object.assign(new Error(`quick_check: ${check.map((row) => row.quick_check).join('; ')}`), { errcode: 11 });
    return db;
  } catch (error) {
    db.close();
    throw error;
  }
}

/** Every SQLite failure of a store method as the one state-file error naming the file. */
function translatingErrors(path: string, store: SyncStore): SyncStore {
  const wrapped: Record<string, unknown> = {};
  for (const [name, method] of Object.entries(store) as [string, (...args: unknown[]) => unknown][]) {
    wrapped[name] = (...args: unknown[]) => {
      try {
        return method(...args);
      } catch (error) {
        throw stateFileError(path, error);
      }
    };
  }
  return wrapped as unknown as SyncStore;
}

function storeOn(db: DatabaseSync): SyncStore {
  let held: StoreHolder | undefined;
  const now = (): string => new Date().toISOString();
  const transaction = <T>(work: () => T): T => {
    db.exec('BEGIN IMMEDIATE');
    try {
      const result = work();
      db.exec('COMMIT');
      return result;
    } catch (error) {
      db.exec('ROLLBACK');
      throw error;
    }
  };
  const saveState = db.prepare(
    'INSERT INTO customers (scope, customer_id, state, updated_at) VALUES (?, ?, ?, ?) ON CONFLICT (scope, customer_id) DO UPDATE SET state = excluded.state, updated_at = excluded.updated_at',
  );
  const saveRetry = db.prepare(
    'INSERT INTO retries (scope, customer_id, code, message, failed_at) VALUES (?, ?, ?, ?, ?) ON CONFLICT (scope, customer_id) DO UPDATE SET code = excluded.code, message = excluded.message',
  );
  const dropRetry = db.prepare('DELETE FROM retries WHERE scope = ? AND customer_id = ?');
  return {
    watermark: (scope) =>
      (db.prepare('SELECT watermark FROM watermarks WHERE scope = ?').get(scope) as { watermark: string } | undefined)
        ?.watermark,
    setWatermark: (scope, watermark) => {
      db.prepare(
        'INSERT INTO watermarks (scope, watermark, updated_at) VALUES (?, ?, ?) ON CONFLICT (scope) DO UPDATE SET watermark = excluded.watermark, updated_at = excluded.updated_at',
      ).run(scope, watermark, now());
    },
    previous: (scope, customerId) => {
      const row = db
        .prepare('SELECT state FROM customers WHERE scope = ? AND customer_id = ?')
        .get(scope, customerId) as { state: string } | undefined;
      return row ? (JSON.parse(row.state) as JourneyState) : undefined;
    },
    enqueue: (scope, runId, writes) =>
      Number(
        db
          .prepare('INSERT INTO outbox (scope, run_id, writes, created_at) VALUES (?, ?, ?, ?)')
          .run(scope, runId, JSON.stringify(writes), now()).lastInsertRowid,
      ),
    pending: (scope) =>
      (
        db.prepare('SELECT id, writes FROM outbox WHERE scope = ? ORDER BY id').all(scope) as {
          id: number;
          writes: string;
        }[]
      ).map((row) => ({ id: row.id, writes: JSON.parse(row.writes) as CustomerWrite[] })),
    complete: (batchId, writes, result) => {
      const failed = new Map(result.failures.map((failure) => [failure.customerId, failure]));
      transaction(() => {
        const row = db.prepare('SELECT scope FROM outbox WHERE id = ?').get(batchId) as { scope: string } | undefined;
        db.prepare('DELETE FROM outbox WHERE id = ?').run(batchId);
        if (!row) return;
        // A customer whose write failed keeps its old state and is read again by the next run, even if
        // nothing of it changes in the CRM meanwhile.
        for (const write of writes) {
          const failure = failed.get(write.customer.id);
          if (failure) saveRetry.run(row.scope, write.customer.id, failure.code, failure.message, now());
          else {
            saveState.run(row.scope, write.customer.id, JSON.stringify(write.state), now());
            dropRetry.run(row.scope, write.customer.id);
          }
        }
      });
    },
    retries: (scope, limit) =>
      (
        db
          .prepare('SELECT customer_id FROM retries WHERE scope = ? ORDER BY failed_at, customer_id LIMIT ?')
          .all(scope, limit) as { customer_id: string }[]
      ).map((row) => row.customer_id),
    clearRetries: (scope, customerIds) => {
      transaction(() => {
        for (const id of customerIds) dropRetry.run(scope, id);
      });
    },
    startRun: (scope) => {
      // A run still marked running was killed: say so in the journal.
      db.prepare("UPDATE runs SET status = 'interrupted', finished_at = ? WHERE scope = ? AND status = 'running'").run(
        now(),
        scope,
      );
      return Number(
        db.prepare("INSERT INTO runs (scope, started_at, status) VALUES (?, ?, 'running')").run(scope, now())
          .lastInsertRowid,
      );
    },
    finishRun: (runId, status, summary) => {
      db.prepare('UPDATE runs SET status = ?, finished_at = ?, summary = ? WHERE id = ?').run(
        status,
        now(),
        JSON.stringify(summary),
        runId,
      );
    },
    runs: (scope, limit = 20) =>
      (
        db
          .prepare(
            'SELECT id, scope, started_at, finished_at, status, summary FROM runs WHERE scope = ? ORDER BY id DESC LIMIT ?',
          )
          .all(scope, limit) as {
          id: number;
          scope: string;
          started_at: string;
          finished_at: string | null;
          status: RunRecord['status'];
          summary: string | null;
        }[]
      ).map((row) => ({
        id: row.id,
        scope: row.scope,
        startedAt: row.started_at,
        finishedAt: row.finished_at,
        status: row.status,
        summary: row.summary === null ? null : (JSON.parse(row.summary) as unknown),
      })),
    orgOf: (scope) => recordedOrg(db, scope),
    setDue: (scope, entries) => {
      transaction(() => {
        recordDue(db, scope, entries);
      });
    },
    due: (scope, until, limit) => dueCustomers(db, scope, until, limit),
    lastFullRead: (scope) => lastFullRead(db, scope),
    setLastFullRead: (scope, at) => {
      recordFullRead(db, scope, at);
    },
    setOrg: (scope, org, forget) => {
      transaction(() => {
        recordOrg(db, scope, org, forget);
      });
    },
    acquire: (command) => {
      const result = acquireHolder(db, command, Date.now());
      if ('mine' in result) held = result.mine;
      return result;
    },
    renew: () => {
      if (held) renewHolder(db, held, Date.now());
    },
    release: () => {
      if (held) releaseHolder(db, held);
      held = undefined;
    },
    close: () => {
      try {
        if (held && db.isOpen) releaseHolder(db, held);
      } finally {
        held = undefined;
        db.close();
      }
    },
  };
}
