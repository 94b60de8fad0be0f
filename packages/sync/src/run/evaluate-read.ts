import {
  evaluateCustomerInSet,
  journeyStateFingerprint,
  tasksNotYetCreated,
  type CompiledJourneySet,
  type CustomerWrite,
  type JourneyDefinition,
  type JourneyState,
  type ReadCustomer,
  type ReadSummary,
} from '@crm-journey/connector';
import type { SyncStore } from '../state/sync-store.ts';
import type { JourneySetTally } from './journey-set-summary.ts';
import { plannedChange } from './planned-change.ts';
import type { PlanSpool } from './planned-changes.ts';
import { setNextTimeChange } from './set-next-time-change.ts';

/** What {@link evaluateRead} needs from its run: the rules, the state, and where a full batch goes. */
export interface EvaluateReadContext {
  readonly compiled: CompiledJourneySet;
  /** The read definition of the run (the set's, for a journey set). */
  readonly journey: JourneyDefinition;
  readonly store: SyncStore;
  readonly scope: string;
  readonly asOf: number;
  readonly dryRun: boolean;
  readonly replay: boolean;
  /** Another org behind the target: the stored states belong to the old one and are not read. */
  readonly ignoreStored: boolean;
  readonly batchSize: number;
  /** The key of a stage in `customersPerStage` (`<journey>/<stage>` in a set of several). */
  readonly stageKey: (journeyId: string, stage: string) => string;
  /** Queues (and writes, or hands out) one batch of writes. */
  readonly flush: (batch: CustomerWrite[]) => Promise<void>;
  /** Customer ids whose reading is noted in {@link EvaluateTally.seen} (the retry and due lists). */
  readonly watch: ReadonlySet<string>;
}

/** What the customers read so far came to; {@link evaluateRead} adds to it. */
export interface EvaluateTally {
  customers: number;
  stageChanges: number;
  readonly customersPerStage: Record<string, number>;
  /** A dry run's plan (a run that writes adds nothing to it). */
  readonly plan?: PlanSpool;
  /** When each customer's placement can next change by time alone. */
  readonly dues: { customerId: string; dueAt: string | null }[];
  /** The watched ids that were read. */
  readonly seen: Set<string>;
  readonly setSummary: JourneySetTally;
}

/**
 * Evaluates every customer of one read against its previous state and batches what changed (the
 * journey fields, the new tasks): the heart of a run, shared by a process's own read and by a fleet's
 * read partitions. Returns the read's summary (its watermark).
 *
 * @example
 * const { watermark } = await evaluateRead(context, tally, connector.readCustomers(journey, { since }));
 */
export async function evaluateRead(
  context: EvaluateReadContext,
  tally: EvaluateTally,
  reader: AsyncGenerator<ReadCustomer, ReadSummary>,
): Promise<ReadSummary> {
  const { compiled, journey, store, scope, asOf, dryRun, replay } = context;
  let batch: CustomerWrite[] = [];
  // States of customers read and not written (already right in the CRM), kept in the store in batches:
  // a fresh store knows every customer after its first run, not only those it wrote.
  let kept: { customerId: string; state: JourneyState }[] = [];
  const keep = async (force: boolean): Promise<void> => {
    if (kept.length === 0 || (!force && kept.length < context.batchSize)) return;
    const states = kept;
    kept = [];
    await store.keepStates(scope, states);
  };
  let step = await reader.next();
  while (!step.done) {
    const read = step.value;
    if (context.watch.has(read.customer.id)) tally.seen.add(read.customer.id);
    const stored =
      read.stored ?? (context.ignoreStored ? undefined : await store.previous(scope, read.customer.id)) ?? null;
    const previous = replay ? null : stored;
    const input = { customer: read.customer, records: read.records, changes: read.changes, previous, asOf };
    const evaluation = evaluateCustomerInSet(compiled, input);
    if (!dryRun)
      tally.dues.push({ customerId: read.customer.id, dueAt: setNextTimeChange(compiled, input, evaluation) });
    tally.customers++;
    const state = evaluation.state;
    tally.setSummary.count(read.customer.id, evaluation);
    if (state === null) {
      // In no journey of the set: nothing is written for it.
      step = await reader.next();
      continue;
    }
    const stage = context.stageKey(state.journey.id, state.stage ?? '(none)');
    tally.customersPerStage[stage] = (tally.customersPerStage[stage] ?? 0) + 1;
    if ((stored?.stage ?? null) !== state.stage) tally.stageChanges++;
    const fresh = state.nextActions.filter((action) => action.mode === 'create' && action.status === 'new');
    const tasks = replay ? tasksNotYetCreated(journey.profile, read.records, fresh) : fresh;
    if (journeyStateFingerprint(state) === journeyStateFingerprint(read.stored) && tasks.length === 0) {
      if (!dryRun) kept.push({ customerId: read.customer.id, state });
      await keep(false);
    } else {
      if (dryRun) {
        tally.plan?.add(plannedChange(read.customer, stored?.stage ?? null, state.stage, tasks));
      } else {
        // The fingerprint lets the next incremental read skip the echo of this write.
        batch.push({
          customer: read.customer,
          state,
          stored: read.stored,
          tasks,
          sourceFingerprint: read.sourceFingerprint,
        });
        if (batch.length >= context.batchSize) {
          await context.flush(batch);
          batch = [];
        }
      }
    }
    step = await reader.next();
  }
  await context.flush(batch);
  await keep(true);
  return step.value;
}
