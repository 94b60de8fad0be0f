import { journeySetReadDefinition, type CrmConnector, type JourneySetDefinition } from '@crm-journey/connector';
import { PgBoss, type Job } from 'pg-boss';
import type { Logger } from 'pino';
import { runReadPartition } from '../run/run-read-partition.ts';
import type { ReadPartitionResult } from '../run/read-partitions.ts';
import { runSync, type SyncSummary } from '../run/run-sync.ts';
import type { SyncStore } from '../state/sync-store.ts';
import { createFleetClock, DATABASE_MS_SQL } from './fleet-clock.ts';
import { fleetDispatcher, type PartitionJobData, type PartitionJobOutput } from './fleet-dispatcher.ts';
import { createFleetQueues, FLEET_JOB_SCHEMA, FLEET_QUEUES } from './fleet-queues.ts';
import { fleetReadDispatcher, waitForReadPartitions, type ReadJobData } from './fleet-read-dispatcher.ts';

/** One (target, journey) the fleet keeps in sync. */
export interface FleetSync {
  /** Unique in the deployment, e.g. `production/salesforce-b2b`; jobs name their sync by it. */
  readonly name: string;
  readonly intervalMs: number;
  readonly batchSize?: number | undefined;
  /**
   * Connects (once per node, on first use) and says the store's scope of the state. `now` is the
   * fleet's clock (the database's), for the connector's watermarks and dates.
   */
  connect(now: () => number): Promise<FleetConnection>;
}

/** A sync's connection: the org, the journey set it runs (one journey is a set of one), its state's scope. */
export interface FleetConnection {
  readonly connector: CrmConnector;
  /** Read once per run for every journey of it; each customer's state names the journey it is in. */
  readonly set: JourneySetDefinition;
  readonly scope: string;
}

/** Options for {@link startFleet}. */
export interface FleetOptions {
  /** The shared PostgreSQL database (the store's). */
  readonly url: string;
  readonly store: SyncStore;
  readonly syncs: readonly FleetSync[];
  readonly logger: Logger;
  /** Lease: a worker silent this long loses its job to another (default 30, at least 10). */
  readonly heartbeatSeconds?: number;
  /** How often a node looks for lapsed leases (default 10). */
  readonly superviseIntervalSeconds?: number;
  /** Partitions this node writes at once (default 2). */
  readonly partitionConcurrency?: number;
  /** Customers per read partition: a run of more is read by several nodes (default 5,000). */
  readonly partitionSize?: number;
  /** After a run this node coordinated; `scope` is `<target>|<journey id>`. */
  readonly onRun?: (sync: string, summary: SyncSummary, scope: string) => void;
  readonly onError?: (sync: string, error: unknown, scope: string) => void;
}

/** A running fleet node. */
export interface Fleet {
  /** Stops taking jobs, lets the jobs in hand finish (at most `waitMs`), closes connections. */
  stop(waitMs?: number): Promise<void>;
  /** The sync's connection, shared with the jobs (opened on first use); the API reads through it. */
  connection(name: string): Promise<FleetConnection>;
}

interface RunJobData {
  readonly sync: string;
}

/**
 * Makes this process one worker of a fleet on the shared PostgreSQL (pg-boss): every interval slot,
 * one run per sync is planned on whichever node takes it first (the others' requests are refused by
 * the queue), a big run's read is split into read partitions any node reads, evaluates and writes,
 * the batches become partitions any node writes, and a node that dies loses its leases to the others. Every node runs the same code: N nodes are N workers.
 *
 * @example
 * const fleet = await startFleet({ url, store, syncs, logger });
 * await fleet.stop();
 */
export async function startFleet(options: FleetOptions): Promise<Fleet> {
  const { store, logger } = options;
  const heartbeatSeconds = options.heartbeatSeconds ?? 30;
  const boss = new PgBoss({
    connectionString: options.url,
    schema: FLEET_JOB_SCHEMA,
    superviseIntervalSeconds: options.superviseIntervalSeconds ?? 10,
    monitorIntervalSeconds: options.superviseIntervalSeconds ?? 10,
    max: 4,
  });
  boss.on('error', (error) => {
    logger.warn({ err: error }, 'fleet: job queue error (it retries)');
  });
  await boss.start();
  await createFleetQueues(boss, { heartbeatSeconds });
  // A node's own clock may be minutes off: watermarks, evaluation times and due dates follow the
  // database's, like pg-boss's slots and leases, so every node agrees whatever its clock says.
  const clock = await createFleetClock(async () => {
    const { rows } = await boss.getDb().executeSql(DATABASE_MS_SQL);
    return Number((rows[0] as { ms?: unknown } | undefined)?.ms);
  });

  const byName = new Map(options.syncs.map((sync) => [sync.name, sync]));
  const connections = new Map<string, Promise<FleetConnection>>();
  const connect = (sync: FleetSync): Promise<FleetConnection> => {
    let connection = connections.get(sync.name);
    if (!connection) {
      connection = sync.connect(() => clock.now());
      // A failed connect is tried again by the next job, not cached.
      connection.catch(() => connections.delete(sync.name));
      connections.set(sync.name, connection);
    }
    return connection;
  };
  const syncOf = (name: string): FleetSync => {
    const sync = byName.get(name);
    if (!sync) throw new Error(`this node's config has no sync named "${name}"; give every node the same config.`);
    return sync;
  };
  const stopping = new AbortController();

  const runJob = async (job: Job<RunJobData>): Promise<SyncSummary> => {
    const sync = syncOf(job.data.sync);
    const { connector, set, scope } = await connect(sync);
    const signal = AbortSignal.any([stopping.signal, job.signal]);
    await clock.sync();
    logger.debug({ sync: sync.name, scope, job: job.id, attempt: job.retryCount }, 'fleet run started');
    const writes = fleetDispatcher(boss, store, sync.name, scope, signal);
    await waitForReadPartitions(boss, scope, signal);
    try {
      const summary = await runSync({
        connector,
        journey: journeySetReadDefinition(set),
        set,
        store,
        scope,
        signal,
        asOf: clock.now(),
        ...(sync.batchSize === undefined ? {} : { batchSize: sync.batchSize }),
        partitions: writes,
        readPartitions: fleetReadDispatcher(boss, sync.name, scope, signal),
        ...(options.partitionSize === undefined ? {} : { partitionSize: options.partitionSize }),
      });
      options.onRun?.(sync.name, summary, scope);
      return summary;
    } catch (error) {
      options.onError?.(sync.name, error, scope);
      throw error;
    }
  };
  const partitionJob = async (job: Job<PartitionJobData>): Promise<PartitionJobOutput> => {
    const { connector, set } = await connect(syncOf(job.data.sync));
    const batch = await store.outboxBatch(job.data.batchId);
    const none = { stagesWritten: 0, stagesUnchanged: 0, tasksCreated: 0, tasksExisting: 0, failures: [] };
    // Confirmed already: by a worker that wrote it and lost its lease just before confirming.
    if (!batch) return { ...none, alreadyConfirmed: true };
    // The writes of a set's run name the stage fields of every journey of it, as one process's do.
    const result = await connector.write(journeySetReadDefinition(set), batch.writes);
    await store.complete(batch.id, batch.writes, result);
    return { ...result, alreadyConfirmed: false };
  };

  const readJob = async (job: Job<ReadJobData>): Promise<ReadPartitionResult> => {
    const sync = syncOf(job.data.sync);
    const { connector, set, scope } = await connect(sync);
    // Runs of a journey set are read in one piece (runSync splits only single journeys).
    const [journey] = set.journeys;
    if (!journey || set.journeys.length > 1)
      throw new Error(`fleet: a read partition of ${sync.name} names a journey set; sets are read in one piece`);
    const signal = AbortSignal.any([stopping.signal, job.signal]);
    const { index } = job.data.partition;
    logger.info(
      { sync: sync.name, run: job.data.run.runId, partition: index, attempt: job.retryCount },
      'fleet read partition',
    );
    return runReadPartition({
      connector,
      journey,
      store,
      scope,
      run: job.data.run,
      partition: job.data.partition,
      batchSize: sync.batchSize,
      partitions: fleetDispatcher(boss, store, sync.name, scope, signal),
      resume: job.retryCount > 0,
      signal,
    });
  };

  await boss.work<RunJobData, SyncSummary>(
    FLEET_QUEUES.run,
    { localConcurrency: Math.max(1, options.syncs.length), pollingIntervalSeconds: 1 },
    async ([job]) => (job ? runJob(job) : undefined) as Promise<SyncSummary>,
  );
  await boss.work<ReadJobData, ReadPartitionResult>(
    FLEET_QUEUES.read,
    { localConcurrency: 1, pollingIntervalSeconds: 0.5 },
    async ([job]) => (job ? readJob(job) : undefined) as Promise<ReadPartitionResult>,
  );
  await boss.work<PartitionJobData, PartitionJobOutput>(
    FLEET_QUEUES.partition,
    { localConcurrency: options.partitionConcurrency ?? 2, pollingIntervalSeconds: 0.5 },
    async ([job]) => (job ? partitionJob(job) : undefined) as Promise<PartitionJobOutput>,
  );

  // Every node asks for a run of every sync; the slot (the database's clock) and the queue's key let
  // one request per interval through, so the nodes' own clocks do not matter.
  const request = async (sync: FleetSync): Promise<void> => {
    await boss
      .sendThrottled(
        FLEET_QUEUES.run,
        { sync: sync.name } satisfies RunJobData,
        {},
        Math.max(1, Math.round(sync.intervalMs / 1000)),
        sync.name,
      )
      .catch((error: unknown) => {
        logger.warn({ err: error, sync: sync.name }, 'fleet: could not request a run (the next tick tries again)');
      });
  };
  const timers = options.syncs.map((sync) => {
    void request(sync);
    const tick = Math.min(Math.max(sync.intervalMs / 4, 1000), 30_000);
    return setInterval(() => void request(sync), tick);
  });

  return {
    connection: (name) => connect(syncOf(name)),
    stop: async (waitMs = 10_000) => {
      for (const timer of timers) clearInterval(timer);
      stopping.abort();
      await boss.stop({ graceful: true, timeout: waitMs });
      for (const connection of connections.values()) {
        const opened = await connection.catch(() => undefined);
        await opened?.connector.close();
      }
    },
  };
}
