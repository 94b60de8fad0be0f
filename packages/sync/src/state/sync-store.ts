import { mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import { DatabaseSync } from 'node:sqlite';
import type { CustomerWrite, JourneyState, WriteSummary } from '@crm-journey/connector';
import { stateFileError } from './state-file-error.ts';
import { dueCustomers, lastFullRead, recordDue, recordFullRead } from './store-due.ts';
import { recordedOrg, recordOrg } from './store-org.ts';
import { acquireHolder, releaseHolder, renewHolder, type StoreHolder } from './store-holder.ts';
import { SQLITE_MIGRATIONS } from './sqlite-migrations.ts';
import { pendingMigrations } from './store-migration.ts';
import { promiseMethods, type Synchronous } from './promise-methods.ts';

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
 * The sync service's state, whichever backend keeps it: watermarks, the last state per customer, an
 * outbox of planned writes, the customers to retry and a journal of runs. Two backends keep this
 * contract (`openSyncStore`, embedded SQLite, the default; `openPostgresSyncStore`, shared by a fleet)
 * and one test suite holds both to it. Every method is one transaction, so a process killed at any
 * point leaves consistent state. New kinds of state slot in as methods here, in both backends.
 */
export interface SyncStore {
  /** Where the state lives, for logs and messages: a file path, or a URL without its password. */
  readonly location: string;
  watermark(scope: string): Promise<string | undefined>;
  setWatermark(scope: string, watermark: string): Promise<void>;
  previous(scope: string, customerId: string): Promise<JourneyState | undefined>;
  /** Queues a batch before it is written to the CRM; returns its id. */
  enqueue(scope: string, runId: number, writes: readonly CustomerWrite[]): Promise<number>;
  /** Batches queued and not confirmed, oldest first (left by a crashed run). */
  pending(scope: string): Promise<OutboxBatch[]>;
  /** One queued batch, or undefined once it is confirmed (a worker taking over a partition reads it here). */
  outboxBatch(batchId: number): Promise<OutboxBatch | undefined>;
  /**
   * Confirms a batch: drops it from the outbox and keeps the states it wrote. A customer whose write
   * failed keeps its old state and is listed for a retry; one written clears its retry. A batch
   * already confirmed (by another worker) changes nothing.
   */
  complete(batchId: number, writes: readonly CustomerWrite[], result: WriteSummary): Promise<void>;
  /**
   * Keeps the states of customers evaluated and not written (their journey fields were already right),
   * so a fresh store knows every customer after its first run; a row changes only when its state
   * differs. One transaction per call: callers pass a batch at a time.
   */
  keepStates(
    scope: string,
    states: readonly { readonly customerId: string; readonly state: JourneyState }[],
  ): Promise<void>;
  /** Customers whose last write failed, oldest first: the next run reads them again, changed or not. */
  retries(scope: string, limit: number): Promise<string[]>;
  /** Drops customers from the retry list (read again and found gone from the CRM). */
  clearRetries(scope: string, customerIds: readonly string[]): Promise<void>;
  /** Opens a run in the journal; a run of the scope still marked running was killed and is marked interrupted. */
  startRun(scope: string): Promise<number>;
  finishRun(runId: number, status: RunRecord['status'], summary: unknown): Promise<void>;
  /** The scope's runs, newest first. */
  runs(scope: string, limit?: number): Promise<RunRecord[]>;
  /**
   * Takes the store for this process (`command` says what holds it), or returns the live process that has
   * it: one writer per SQLite state file. Released by {@link SyncStore.release} or {@link SyncStore.close}.
   * On PostgreSQL it always succeeds (a no-op): a shared store has many writers, kept apart by the fleet's
   * queue and by transactions, not by a per-process lock.
   */
  acquire(command: string): Promise<{ readonly mine: StoreHolder } | { readonly other: StoreHolder }>;
  /** The org id the scope's state belongs to, if recorded. */
  orgOf(scope: string): Promise<string | undefined>;
  /**
   * Records the org of the scope; with `forget`, first drops all the scope kept for another org (watermark,
   * states, retries, outbox, due times), so the next read of the scope is a first sight. One transaction.
   */
  setOrg(scope: string, org: string, forget: boolean): Promise<void>;
  /** Records when each customer's placement can next change by time alone (null: never); one transaction. */
  setDue(
    scope: string,
    entries: readonly { readonly customerId: string; readonly dueAt: string | null }[],
  ): Promise<void>;
  /** Customers due for a time-driven re-evaluation at or before `until` (ISO), soonest first. */
  due(scope: string, until: string, limit: number): Promise<string[]>;
  /** When the scope was last read in full (ISO), if recorded. */
  lastFullRead(scope: string): Promise<string | undefined>;
  /** Records a full read of the scope at `at` (ISO). */
  setLastFullRead(scope: string, at: string): Promise<void>;
  /** The heartbeat of a held store (a holder on another host is taken to be gone without one); no-op on PostgreSQL. */
  renew(): Promise<void>;
  /** Gives the store up, if this process holds it; no-op on PostgreSQL. */
  release(): Promise<void>;
  close(): Promise<void>;
}

/** Brings the file's schema to the latest version; BEGIN IMMEDIATE keeps two processes from both migrating. */
function migrate(db: DatabaseSync, path: string): void {
  db.exec('BEGIN IMMEDIATE');
  try {
    const current = (db.prepare('PRAGMA user_version').get() as { user_version: number }).user_version;
    for (const migration of pendingMigrations(SQLITE_MIGRATIONS, current, path)) {
      db.exec(migration.sql);
      db.exec(`PRAGMA user_version = ${migration.version}`);
    }
    db.exec('COMMIT');
  } catch (error) {
    if (db.isTransaction) db.exec('ROLLBACK');
    throw error;
  }
}

/**
 * Opens (or creates) the embedded store at `path` (SQLite through Node's built-in `node:sqlite`);
 * `:memory:` for tests. Applies the schema migrations the file lacks.
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
  return promiseMethods<SyncStore>(translatingErrors(path, storeOn(db, path)));
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
    migrate(db, path);
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
function translatingErrors(path: string, store: Synchronous<SyncStore>): Synchronous<SyncStore> {
  const wrapped: Record<string, unknown> = {};
  for (const [name, value] of Object.entries(store)) {
    wrapped[name] =
      typeof value === 'function'
        ? (...args: unknown[]) => {
            try {
              return (value as (...a: unknown[]) => unknown)(...args);
            } catch (error) {
              throw stateFileError(path, error);
            }
          }
        : value;
  }
  return wrapped as unknown as Synchronous<SyncStore>;
}

function storeOn(db: DatabaseSync, path: string): Synchronous<SyncStore> {
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
  const keepState = db.prepare(
    'INSERT INTO customers (scope, customer_id, state, updated_at) VALUES (?, ?, ?, ?) ON CONFLICT (scope, customer_id) DO UPDATE SET state = excluded.state, updated_at = excluded.updated_at WHERE customers.state <> excluded.state',
  );
  return {
    location: path,
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
    outboxBatch: (batchId) => {
      const row = db.prepare('SELECT id, writes FROM outbox WHERE id = ?').get(batchId) as
        { id: number; writes: string } | undefined;
      return row ? { id: row.id, writes: JSON.parse(row.writes) as CustomerWrite[] } : undefined;
    },
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
    keepStates: (scope, states) => {
      transaction(() => {
        const at = now();
        for (const { customerId, state } of states) keepState.run(scope, customerId, JSON.stringify(state), at);
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
