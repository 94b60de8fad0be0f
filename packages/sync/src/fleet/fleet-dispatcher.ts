import type { WriteSummary } from '@crm-journey/connector';
import type { PgBoss } from 'pg-boss';
import { ConnectorError } from '@crm-journey/connector';
import type { PartitionDispatcher } from '../run/partition-dispatcher.ts';
import type { SyncStore } from '../state/sync-store.ts';
import { FLEET_QUEUES } from './fleet-queues.ts';

/** What a partition job carries: which sync it belongs to and which outbox batch it writes. */
export interface PartitionJobData {
  readonly sync: string;
  readonly scope: string;
  readonly batchId: number;
}

/** What a partition job returns (its pg-boss output). */
export type PartitionJobOutput = WriteSummary & { readonly alreadyConfirmed: boolean };

const POLL_MS = 200;

/** The partition job's key: one live job per batch across the fleet. */
const partitionKey = (scope: string, batchId: number): string => `${scope}#${batchId}`;

/**
 * A run's {@link PartitionDispatcher} on pg-boss: each batch becomes a partition job, and `settle`
 * waits for the outbox (not the queue) to confirm them, since the outbox is what a write confirms.
 */
export function fleetDispatcher(
  boss: PgBoss,
  store: SyncStore,
  sync: string,
  scope: string,
  signal: AbortSignal,
): PartitionDispatcher {
  const sent = new Set<number>();
  const send = async (batchId: number): Promise<void> => {
    sent.add(batchId);
    // null: a job for this batch is already queued or active (a run that died sent it); that one will do.
    await boss.send(FLEET_QUEUES.partition, { sync, scope, batchId } satisfies PartitionJobData, {
      singletonKey: partitionKey(scope, batchId),
    });
  };
  const jobsOf = (batchId: number) =>
    boss.findJobs<PartitionJobData>(FLEET_QUEUES.partition, { key: partitionKey(scope, batchId) });
  return {
    send,
    settle: async () => {
      const total = {
        stagesWritten: 0,
        stagesUnchanged: 0,
        tasksCreated: 0,
        tasksExisting: 0,
        failures: [] as WriteSummary['failures'][number][],
      };
      for (;;) {
        const open = new Set((await store.pending(scope)).map((batch) => batch.id));
        const waiting = [...sent].filter((id) => open.has(id));
        if (waiting.length === 0 || signal.aborted) break;
        for (const batchId of waiting) {
          const jobs = await jobsOf(batchId);
          if (jobs.some((job) => job.state === 'created' || job.state === 'retry' || job.state === 'active')) continue;
          if (jobs.some((job) => job.state === 'failed'))
            throw new ConnectorError(
              'INTERNAL',
              `Partition ${partitionKey(scope, batchId)} gave up after its retries; the watermark stays.`,
              {
                actions: [
                  `See the job in the ${FLEET_QUEUES.dead} queue (crm-journey status); the next run sends the batch again.`,
                ],
              },
            );
          // Completed but still in the outbox would be a bug; no job at all (deleted): send it again.
          if (jobs.length === 0) await send(batchId);
        }
        await new Promise((resolve) => setTimeout(resolve, POLL_MS));
      }
      const settled = [...sent];
      sent.clear();
      for (const batchId of settled) {
        for (const job of await jobsOf(batchId)) {
          const output = job.output as Partial<PartitionJobOutput> | null;
          if (job.state !== 'completed' || !output || output.alreadyConfirmed !== false) continue;
          total.stagesWritten += output.stagesWritten ?? 0;
          total.stagesUnchanged += output.stagesUnchanged ?? 0;
          total.tasksCreated += output.tasksCreated ?? 0;
          total.tasksExisting += output.tasksExisting ?? 0;
          total.failures.push(...(output.failures ?? []));
        }
      }
      return total;
    },
  };
}
