import { randomUUID } from 'node:crypto';
import {
  journeyStateFingerprint,
  type CrmConnector,
  type CustomerInput,
  type Diagnostic,
  type JourneyDefinition,
  type ReadCustomer,
} from '@crm-journey/connector';
import { plannedChange } from '../run/planned-change.ts';
import type { PlannedChange } from '../run/planned-changes.ts';
import type { EvaluationPool } from './evaluation-pool.ts';

/** What `POST /v1/plan` asks for. */
export interface PlanRequest {
  /** The journey file's text, YAML or JSON. */
  readonly journey: string;
  /** Only these customers (root or lead ids). */
  readonly customers?: readonly string[];
  /** At most this many customers are read; default {@link DEFAULT_PLAN_LIMIT}. */
  readonly limit?: number;
}

/** The dry run of a journey over a bounded sample of the org. */
export interface PlanSampleResult {
  readonly journey?: { readonly id: string; readonly revision: string | number };
  readonly errors: readonly Diagnostic[];
  readonly warnings: readonly Diagnostic[];
  /** Customers read and evaluated. */
  readonly customers: number;
  /** True when the sample stopped at the limit (or the record budget) and more customers exist. */
  readonly truncated: boolean;
  /** What stopped the sample early: the customer `limit`, or the record budget {@link MAX_PLAN_RECORDS}. */
  readonly truncatedBy?: 'limit' | 'records';
  readonly customersPerStage: Readonly<Record<string, number>>;
  readonly stageChanges: number;
  /** Customers whose journey fields would be written or that would get tasks, as `sync --dry-run` lists them. */
  readonly plan: readonly PlannedChange[];
}

/** Default and ceiling of the sample size: the endpoint must stay cheap for the org's API allowance. */
const DEFAULT_PLAN_LIMIT = 100;
export const MAX_PLAN_LIMIT = 1000;
/** At most this many records (all objects) are read and evaluated for one plan. */
export const MAX_PLAN_RECORDS = 100_000;
/** Customers per batch sent to the evaluation pool. */
const BATCH = 100;
/** The name journey diagnostics carry for a journey sent in a request body. */
const PLAN_JOURNEY_FILE = 'request.journey';

/** What a plan may spend, beside the request's own `limit`. */
export interface PlanBudget {
  /** The most records read (default {@link MAX_PLAN_RECORDS}). */
  readonly maxRecords?: number;
  /** Aborts reading and evaluation (the time budget). */
  readonly signal?: AbortSignal;
}

function recordCount(read: ReadCustomer): number {
  let count = 0;
  for (const rows of Object.values(read.records)) count += rows.length;
  return count;
}

/**
 * Checks a journey against the org and plans it over at most `limit` customers (or the given ones):
 * the stage each would be placed in, the changes and the tasks a sync would create. The CRM is read
 * here, the customers are evaluated on the pool's worker threads, in batches. Nothing is written and
 * the sync's state is not touched; the previous stage is the one stored in the CRM.
 *
 * @example
 * const result = await planSample(connector, pool, { journey: text, limit: 50 }, Date.now(), { signal });
 */
export async function planSample(
  connector: CrmConnector,
  pool: EvaluationPool,
  request: PlanRequest,
  asOf: number = Date.now(),
  budget: PlanBudget = {},
): Promise<PlanSampleResult> {
  // Validating a large journey takes seconds: on a worker, like the evaluation.
  const checked = await connector.checkJourney(request.journey, PLAN_JOURNEY_FILE, {
    validate: pool.validator(budget.signal),
  });
  budget.signal?.throwIfAborted();
  const empty = { customers: 0, truncated: false, customersPerStage: {}, stageChanges: 0, plan: [] };
  if (!checked.journey) return { errors: checked.errors, warnings: checked.warnings, ...empty };
  const definition: JourneyDefinition = checked.journey;
  const journeyKey = randomUUID();
  const limit = Math.min(request.limit ?? DEFAULT_PLAN_LIMIT, MAX_PLAN_LIMIT);
  const maxRecords = budget.maxRecords ?? MAX_PLAN_RECORDS;
  const customersPerStage: Record<string, number> = Object.fromEntries(definition.stages.map((stage) => [stage.id, 0]));
  const plan: PlannedChange[] = [];
  let customers = 0;
  let records = 0;
  let stageChanges = 0;
  let truncatedBy: 'limit' | 'records' | undefined;
  let batch: ReadCustomer[] = [];
  const flush = async (): Promise<void> => {
    if (batch.length === 0) return;
    const reads = batch;
    batch = [];
    const inputs: CustomerInput[] = reads.map((read) => ({
      customer: read.customer,
      records: read.records,
      changes: read.changes,
      previous: read.stored,
      asOf,
    }));
    const evaluated = await pool.run({ journeyKey, definition, inputs, explain: false }, budget.signal);
    evaluated.forEach(({ state }, index) => {
      const read = reads[index];
      if (!read) return;
      const stage = state.stage ?? '(none)';
      customersPerStage[stage] = (customersPerStage[stage] ?? 0) + 1;
      const from = read.stored?.stage ?? null;
      if (from !== state.stage) stageChanges++;
      const tasks = state.nextActions.filter((action) => action.mode === 'create' && action.status === 'new');
      if (journeyStateFingerprint(state) !== journeyStateFingerprint(read.stored) || tasks.length > 0)
        plan.push(plannedChange(read.customer, from, state.stage, tasks));
    });
  };
  const reader = connector.readCustomers(definition, {
    asOf,
    ...(request.customers === undefined ? {} : { customerIds: request.customers }),
    ...(budget.signal === undefined ? {} : { signal: budget.signal }),
  });
  // `for await` with `break` closes the reader, which stops reading further pages.
  for await (const read of reader) {
    budget.signal?.throwIfAborted();
    if (customers >= limit) {
      truncatedBy = 'limit';
      break;
    }
    const count = recordCount(read);
    if (records + count > maxRecords) {
      truncatedBy = 'records';
      break;
    }
    records += count;
    customers++;
    batch.push(read);
    if (batch.length >= BATCH) await flush();
  }
  budget.signal?.throwIfAborted();
  await flush();
  return {
    journey: { id: definition.id, revision: definition.revision },
    errors: checked.errors,
    warnings: checked.warnings,
    customers,
    truncated: truncatedBy !== undefined,
    ...(truncatedBy === undefined ? {} : { truncatedBy }),
    customersPerStage,
    stageChanges,
    plan,
  };
}
