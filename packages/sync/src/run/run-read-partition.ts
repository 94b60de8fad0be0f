import {
  compileJourneySet,
  singleJourneySet,
  type CrmConnector,
  type CustomerWrite,
  type JourneyDefinition,
} from '@crm-journey/connector';
import type { SyncStore } from '../state/sync-store.ts';
import { evaluateRead } from './evaluate-read.ts';
import { journeySetTally } from './journey-set-summary.ts';
import type { PartitionDispatcher } from './partition-dispatcher.ts';
import type { ReadPartitionResult, ReadPartitionRun, ReadPartitionSpec } from './read-partitions.ts';

/** Options for {@link runReadPartition}. */
export interface RunReadPartitionOptions {
  readonly connector: CrmConnector;
  readonly journey: JourneyDefinition;
  readonly store: SyncStore;
  readonly scope: string;
  readonly run: ReadPartitionRun;
  readonly partition: ReadPartitionSpec;
  readonly batchSize?: number | undefined;
  /** The partition's writes go out as write partitions (the outbox first, as in a run). */
  readonly partitions: PartitionDispatcher;
  /**
   * A retried partition: a worker that died on it may have left batches unconfirmed; they are sent
   * and confirmed before any customer is evaluated again (its stored state must be the written one).
   */
  readonly resume: boolean;
  readonly signal?: { readonly aborted: boolean };
}

/**
 * One read partition of a fleet's run, on whichever worker took it: reads its customers (an id range
 * or an id list), evaluates them as the run would, writes what changed through the outbox, and
 * records when each can next change by time. Run twice, it writes nothing twice: tasks are keyed by
 * their action key and the second pass finds the first one's stored states.
 *
 * @example
 * const result = await runReadPartition({ connector, journey, store, scope, run, partition, partitions, resume: false });
 */
export async function runReadPartition(options: RunReadPartitionOptions): Promise<ReadPartitionResult> {
  const { connector, journey, store, scope, run, partition, partitions } = options;
  if (options.resume) {
    for (const pending of await store.pending(scope)) await partitions.send(pending.id);
    await partitions.settle();
  }
  const compiled = compileJourneySet(singleJourneySet(journey), { codegen: true });
  const tally = {
    customers: 0,
    stageChanges: 0,
    customersPerStage: {} as Record<string, number>,
    dues: [] as { customerId: string; dueAt: string | null }[],
    seen: new Set<string>(),
    setSummary: journeySetTally(singleJourneySet(journey)),
  };
  const flush = async (batch: CustomerWrite[]): Promise<void> => {
    if (batch.length === 0) return;
    await partitions.send(await store.enqueue(scope, run.runId, batch));
  };
  const reader = connector.readCustomers(journey, {
    ...(partition.range ? { range: partition.range } : { customerIds: partition.ids ?? [] }),
    asOf: run.asOf,
    ...(options.signal ? { signal: options.signal } : {}),
  });
  const context = {
    compiled,
    journey,
    store,
    scope,
    asOf: run.asOf,
    dryRun: false,
    replay: false,
    ignoreStored: run.ignoreStored,
    batchSize: options.batchSize ?? 200,
    stageKey: (_journey: string, stage: string) => stage,
    flush,
    watch: new Set(partition.watch),
  };
  await evaluateRead(context, tally, reader);
  const written = await partitions.settle();
  if (options.signal?.aborted === true) throw new Error(`read partition ${partition.index} stopped before its end`);
  await store.setDue(scope, tally.dues);
  return {
    customers: tally.customers,
    stageChanges: tally.stageChanges,
    customersPerStage: tally.customersPerStage,
    stagesWritten: written.stagesWritten,
    stagesUnchanged: written.stagesUnchanged,
    tasksCreated: written.tasksCreated,
    tasksExisting: written.tasksExisting,
    failures: written.failures,
    seen: [...tally.seen],
  };
}
