import {
  compileJourneySet,
  journeySetReadDefinition,
  singleJourneySet,
  type CrmConnector,
  type CustomerWrite,
  type JourneyDefinition,
  type JourneySetDefinition,
  type ReadCustomer,
  type ReadProgress,
  type ReadSummary,
  type WriteSummary,
} from '@crm-journey/connector';
import type { SyncStore } from '../state/sync-store.ts';
import { evaluateRead, type EvaluateReadContext, type EvaluateTally } from './evaluate-read.ts';
import type { PartitionDispatcher } from './partition-dispatcher.ts';
import {
  DEFAULT_PARTITION_SIZE,
  planReadPartitions,
  type ReadPartitionDispatcher,
  type ReadPartitionResult,
} from './read-partitions.ts';
import { journeySetTally, type JourneySetSummary } from './journey-set-summary.ts';
import { createPlanSpool, type PlannedChanges } from './planned-changes.ts';
import { journeySetFingerprint, lastJourneyFingerprint, rememberJourneyFingerprint } from './journey-fingerprint.ts';

/** At most this many customers whose write failed are read again per run (oldest failures first). */
const MAX_RETRIES_PER_RUN = 2000;

/** At most this many customers due for a time-driven re-evaluation are read per run (soonest first). */
const MAX_DUE_PER_RUN = 20_000;

/** Default of {@link RunSyncOptions.fullReadEveryMs}: a week. */
const FULL_READ_EVERY_MS = 7 * 86_400_000;

/** What a run did (or, dry, would do). `--json` prints it as it is. */
export interface SyncSummary {
  readonly dryRun: boolean;
  readonly customers: number;
  readonly customersPerStage: Readonly<Record<string, number>>;
  readonly stageChanges: number;
  readonly stagesWritten: number;
  readonly tasksCreated: number;
  /** Tasks whose key already existed: a retried batch, or a run after a crash. */
  readonly tasksExisting: number;
  /** Batches of a crashed run that were sent again first. */
  readonly resumedBatches: number;
  readonly failures: WriteSummary['failures'];
  readonly apiCalls: number;
  readonly apiUsage: { readonly used: number | undefined; readonly limit: number | undefined };
  readonly watermark: string | undefined;
  readonly durationMs: number;
  /** A dry run's plan, kept in a temporary file: `dispose` it once printed. */
  readonly plan?: PlannedChanges;
  /** Set when the CRM behind the target is another org than the state's: this run read it in full. */
  readonly orgChanged?: { readonly from: string; readonly to: string };
  /**
   * Set when the journey (or set) differs from the one the last run of this scope ran: every customer
   * was read and re-evaluated under the new rules, and only what differs was written.
   */
  readonly journeyChanged?: {
    readonly from: string;
    readonly to: string;
    readonly revisions: Readonly<Record<string, number>>;
  };
  /** `--replay-history`: every customer's history was re-drawn from the records under the current rules. */
  readonly replayedHistory?: boolean;
  /** A journey set's run: customers per journey, those in none, and the moves between journeys. */
  readonly journeySet?: JourneySetSummary;
}

/** Options for {@link runSync}. */
export interface RunSyncOptions {
  readonly connector: CrmConnector;
  readonly journey: JourneyDefinition;
  /** Several journeys on the journey's root object, read once; default: the journey alone. */
  readonly set?: JourneySetDefinition;
  readonly store: SyncStore;
  /** Which org and journey the state belongs to, e.g. `salesforce:https://acme.my.salesforce.com|salesforce-b2b`. */
  readonly scope: string;
  readonly dryRun?: boolean;
  /**
   * Re-draw every customer's history from its records under the current rules (as on first sight),
   * instead of continuing the stored one; reads every customer. Tasks already created for a stage's
   * action are not created again, and nothing is deleted.
   */
  readonly replayHistory?: boolean;
  /** Evaluation time; default now. */
  readonly asOf?: number;
  /** Customers per outbox batch (and per CRM write). */
  readonly batchSize?: number;
  readonly onProgress?: (progress: ReadProgress) => void;
  readonly signal?: { readonly aborted: boolean };
  /** A run reads every customer when the last full read is older than this (by `asOf`); default a week. */
  readonly fullReadEveryMs?: number;
  /** A fleet's workers write the batches (see {@link PartitionDispatcher}); by default this process does. */
  readonly partitions?: PartitionDispatcher;
  /**
   * A fleet's workers read, evaluate and write a big run in partitions (where the connector can list
   * its customers); by default this process reads. Not for dry runs, `replayHistory` or a set of several.
   */
  readonly readPartitions?: ReadPartitionDispatcher;
  /** Customers per read partition (default 5,000); a run of fewer is read here in one piece. */
  readonly partitionSize?: number;
}

function addReadPartition(tally: EvaluateTally, result: ReadPartitionResult): void {
  tally.customers += result.customers;
  tally.stageChanges += result.stageChanges;
  for (const [stage, count] of Object.entries(result.customersPerStage))
    tally.customersPerStage[stage] = (tally.customersPerStage[stage] ?? 0) + count;
  for (const id of result.seen) tally.seen.add(id);
}

function addWriteSummary(
  total: {
    stagesWritten: number;
    tasksCreated: number;
    tasksExisting: number;
    failures: WriteSummary['failures'][number][];
  },
  result: WriteSummary,
): void {
  total.stagesWritten += result.stagesWritten;
  total.tasksCreated += result.tasksCreated;
  total.tasksExisting += result.tasksExisting;
  total.failures.push(...result.failures);
}

/**
 * One sync run: re-send what a crashed run left in the outbox, read the customers changed since the
 * watermark (all of them the first time), evaluate each against its previous state, and write the
 * changed journey fields and the new tasks in batches. Every batch is in the outbox before it is
 * written and leaves it only when the CRM confirmed it; the watermark moves only when the whole read
 * is done. Kill the process anywhere: the next run resumes, and since task writes are keyed by the
 * action key, nothing is duplicated.
 *
 * @example
 * const summary = await runSync({ connector, journey, store, scope: 'salesforce:prod|b2b' });
 */
export async function runSync(options: RunSyncOptions): Promise<SyncSummary> {
  const { connector, store, scope, partitions } = options;
  const set = options.set ?? singleJourneySet(options.journey);
  const several = set.journeys.length > 1;
  // One definition for the reads and writes of the whole set: the org is read once per run.
  const journey = journeySetReadDefinition(set);
  const dryRun = options.dryRun ?? false;
  const started = Date.now();
  const asOf = options.asOf ?? started;
  const batchSize = options.batchSize ?? 200;
  const compiled = compileJourneySet(set, { codegen: true });
  const replay = options.replayHistory ?? false;
  const fingerprint = journeySetFingerprint(set);
  const lastFingerprint = await lastJourneyFingerprint(store, scope);
  // A new revision (or any edit) re-places everyone: read every customer, not only the changed ones.
  const journeyChanged = lastFingerprint !== undefined && lastFingerprint !== fingerprint;
  const runId = dryRun ? -1 : await store.startRun(scope);
  const totals = {
    stagesWritten: 0,
    tasksCreated: 0,
    tasksExisting: 0,
    failures: [] as WriteSummary['failures'][number][],
  };
  // In journey order, every stage listed (an empty stage is worth seeing too).
  const stageKey = (journeyId: string, stage: string): string => (several ? `${journeyId}/${stage}` : stage);
  const customersPerStage: Record<string, number> = Object.fromEntries(
    set.journeys.flatMap((member) => member.stages.map((stage) => [stageKey(member.id, stage.id), 0])),
  );
  const setSummary = journeySetTally(set);
  const plan = dryRun ? createPlanSpool() : undefined;
  let resumedBatches = 0;

  const flush = async (batch: CustomerWrite[]): Promise<void> => {
    if (batch.length === 0 || dryRun) return;
    const batchId = await store.enqueue(scope, runId, batch);
    if (partitions) return partitions.send(batchId);
    const result = await connector.write(journey, batch);
    await store.complete(batchId, batch, result);
    addWriteSummary(totals, result);
  };

  try {
    // Another org behind the same target (a sandbox refresh): nothing kept for the old one applies.
    const org = await connector.orgId?.();
    const known = org === undefined ? undefined : await store.orgOf(scope);
    const orgChanged = org !== undefined && known !== undefined && known !== org ? { from: known, to: org } : undefined;
    if (org !== undefined && known !== org && !dryRun) await store.setOrg(scope, org, orgChanged !== undefined);
    if (!dryRun) {
      for (const pending of await store.pending(scope)) {
        resumedBatches++;
        if (partitions) {
          await partitions.send(pending.id);
          continue;
        }
        const result = await connector.write(journey, pending.writes);
        await store.complete(pending.id, pending.writes, result);
        addWriteSummary(totals, result);
      }
      // A customer of an unconfirmed batch must not be evaluated again before the batch lands: without its
      // stored state it would get a new stage entry time, so a new action key, so a second task.
      if (partitions) addWriteSummary(totals, await partitions.settle());
    }
    // Customers whose last write failed are read again this run, changed or not; so are the customers
    // whose placement can have changed by time alone since their last evaluation.
    const retries = dryRun ? [] : await store.retries(scope, MAX_RETRIES_PER_RUN);
    const due = orgChanged ? [] : await store.due(scope, new Date(asOf).toISOString(), MAX_DUE_PER_RUN);
    const retrying = new Set([...retries, ...due]);
    const tally: EvaluateTally = {
      customers: 0,
      stageChanges: 0,
      customersPerStage,
      ...(plan ? { plan } : {}),
      dues: [],
      seen: new Set<string>(),
      setSummary,
    };
    const evaluation: EvaluateReadContext = {
      compiled,
      journey,
      store,
      scope,
      asOf,
      dryRun,
      replay,
      ignoreStored: orgChanged !== undefined,
      batchSize,
      stageKey,
      flush,
      watch: retrying,
    };
    const consume = (reader: AsyncGenerator<ReadCustomer, ReadSummary>): Promise<ReadSummary> =>
      evaluateRead(evaluation, tally, reader);
    const readOptions = {
      ...(options.onProgress ? { onProgress: options.onProgress } : {}),
      ...(options.signal ? { signal: options.signal } : {}),
    };
    const lastFull = await store.lastFullRead(scope);
    const fullDue =
      lastFull === undefined || asOf - Date.parse(lastFull) >= (options.fullReadEveryMs ?? FULL_READ_EVERY_MS);
    const since = orgChanged || fullDue || journeyChanged || replay ? undefined : await store.watermark(scope);
    // A fleet splits a big run into partitions any worker reads: planned on the customers' ids.
    const listed =
      options.readPartitions && connector.listCustomers && !dryRun && !replay && !several
        ? await connector.listCustomers(journey, since === undefined ? {} : { since })
        : undefined;
    let watermark: string;
    if (listed && options.readPartitions) {
      watermark = listed.watermark;
      const full = since === undefined;
      // A changed set is read by id: the retry and due lists join it, each customer in one partition.
      const ids = full ? listed.customerIds : [...new Set([...listed.customerIds, ...retrying])].sort();
      const size = options.partitionSize ?? DEFAULT_PARTITION_SIZE;
      const idBatch = listed.idBatch === undefined ? {} : { idBatch: listed.idBatch };
      const parts = planReadPartitions(ids, { full, size, watch: retrying, ...idBatch });
      if (parts.length > 1) {
        const run = { runId, asOf, ignoreStored: orgChanged !== undefined };
        for (const result of await options.readPartitions.run(run, parts)) {
          addReadPartition(tally, result);
          addWriteSummary(totals, result);
        }
      } else {
        await consume(connector.readCustomers(journey, { ...(full ? {} : { customerIds: ids }), ...readOptions }));
      }
    } else {
      ({ watermark } = await consume(
        connector.readCustomers(journey, { ...(since === undefined ? {} : { since }), ...readOptions }),
      ));
    }
    const { seen, dues } = tally;
    const unread = [...retrying].filter((id) => !seen.has(id));
    if (unread.length > 0 && options.signal?.aborted !== true) {
      await consume(connector.readCustomers(journey, { customerIds: unread, ...readOptions }));
      // Asked for by id and not returned: gone from the CRM (deleted, merged), nothing left to write.
      const gone = unread.filter((id) => !seen.has(id));
      if (!dryRun) {
        await store.clearRetries(scope, gone);
        await store.setDue(
          scope,
          gone.map((customerId) => ({ customerId, dueAt: null })),
        );
      }
    }
    // A stopped read (SIGTERM) saw only part of the changes: the watermark stays, the next run re-reads.
    if (partitions && !dryRun) addWriteSummary(totals, await partitions.settle());
    const stopped = options.signal?.aborted === true;
    if (!dryRun && !stopped) {
      await store.setDue(scope, dues);
      await store.setWatermark(scope, watermark);
      await rememberJourneyFingerprint(store, scope, fingerprint);
      if (since === undefined) await store.setLastFullRead(scope, new Date(asOf).toISOString());
    }
    const usage = connector.apiUsage();
    const summary: SyncSummary = {
      dryRun,
      customers: tally.customers,
      customersPerStage,
      stageChanges: tally.stageChanges,
      ...totals,
      resumedBatches,
      apiCalls: usage.calls,
      apiUsage: { used: usage.used, limit: usage.limit },
      watermark,
      durationMs: Date.now() - started,
      ...(plan ? { plan } : {}),
      ...(orgChanged ? { orgChanged } : {}),
      ...(journeyChanged
        ? {
            journeyChanged: {
              from: lastFingerprint,
              to: fingerprint,
              revisions: Object.fromEntries(set.journeys.map((member) => [member.id, member.revision])),
            },
          }
        : {}),
      ...(replay ? { replayedHistory: true } : {}),
      ...(several ? { journeySet: setSummary.summary } : {}),
    };
    if (!dryRun)
      await store.finishRun(
        runId,
        stopped ? 'interrupted' : totals.failures.length > 0 ? 'failed' : 'succeeded',
        summary,
      );
    return summary;
  } catch (error) {
    plan?.dispose();
    if (!dryRun)
      await store.finishRun(runId, 'failed', { error: error instanceof Error ? error.message : String(error) });
    throw error;
  }
}
