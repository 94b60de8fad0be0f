// A read partition dispatcher that runs every partition in this process, one after the other, with its
// writes written at once: runSync's partitioned path without a fleet, to compare against a plain run.
import type { CrmConnector, JourneyDefinition, WriteSummary } from '@crm-journey/connector';
import type { PartitionDispatcher } from '../src/run/partition-dispatcher.ts';
import type { ReadPartitionDispatcher, ReadPartitionSpec } from '../src/run/read-partitions.ts';
import { runReadPartition } from '../src/run/run-read-partition.ts';
import type { SyncStore } from '../src/state/sync-store.ts';

/** Writes each batch when it is sent; `settle` sums what was written since the last one. */
export function directWrites(
  connector: CrmConnector,
  journey: JourneyDefinition,
  store: SyncStore,
): PartitionDispatcher {
  let total: WriteSummary = { stagesWritten: 0, stagesUnchanged: 0, tasksCreated: 0, tasksExisting: 0, failures: [] };
  return {
    send: async (batchId) => {
      const batch = await store.outboxBatch(batchId);
      if (!batch) return;
      const result = await connector.write(journey, batch.writes);
      await store.complete(batch.id, batch.writes, result);
      total = {
        stagesWritten: total.stagesWritten + result.stagesWritten,
        stagesUnchanged: total.stagesUnchanged + result.stagesUnchanged,
        tasksCreated: total.tasksCreated + result.tasksCreated,
        tasksExisting: total.tasksExisting + result.tasksExisting,
        failures: [...total.failures, ...result.failures],
      };
    },
    settle: () => {
      const settled = total;
      total = { stagesWritten: 0, stagesUnchanged: 0, tasksCreated: 0, tasksExisting: 0, failures: [] };
      return Promise.resolve(settled);
    },
  };
}

/** Runs the partitions here, in order, and keeps what they were. */
export function localReadPartitions(
  connector: CrmConnector,
  journey: JourneyDefinition,
  store: SyncStore,
  scope: string,
  batchSize?: number,
): ReadPartitionDispatcher & { readonly taken: ReadPartitionSpec[][] } {
  const taken: ReadPartitionSpec[][] = [];
  return {
    taken,
    run: async (run, partitions) => {
      taken.push([...partitions]);
      const results = [];
      for (const partition of partitions)
        results.push(
          await runReadPartition({
            connector,
            journey,
            store,
            scope,
            run,
            partition,
            batchSize,
            partitions: directWrites(connector, journey, store),
            resume: false,
          }),
        );
      return results;
    },
  };
}
