import pg from 'pg';
import { FLEET_JOB_SCHEMA } from '../fleet/fleet-queues.ts';
import { POSTGRES_MIGRATIONS, POSTGRES_SCHEMA } from '../state/postgres-migrations.ts';
import { redactDatabaseUrl } from '../state/postgres-sync-store.ts';
import { pgBossSchemaVersion, unreachableItem, versionItem } from './doctor-postgres-items.ts';
import { couldNotCheck, type DoctorItem } from './doctor-item.ts';

/** Above this, a node's clock is too far from the database's (the fleet follows the database's, a lone sync its own). */
const MAX_SKEW_MS = 60_000;
/** The tables every node reads and writes. */
const STORE_TABLES = ['watermarks', 'customers', 'outbox', 'retries', 'runs', 'meta', 'due'];

/** `SELECT` one value (column `value`); undefined when there is no row or it is null. */
async function scalar<T>(client: pg.Client, sql: string, values: unknown[] = []): Promise<T | undefined> {
  const { rows } = await client.query<{ value: T }>(sql, values);
  return rows[0]?.value ?? undefined;
}

/** Runs `work` in a transaction that is always rolled back: a probe leaves nothing behind. */
async function probe(client: pg.Client, work: () => Promise<unknown>): Promise<string | undefined> {
  await client.query('BEGIN');
  try {
    await work();
    return undefined;
  } catch (error) {
    return error instanceof Error ? error.message : String(error);
  } finally {
    await client.query('ROLLBACK').catch(() => undefined);
  }
}

/**
 * The doctor's items for a fleet's PostgreSQL store: the database answers, the store's and pg-boss's
 * schemas are current or migratable, the user may read, write, create and lock what a node needs, and
 * this machine's clock is close to the database server's. It changes nothing (every probe is rolled back).
 *
 * @example
 * const items = await checkPostgresStore('postgres://crm_journey@db.internal/crm_journey');
 */
export async function checkPostgresStore(url: string): Promise<DoctorItem[]> {
  const client = new pg.Client({ connectionString: url, connectionTimeoutMillis: 5000 });
  client.on('error', () => undefined);
  const unchecked = (reason: string): DoctorItem[] =>
    (
      [
        ['store-schema', 'Store schema'],
        ['job-schema', 'Job queue schema (pg-boss)'],
        ['store-permissions', 'Store permissions'],
        ['clock-skew', 'Clock'],
      ] as const
    ).map(([id, title]): DoctorItem => ({ id, title, status: 'unknown', detail: `could not check: ${reason}` }));
  try {
    await client.connect();
  } catch (error) {
    return [unreachableItem(url, error), ...unchecked('the database does not answer.')];
  }
  try {
    const server = (await scalar<string>(client, "SELECT current_setting('server_version') AS value")) ?? '?';
    const database = (await scalar<string>(client, 'SELECT current_database() AS value')) ?? '?';
    const user = (await scalar<string>(client, 'SELECT current_user AS value')) ?? '?';
    const grant = `GRANT CREATE ON DATABASE ${database} TO ${user}`;
    const canCreateSchema =
      (await scalar<boolean>(client, "SELECT has_database_privilege(current_database(), 'CREATE') AS value")) === true;
    // From the catalogue, which any user may read, whatever the grants on the schemas.
    const exists = async (table: string): Promise<boolean> =>
      (await scalar<boolean>(
        client,
        'SELECT EXISTS (SELECT 1 FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace WHERE n.nspname = $1 AND c.relname = $2) AS value',
        table.split('.'),
      )) === true;
    // A version the user may not read is left unchecked (the permissions item says why).
    const readVersion = async (sql: string): Promise<number | Error | undefined> =>
      scalar<number>(client, sql).catch((error: unknown) =>
        error instanceof Error ? error : new Error(String(error)),
      );

    const storeExists = await exists(`${POSTGRES_SCHEMA}.schema_migrations`);
    const storeVersion = storeExists
      ? ((await readVersion(`SELECT max(version) AS value FROM ${POSTGRES_SCHEMA}.schema_migrations`)) ?? 0)
      : undefined;
    const jobsExist = await exists(`${FLEET_JOB_SCHEMA}.version`);
    const jobsVersion = jobsExist
      ? await readVersion(`SELECT version AS value FROM ${FLEET_JOB_SCHEMA}.version`)
      : undefined;

    // Creating: what a migration does (a table in the store's schema, or the schema itself); rolled back.
    const createError = await probe(client, () =>
      storeExists
        ? client.query(`CREATE TABLE ${POSTGRES_SCHEMA}.crm_journey_doctor_probe (x int)`)
        : client.query('CREATE SCHEMA crm_journey_doctor_probe'),
    );
    const canCreate = createError === undefined;
    // Reading, writing and locking: each table a node uses, a row lock as a run takes, and an advisory lock
    // as a migration takes.
    const missing: string[] = [];
    const usable = async (schema: string): Promise<boolean> =>
      (await scalar<boolean>(client, "SELECT has_schema_privilege($1, 'USAGE') AS value", [schema])) === true;
    if (jobsExist && !(await usable(FLEET_JOB_SCHEMA))) missing.push(`the schema ${FLEET_JOB_SCHEMA}`);
    if (storeExists && !(await usable(POSTGRES_SCHEMA))) missing.unshift(`the schema ${POSTGRES_SCHEMA}`);
    else if (storeExists)
      for (const table of STORE_TABLES)
        if (
          (await exists(`${POSTGRES_SCHEMA}.${table}`)) &&
          (await scalar<boolean>(client, "SELECT has_table_privilege($1, 'SELECT,INSERT,UPDATE,DELETE') AS value", [
            `${POSTGRES_SCHEMA}.${table}`,
          ])) !== true
        )
          missing.push(`${POSTGRES_SCHEMA}.${table}`);
    const lockError = await probe(client, async () => {
      await client.query('SELECT pg_advisory_xact_lock(7233614015002)');
      if (storeExists && missing.length === 0)
        await client.query(`LOCK TABLE ${POSTGRES_SCHEMA}.outbox IN ROW EXCLUSIVE MODE NOWAIT`);
    });

    const permissions: DoctorItem =
      missing.length > 0 || lockError !== undefined
        ? {
            id: 'store-permissions',
            title: 'Store permissions',
            status: 'fail',
            detail:
              missing.length > 0
                ? `${user} may not read and write ${missing.join(', ')}.`
                : `${user} may not take the locks a node takes: ${lockError ?? ''}.`,
            fix: `GRANT USAGE ON SCHEMA ${POSTGRES_SCHEMA}, ${FLEET_JOB_SCHEMA} TO ${user}; GRANT SELECT, INSERT, UPDATE, DELETE ON ALL TABLES IN SCHEMA ${POSTGRES_SCHEMA}, ${FLEET_JOB_SCHEMA} TO ${user} (and the sequences).`,
          }
        : !canCreate &&
            (!storeExists ||
              storeVersion !== POSTGRES_MIGRATIONS.at(-1)?.version ||
              jobsVersion !== pgBossSchemaVersion())
          ? {
              id: 'store-permissions',
              title: 'Store permissions',
              status: 'fail',
              detail: `${user} may not create the store's tables: ${createError}.`,
              fix: `${grant} (the first node, and each upgrade's migration, creates tables).`,
            }
          : {
              id: 'store-permissions',
              title: 'Store permissions',
              status: 'pass',
              detail: canCreate
                ? `${user} may read, write, lock and create what a node needs.`
                : `${user} may read, write and lock; it may not create tables (an upgrade's migration needs that once: ${grant}).`,
            };

    // The database's clock against ours, at the middle of the round trip.
    const sent = Date.now();
    const dbMs = Number(
      await scalar<string>(client, 'SELECT (extract(epoch from clock_timestamp()) * 1000)::text AS value'),
    );
    const received = Date.now();
    const skew = Math.round((sent + received) / 2 - dbMs);
    const ahead = `${(Math.abs(skew) / 1000).toFixed(1)} s ${skew >= 0 ? 'ahead of' : 'behind'} the database server (round trip ${received - sent} ms)`;
    const clock: DoctorItem =
      Math.abs(skew) <= MAX_SKEW_MS
        ? { id: 'clock-skew', title: 'Clock', status: 'pass', detail: `this machine is ${ahead}.` }
        : {
            id: 'clock-skew',
            title: 'Clock',
            status: 'fail',
            detail: `this machine is ${ahead}.`,
            fix: 'Synchronise the clock (chrony or systemd-timesyncd): fleet runs follow the database’s clock, but logs and a lone `sync --store` follow this machine’s.',
          };

    return [
      {
        id: 'store-reachable',
        title: 'Store database',
        status: 'pass',
        detail: `${redactDatabaseUrl(url)} answers (PostgreSQL ${server}, database ${database}, user ${user}).`,
      },
      versionItem(
        'store-schema',
        'Store schema',
        storeVersion,
        POSTGRES_MIGRATIONS.at(-1)?.version,
        storeExists ? canCreate : canCreateSchema && canCreate,
        grant,
      ),
      versionItem(
        'job-schema',
        'Job queue schema (pg-boss)',
        jobsVersion,
        pgBossSchemaVersion(),
        canCreateSchema,
        grant,
      ),
      permissions,
      clock,
    ];
  } catch (error) {
    // The server went away mid-check, or refused a catalogue query: unchecked, never a pass.
    return [couldNotCheck('store-reachable', 'Store database', error), ...unchecked('the check stopped early.')];
  } finally {
    await client.end().catch(() => undefined);
  }
}
