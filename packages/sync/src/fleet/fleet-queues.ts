import type { PgBoss } from 'pg-boss';

/** pg-boss keeps its tables in this schema of the shared database, beside the store's `crm_journey`. */
export const FLEET_JOB_SCHEMA = 'crm_journey_jobs';

/** The queues of a fleet. */
export const FLEET_QUEUES = {
  /** One job per (target, journey) and interval slot: reads, evaluates, fans out, moves the watermark. */
  run: 'crm-journey-run',
  /** One job per read partition of a big run: reads, evaluates and writes a slice of its customers. */
  read: 'crm-journey-read',
  /** One job per outbox batch: writes it to the CRM and confirms it. */
  partition: 'crm-journey-partition',
  /** Runs and partitions whose retries are spent. */
  dead: 'crm-journey-dead',
} as const;

/** Lease settings shared by every node: a job whose worker stops heartbeating is failed and retried. */
export interface FleetLeaseOptions {
  /** A worker refreshes its lease every half of this; at least 10 (pg-boss's floor). */
  readonly heartbeatSeconds: number;
}

/**
 * Creates the queues (idempotent). `exclusive` allows one queued or active job per key: the run key
 * is the scope (two runs of one org and journey never overlap, on any node), the partition key is
 * the batch (a batch is never worked twice at once).
 */
export async function createFleetQueues(boss: PgBoss, lease: FleetLeaseOptions): Promise<void> {
  await boss.createQueue(FLEET_QUEUES.dead, { policy: 'standard' });
  await boss.createQueue(FLEET_QUEUES.run, {
    policy: 'exclusive',
    heartbeatSeconds: lease.heartbeatSeconds,
    // A full first read of a large org takes hours; the heartbeat, not this, detects a dead worker.
    expireInSeconds: 12 * 60 * 60,
    retryLimit: 3,
    retryDelay: 5,
    deadLetter: FLEET_QUEUES.dead,
  });
  await boss.createQueue(FLEET_QUEUES.read, {
    policy: 'exclusive',
    heartbeatSeconds: lease.heartbeatSeconds,
    expireInSeconds: 4 * 60 * 60,
    retryLimit: 3,
    retryDelay: 2,
    deadLetter: FLEET_QUEUES.dead,
  });
  await boss.createQueue(FLEET_QUEUES.partition, {
    policy: 'exclusive',
    heartbeatSeconds: lease.heartbeatSeconds,
    expireInSeconds: 60 * 60,
    retryLimit: 5,
    retryDelay: 2,
    retryBackoff: true,
    deadLetter: FLEET_QUEUES.dead,
  });
}
