// The worker half of serve's evaluation pool: places customers on a journey (and explains them) on a
// worker thread, so a large journey over many customers never holds the event loop that answers
// /healthz, /metrics and the sync loop. Only plain data crosses: the journey definition and the records.
import {
  catalogFromSnapshot,
  compileJourney,
  compileJourneySet,
  evaluateCustomer,
  evaluateCustomerInSet,
  explainCustomer,
  placementReason,
  type CompiledJourney,
  type CompiledJourneySet,
  type JourneySetDefinition,
  type CustomerExplanation,
  type CustomerInput,
  type JourneyDefinition,
  type JourneyState,
  type CatalogSnapshot,
  type JourneyValidationResult,
  validateJourney,
} from '@crm-journey/connector';

/** One batch of customers to evaluate against one journey. */
export interface EvaluateTask {
  /** Names the definition: tasks with the same key reuse its compiled form. */
  readonly journeyKey: string;
  readonly definition: JourneyDefinition;
  readonly inputs: readonly CustomerInput[];
  /** Also explain each customer (the explain route). */
  readonly explain: boolean;
}

/** A customer's state, and its explanation when asked for. */
export interface EvaluatedCustomer {
  readonly state: JourneyState;
  readonly explanation?: CustomerExplanation;
}

// A few journeys compiled at a time: the served one and the plan requests in flight.
const compiled = new Map<string, CompiledJourney>();
const KEEP_COMPILED = 4;

function compiledFor(task: EvaluateTask): CompiledJourney {
  const found = compiled.get(task.journeyKey);
  if (found) return found;
  const journey = compileJourney(task.definition, { codegen: true });
  compiled.set(task.journeyKey, journey);
  for (const key of compiled.keys()) if (compiled.size > KEEP_COMPILED) compiled.delete(key);
  return journey;
}

/** A journey text to validate against an org's catalogue. */
export interface ValidateTask {
  readonly text: string;
  readonly file: string;
  readonly catalog: CatalogSnapshot;
}

/** Validates a journey on a worker thread of the pool: a large one takes seconds. */
export function validateTask(task: ValidateTask): JourneyValidationResult {
  return validateJourney(task.text, task.file, { catalog: catalogFromSnapshot(task.catalog) });
}

/** Evaluates (and explains) every customer of the task; runs on a worker thread of the pool. */
export function evaluateTask(task: EvaluateTask): EvaluatedCustomer[] {
  const journey = compiledFor(task);
  return task.inputs.map((input) => {
    const state = evaluateCustomer(journey, input);
    return task.explain ? { state, explanation: explainCustomer(journey, input, state) } : { state };
  });
}

/** One customer to place in a journey set and explain (the explain route). */
export interface ExplainInSetTask {
  /** Names the set: tasks with the same key reuse its compiled form. */
  readonly setKey: string;
  readonly set: JourneySetDefinition;
  readonly input: CustomerInput;
}

/** Where a customer stands in a set: its state and explanation (null in no journey), and in a set of several why. */
export interface ExplainedInSet {
  readonly state: JourneyState | null;
  readonly explanation: CustomerExplanation | null;
  readonly placement?: string;
}

const compiledSets = new Map<string, CompiledJourneySet>();

/** Places one customer in the set and explains it; runs on a worker thread of the pool. */
export function explainInSetTask(task: ExplainInSetTask): ExplainedInSet {
  let set = compiledSets.get(task.setKey);
  if (!set) {
    set = compileJourneySet(task.set, { codegen: true });
    compiledSets.set(task.setKey, set);
    for (const key of compiledSets.keys()) if (compiledSets.size > KEEP_COMPILED) compiledSets.delete(key);
  }
  const { state, placement } = evaluateCustomerInSet(set, task.input);
  const why = set.journeys.length > 1 ? { placement: placementReason(placement) } : {};
  if (state === null || placement.journey === undefined) return { state: null, explanation: null, ...why };
  return { state, explanation: explainCustomer(placement.journey, task.input, state), ...why };
}
