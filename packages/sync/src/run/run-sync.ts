import {
  compileJourneySet,
  evaluateCustomerInSet,
  journeySetReadDefinition,
  journeyStateFingerprint,
  singleJourneySet,
  tasksNotYetCreated,
  type CrmConnector,
  type CustomerWrite,
  type JourneyDefinition,
  type JourneySetDefinition,
  type JourneyState,
  type ReadCustomer,
  type ReadProgress,
  type ReadSummary,
  type WriteSummary,
} from '@crm-journey/connector';
import type { SyncStore } from '../state/sync-store.ts';
import type { PartitionDispatcher } from './partition-dispatcher.ts';
import { setNextTimeChange } from './set-next-time-change.ts';
import { journeySetTally, type JourneySetSummary } from './journey-set-summary.ts';
import { journeySetFingerprint, lastJourneyFingerprint, rememberJourneyFingerprint } from './journey-fingerprint.ts';

/** At most this many customers whose write failed are read again per run (oldest failures first). */
const MAX_RETRIES_PER_RUN = 2000;

/** At most this many customers due for a time-driven re-evaluation are read per run (soonest first). */
const MAX_DUE_PER_RUN = 20_000;

/** Default of {@link RunSyncOptions.fullReadEveryMs}: a week. */
const FULL_READ_EVERY_MS = 7 * 86_400_000;

/** One customer's entry in a dry run's plan. */
export interface PlannedChange {
  readonly customer: { readonly type: string; readonly id: string; readonly name?: string };
  readonly from: string | null;
  readonly to: string | null;
  readonly tasks: readonly {
    readonly key: string;
    readonly type: string;
    readonly subject: string;
    readonly dueDate: string | null;
  }[];
}

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
  readonly plan?: readonly PlannedChange[];
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
  const plan: PlannedChange[] = [];
  let customers = 0;
  let stageChanges = 0;
  let resumedBatches = 0;

  // States of customers read and not written (already right in the CRM), kept in the store in batches:
  // a fresh store knows every customer after its first run, not only those it wrote.
  let kept = new Map<string, JourneyState>();
  const keep = async (force: boolean): Promise<void> => {
    if (kept.size === 0 || (!force && kept.size < batchSize)) return;
    const states = [...kept].map(([customerId, state]) => ({ customerId, state }));
    kept = new Map();
    await store.keepStates(scope, states);
  };

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
    const dues: { customerId: string; dueAt: string | null }[] = [];
    const seen = new Set<string>();
    let batch: CustomerWrite[] = [];
    const consume = async (reader: AsyncGenerator<ReadCustomer, ReadSummary>): Promise<ReadSummary> => {
      let step = await reader.next();
      while (!step.done) {
        const read = step.value;
        if (retrying.has(read.customer.id)) seen.add(read.customer.id);
        const stored = read.stored ?? (orgChanged ? undefined : await store.previous(scope, read.customer.id)) ?? null;
        const previous = replay ? null : stored;
        const input = { customer: read.customer, records: read.records, changes: read.changes, previous, asOf };
        const evaluation = evaluateCustomerInSet(compiled, input);
        if (!dryRun) dues.push({ customerId: read.customer.id, dueAt: setNextTimeChange(compiled, input, evaluation) });
        customers++;
        const state = evaluation.state;
        setSummary.count(read.customer.id, evaluation);
        if (state === null) {
          // In no journey of the set: nothing is written for it.
          step = await reader.next();
          continue;
        }
        const stage = stageKey(state.journey.id, state.stage ?? '(none)');
        customersPerStage[stage] = (customersPerStage[stage] ?? 0) + 1;
        if ((stored?.stage ?? null) !== state.stage) stageChanges++;
        const fresh = state.nextActions.filter((action) => action.mode === 'create' && action.status === 'new');
        const tasks = replay ? tasksNotYetCreated(journey.profile, read.records, fresh) : fresh;
        if (journeyStateFingerprint(state) === journeyStateFingerprint(read.stored) && tasks.length === 0) {
          if (!dryRun) kept.set(read.customer.id, state);
          await keep(false);
        } else {
          if (dryRun) {
            plan.push({
              customer: read.customer,
              from: stored?.stage ?? null,
              to: state.stage,
              tasks: tasks.map((task) => ({
                key: task.key,
                type: task.type,
                subject: task.subject,
                dueDate: task.dueDate,
              })),
            });
          } else {
            // The fingerprint lets the next incremental read skip the echo of this write.
            batch.push({
              customer: read.customer,
              state,
              stored: read.stored,
              tasks,
              sourceFingerprint: read.sourceFingerprint,
            });
            if (batch.length >= batchSize) {
              await flush(batch);
              batch = [];
            }
          }
        }
        step = await reader.next();
      }
      await flush(batch);
      batch = [];
      await keep(true);
      return step.value;
    };
    const readOptions = {
      ...(options.onProgress ? { onProgress: options.onProgress } : {}),
      ...(options.signal ? { signal: options.signal } : {}),
    };
    const lastFull = await store.lastFullRead(scope);
    const fullDue =
      lastFull === undefined || asOf - Date.parse(lastFull) >= (options.fullReadEveryMs ?? FULL_READ_EVERY_MS);
    const since = orgChanged || fullDue || journeyChanged || replay ? undefined : await store.watermark(scope);
    const { watermark } = await consume(
      connector.readCustomers(journey, { ...(since === undefined ? {} : { since }), ...readOptions }),
    );
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
      customers,
      customersPerStage,
      stageChanges,
      ...totals,
      resumedBatches,
      apiCalls: usage.calls,
      apiUsage: { used: usage.used, limit: usage.limit },
      watermark,
      durationMs: Date.now() - started,
      ...(dryRun ? { plan } : {}),
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
    if (!dryRun)
      await store.finishRun(runId, 'failed', { error: error instanceof Error ? error.message : String(error) });
    throw error;
  }
}
