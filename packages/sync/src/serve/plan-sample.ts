import {
  compileJourney,
  evaluateCustomer,
  journeyStateFingerprint,
  type CrmConnector,
  type Diagnostic,
  type JourneyDefinition,
} from '@crm-journey/connector';
import type { PlannedChange } from '../run/run-sync.ts';

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
  /** True when the sample stopped at the limit and more customers exist. */
  readonly truncated: boolean;
  readonly customersPerStage: Readonly<Record<string, number>>;
  readonly stageChanges: number;
  /** Customers whose journey fields would be written or that would get tasks, as `sync --dry-run` lists them. */
  readonly plan: readonly PlannedChange[];
}

/** Default and ceiling of the sample size: the endpoint must stay cheap for the org's API allowance. */
export const DEFAULT_PLAN_LIMIT = 100;
export const MAX_PLAN_LIMIT = 1000;
/** The name journey diagnostics carry for a journey sent in a request body. */
export const PLAN_JOURNEY_FILE = 'request.journey';

/**
 * Checks a journey against the org and plans it over at most `limit` customers (or the given ones):
 * the stage each would be placed in, the changes and the tasks a sync would create. Nothing is
 * written and the sync's state is not touched; the previous stage is the one stored in the CRM.
 *
 * @example
 * const result = await planSample(connector, { journey: text, limit: 50 });
 */
export async function planSample(
  connector: CrmConnector,
  request: PlanRequest,
  asOf: number = Date.now(),
): Promise<PlanSampleResult> {
  const checked = await connector.checkJourney(request.journey, PLAN_JOURNEY_FILE);
  const empty = { customers: 0, truncated: false, customersPerStage: {}, stageChanges: 0, plan: [] };
  if (!checked.journey) return { errors: checked.errors, warnings: checked.warnings, ...empty };
  const definition: JourneyDefinition = checked.journey;
  const compiled = compileJourney(definition, { codegen: true });
  const limit = Math.min(request.limit ?? DEFAULT_PLAN_LIMIT, MAX_PLAN_LIMIT);
  const customersPerStage: Record<string, number> = Object.fromEntries(definition.stages.map((stage) => [stage.id, 0]));
  const plan: PlannedChange[] = [];
  let customers = 0;
  let stageChanges = 0;
  let truncated = false;
  const reader = connector.readCustomers(definition, {
    asOf,
    ...(request.customers === undefined ? {} : { customerIds: request.customers }),
  });
  // `for await` with `break` closes the reader, which stops reading further pages.
  for await (const read of reader) {
    if (customers >= limit) {
      truncated = true;
      break;
    }
    customers++;
    const state = evaluateCustomer(compiled, {
      customer: read.customer,
      records: read.records,
      changes: read.changes,
      previous: read.stored,
      asOf,
    });
    const stage = state.stage ?? '(none)';
    customersPerStage[stage] = (customersPerStage[stage] ?? 0) + 1;
    const from = read.stored?.stage ?? null;
    if (from !== state.stage) stageChanges++;
    const tasks = state.nextActions.filter((action) => action.mode === 'create' && action.status === 'new');
    if (journeyStateFingerprint(state) !== journeyStateFingerprint(read.stored) || tasks.length > 0)
      plan.push({
        customer: read.customer,
        from,
        to: state.stage,
        tasks: tasks.map((task) => ({ key: task.key, type: task.type, subject: task.subject, dueDate: task.dueDate })),
      });
  }
  return {
    journey: { id: definition.id, revision: definition.revision },
    errors: checked.errors,
    warnings: checked.warnings,
    customers,
    truncated,
    customersPerStage,
    stageChanges,
    plan,
  };
}
