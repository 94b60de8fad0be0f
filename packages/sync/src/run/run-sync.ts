import {
  compileJourney,
  evaluateCustomer,
  journeyStateFingerprint,
  nextTimeChange,
  type CrmConnector,
  type CustomerWrite,
  type JourneyDefinition,
  type ReadCustomer,
  type ReadProgress,
  type ReadSummary,
  type WriteSummary,
} from '@crm-journey/connector';
import type { SyncStore } from '../state/sync-store.ts';

/** At most this many customers whose write failed are read again per run (oldest failures first). */
export const MAX_RETRIES_PER_RUN = 2000;

/** At most this many customers due for a time-driven re-evaluation are read per run (soonest first). */
export const MAX_DUE_PER_RUN = 20_000;

/** Default of {@link RunSyncOptions.fullReadEveryMs}: a week. */
export const FULL_READ_EVERY_MS = 7 * 86_400_000;

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
}

/** Options for {@link runSync}. */
export interface RunSyncOptions {
  readonly connector: CrmConnector;
  readonly journey: JourneyDefinition;
  readonly store: SyncStore;
  /** Which org and journey the state belongs to, e.g. `salesforce:https://acme.my.salesforce.com|salesforce-b2b`. */
  readonly scope: string;
  readonly dryRun?: boolean;
  /** Evaluation time; default now. */
  readonly asOf?: number;
  /** Customers per outbox batch (and per CRM write). */
  readonly batchSize?: number;
  readonly onProgress?: (progress: ReadProgress) => void;
  readonly signal?: { readonly aborted: boolean };
  /** A run reads every customer when the last full read is older than this (by `asOf`); default a week. */
  readonly fullReadEveryMs?: number;
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
  const { connector, journey, store, scope } = options;
  const dryRun = options.dryRun ?? false;
  const started = Date.now();
  const asOf = options.asOf ?? started;
  const batchSize = options.batchSize ?? 200;
  const compiled = compileJourney(journey);
  const runId = dryRun ? -1 : store.startRun(scope);
  const totals = {
    stagesWritten: 0,
    tasksCreated: 0,
    tasksExisting: 0,
    failures: [] as WriteSummary['failures'][number][],
  };
  // In journey order, every stage listed (an empty stage is worth seeing too).
  const customersPerStage: Record<string, number> = Object.fromEntries(journey.stages.map((stage) => [stage.id, 0]));
  const plan: PlannedChange[] = [];
  let customers = 0;
  let stageChanges = 0;
  let resumedBatches = 0;

  const flush = async (batch: CustomerWrite[]): Promise<void> => {
    if (batch.length === 0 || dryRun) return;
    const batchId = store.enqueue(scope, runId, batch);
    const result = await connector.write(journey, batch);
    store.complete(batchId, batch, result);
    addWriteSummary(totals, result);
  };

  try {
    // Another org behind the same target (a sandbox refresh): nothing kept for the old one applies.
    const org = await connector.orgId?.();
    const known = org === undefined ? undefined : store.orgOf(scope);
    const orgChanged = org !== undefined && known !== undefined && known !== org ? { from: known, to: org } : undefined;
    if (org !== undefined && known !== org && !dryRun) store.setOrg(scope, org, orgChanged !== undefined);
    if (!dryRun) {
      for (const pending of store.pending(scope)) {
        const result = await connector.write(journey, pending.writes);
        store.complete(pending.id, pending.writes, result);
        addWriteSummary(totals, result);
        resumedBatches++;
      }
    }
    // Customers whose last write failed are read again this run, changed or not; so are the customers
    // whose placement can have changed by time alone since their last evaluation.
    const retries = dryRun ? [] : store.retries(scope, MAX_RETRIES_PER_RUN);
    const due = orgChanged ? [] : store.due(scope, new Date(asOf).toISOString(), MAX_DUE_PER_RUN);
    const retrying = new Set([...retries, ...due]);
    const dues: { customerId: string; dueAt: string | null }[] = [];
    const seen = new Set<string>();
    let batch: CustomerWrite[] = [];
    const consume = async (reader: AsyncGenerator<ReadCustomer, ReadSummary>): Promise<ReadSummary> => {
      let step = await reader.next();
      while (!step.done) {
        const read = step.value;
        if (retrying.has(read.customer.id)) seen.add(read.customer.id);
        const previous = read.stored ?? (orgChanged ? undefined : store.previous(scope, read.customer.id)) ?? null;
        const input = { customer: read.customer, records: read.records, changes: read.changes, previous, asOf };
        const state = evaluateCustomer(compiled, input);
        if (!dryRun) dues.push({ customerId: read.customer.id, dueAt: nextTimeChange(compiled, input, state) });
        customers++;
        const stage = state.stage ?? '(none)';
        customersPerStage[stage] = (customersPerStage[stage] ?? 0) + 1;
        if ((previous?.stage ?? null) !== state.stage) stageChanges++;
        const tasks = state.nextActions.filter((action) => action.mode === 'create' && action.status === 'new');
        if (journeyStateFingerprint(state) !== journeyStateFingerprint(read.stored) || tasks.length > 0) {
          if (dryRun) {
            plan.push({
              customer: read.customer,
              from: previous?.stage ?? null,
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
      return step.value;
    };
    const readOptions = {
      ...(options.onProgress ? { onProgress: options.onProgress } : {}),
      ...(options.signal ? { signal: options.signal } : {}),
    };
    const lastFull = store.lastFullRead(scope);
    const fullDue =
      lastFull === undefined || asOf - Date.parse(lastFull) >= (options.fullReadEveryMs ?? FULL_READ_EVERY_MS);
    const since = orgChanged || fullDue ? undefined : store.watermark(scope);
    const { watermark } = await consume(
      connector.readCustomers(journey, { ...(since === undefined ? {} : { since }), ...readOptions }),
    );
    const unread = [...retrying].filter((id) => !seen.has(id));
    if (unread.length > 0 && options.signal?.aborted !== true) {
      await consume(connector.readCustomers(journey, { customerIds: unread, ...readOptions }));
      // Asked for by id and not returned: gone from the CRM (deleted, merged), nothing left to write.
      const gone = unread.filter((id) => !seen.has(id));
      if (!dryRun) {
        store.clearRetries(scope, gone);
        store.setDue(
          scope,
          gone.map((customerId) => ({ customerId, dueAt: null })),
        );
      }
    }
    // A stopped read (SIGTERM) saw only part of the changes: the watermark stays, the next run re-reads.
    const stopped = options.signal?.aborted === true;
    if (!dryRun && !stopped) {
      store.setDue(scope, dues);
      store.setWatermark(scope, watermark);
      if (since === undefined) store.setLastFullRead(scope, new Date(asOf).toISOString());
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
    };
    if (!dryRun)
      store.finishRun(runId, stopped ? 'interrupted' : totals.failures.length > 0 ? 'failed' : 'succeeded', summary);
    return summary;
  } catch (error) {
    if (!dryRun) store.finishRun(runId, 'failed', { error: error instanceof Error ? error.message : String(error) });
    throw error;
  }
}
