import type { PgBoss } from 'pg-boss';
import { ConnectorError } from '@crm-journey/connector';
import type {
  ReadPartitionDispatcher,
  ReadPartitionResult,
  ReadPartitionRun,
  ReadPartitionSpec,
} from '../run/read-partitions.ts';
import { FLEET_QUEUES } from './fleet-queues.ts';

/** What a read partition job carries. */
export interface ReadJobData {
  readonly sync: string;
  readonly scope: string;
  readonly run: ReadPartitionRun;
  readonly partition: ReadPartitionSpec;
}

const POLL_MS = 500;
const LIVE = new Set(['created', 'retry', 'active']);

const pause = (): Promise<void> => new Promise((resolve) => setTimeout(resolve, POLL_MS));

/**
 * Waits until no read partition of the scope is queued or running: those a dead coordinator of the
 * scope left behind. A run starts after them (and then confirms the batches they left), so that no
 * customer is evaluated twice at once, nor while its batch is unconfirmed.
 */
export async function waitForReadPartitions(boss: PgBoss, scope: string, signal: AbortSignal): Promise<void> {
  const live = async (): Promise<boolean> =>
    (await boss.findJobs(FLEET_QUEUES.read, { data: { scope } })).some((job) => LIVE.has(job.state));
  while (!signal.aborted && (await live())) await pause();
}

/**
 * A run's {@link ReadPartitionDispatcher} on pg-boss: each partition becomes a job of the read queue
 * that any node takes; the run polls the queue until all completed, and fails when one gave up.
 */
export function fleetReadDispatcher(
  boss: PgBoss,
  sync: string,
  scope: string,
  signal: AbortSignal,
): ReadPartitionDispatcher {
  const jobsOf = (data: object) => boss.findJobs<ReadJobData>(FLEET_QUEUES.read, { data: { scope, ...data } });
  return {
    run: async (run, partitions) => {
      for (const partition of partitions)
        await boss.send(FLEET_QUEUES.read, { sync, scope, run, partition } satisfies ReadJobData, {
          singletonKey: `${scope}#read#${run.runId}#${partition.index}`,
        });
      for (;;) {
        const jobs = await jobsOf({ run: { runId: run.runId } });
        const failed = jobs.find((job) => job.state === 'failed');
        if (failed)
          throw new ConnectorError(
            'INTERNAL',
            `Read partition ${failed.data.partition.index} of ${scope} gave up after its retries; the watermark stays.`,
            {
              actions: [
                `See the job in the ${FLEET_QUEUES.dead} queue (crm-journey status); the next run reads the partition again.`,
              ],
            },
          );
        const done = jobs.filter((job) => job.state === 'completed');
        if (done.length >= partitions.length) return done.map((job) => job.output as unknown as ReadPartitionResult);
        if (signal.aborted) throw new Error(`the run of ${scope} stopped while its read partitions ran`);
        await pause();
      }
    },
  };
}
