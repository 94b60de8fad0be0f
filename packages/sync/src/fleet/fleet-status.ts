import { PgBoss } from 'pg-boss';
import pg from 'pg';
import { POSTGRES_SCHEMA } from '../state/postgres-migrations.ts';
import { FLEET_JOB_SCHEMA, FLEET_QUEUES } from './fleet-queues.ts';

/** What `crm-journey status` shows: the fleet's nodes, its runs and what gave up. */
export interface FleetStatus {
  /** Nodes heard from within three heartbeats (pg-boss's instance registry). */
  readonly nodes: readonly {
    readonly host: string;
    readonly pid: number;
    readonly startedAt: string;
    readonly heartbeatAt: string;
  }[];
  readonly runsInFlight: readonly { readonly scope: string; readonly runId: number; readonly startedAt: string }[];
  /** Per (target, journey) scope: its last run, and the seconds since its last successful run ended. */
  readonly scopes: readonly {
    readonly scope: string;
    readonly lastRun: {
      readonly id: number;
      readonly status: string;
      readonly startedAt: string;
      readonly finishedAt: string | null;
    };
    readonly lagSeconds: number | null;
  }[];
  /** Runs and partitions whose retries are spent, waiting in the dead-letter queue. */
  readonly deadLetters: number;
}

interface ScopeRow {
  scope: string;
  id: string;
  status: string;
  started_at: Date;
  finished_at: Date | null;
  lag: number | null;
}

/**
 * Reads the fleet's state from the shared database (times on the database's clock). Starts no
 * worker and no maintenance: safe to run beside the nodes.
 *
 * @example
 * const status = await readFleetStatus('postgres://crm_journey@db.internal/crm_journey');
 */
export async function readFleetStatus(url: string): Promise<FleetStatus> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    const ready = await client.query<{ store: string | null; jobs: string | null }>(
      `SELECT to_regclass($1) AS store, to_regclass($2) AS jobs`,
      [`${POSTGRES_SCHEMA}.runs`, `${FLEET_JOB_SCHEMA}.job`],
    );
    const store = ready.rows[0]?.store !== null;
    const jobs = ready.rows[0]?.jobs !== null;
    const inFlight = store
      ? await client.query<{ scope: string; id: string; started_at: Date }>(
          `SELECT scope, id, started_at FROM ${POSTGRES_SCHEMA}.runs WHERE status = 'running' ORDER BY id`,
        )
      : { rows: [] };
    const scopes = store
      ? await client.query<ScopeRow>(
          `SELECT DISTINCT ON (r.scope) r.scope, r.id, r.status, r.started_at, r.finished_at,
             (SELECT extract(epoch FROM now() - max(s.finished_at))::float8 FROM ${POSTGRES_SCHEMA}.runs s WHERE s.scope = r.scope AND s.status = 'succeeded') AS lag
           FROM ${POSTGRES_SCHEMA}.runs r ORDER BY r.scope, r.id DESC`,
        )
      : { rows: [] };
    let nodes: FleetStatus['nodes'] = [];
    let deadLetters = 0;
    if (jobs) {
      const boss = new PgBoss({
        connectionString: url,
        schema: FLEET_JOB_SCHEMA,
        supervise: false,
        schedule: false,
        migrate: false,
        registerInstance: false,
        max: 1,
      });
      await boss.start();
      try {
        nodes = (await boss.getInstances())
          .filter((instance) => instance.live)
          .map((instance) => ({
            host: instance.host,
            pid: instance.pid,
            startedAt: instance.startedOn.toISOString(),
            heartbeatAt: instance.heartbeatOn.toISOString(),
          }));
        deadLetters = (await boss.findJobs(FLEET_QUEUES.dead, { limit: 100_000 })).length;
      } finally {
        await boss.stop({ graceful: false });
      }
    }
    return {
      nodes,
      runsInFlight: inFlight.rows.map((row) => ({
        scope: row.scope,
        runId: Number(row.id),
        startedAt: row.started_at.toISOString(),
      })),
      scopes: scopes.rows.map((row) => ({
        scope: row.scope,
        lastRun: {
          id: Number(row.id),
          status: row.status,
          startedAt: row.started_at.toISOString(),
          finishedAt: row.finished_at?.toISOString() ?? null,
        },
        lagSeconds: row.lag === null ? null : Math.round(row.lag),
      })),
      deadLetters,
    };
  } finally {
    await client.end();
  }
}
