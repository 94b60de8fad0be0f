import type { PgBoss } from 'pg-boss';
import { ConnectorError } from '@crm-journey/connector';
import type { PartitionDispatcher } from '../run/partition-dispatcher.ts';
import type {
  ReadPartitionDispatcher,
  ReadPartitionResult,
  ReadPartitionRun,
  ReadPartitionSpec,
} from '../run/read-partitions.ts';
import type { SyncStore } from '../state/sync-store.ts';
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

/**
 * A run's {@link ReadPartitionDispatcher} on pg-boss: each partition becomes a job of the read queue
 * that any node takes; the run polls the queue until all completed. Before it sends its own, it waits
 * for the read partitions a dead coordinator of the scope left running, then sends and confirms the
 * batches they left: a customer must not be evaluated twice at once, nor while its batch is unconfirmed.
 */
export function fleetReadDispatcher(
  boss: PgBoss,
  store: SyncStore,
  sync: string,
  scope: string,
  writes: PartitionDispatcher,
  signal: AbortSignal,
): ReadPartitionDispatcher {
  const jobsOf = (data: object) => boss.findJobs<ReadJobData>(FLEET_QUEUES.read, { data: { scope, ...data } });
  const pause = (): Promise<void> => new Promise((resolve) => setTimeout(resolve, POLL_MS));
  return {
    run: async (run, partitions) => {
      while ((await jobsOf({})).some((job) => LIVE.has(job.state)) && !signal.aborted) await pause();
      const left = await store.pending(scope);
      for (const batch of left) await writes.send(batch.id);
      if (left.length > 0) await writes.settle();
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
