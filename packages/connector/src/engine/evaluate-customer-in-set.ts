import type { CompiledJourneySet, JourneyPlacement } from './compile-journey-set.ts';
import { placeCustomer } from './compile-journey-set.ts';
import type { CustomerInput } from './customer-input.ts';
import { evaluateCustomer } from './evaluate-customer.ts';
import type { JourneyState, StageTransition } from './journey-state.ts';
import { isActivityClosed } from './activities.ts';
import type { CompiledJourney } from './compile-journey.ts';

/** A customer's move from one journey of a set to another in this evaluation. */
export interface JourneyMove {
  readonly from: string;
  readonly to: string;
  readonly reason: string;
  /** The old journey's generated tasks still open: left as they are (never deleted), reported. */
  readonly openTasks: readonly OpenTask[];
}

/** An open activity a journey generated (its action key names the journey). */
export interface OpenTask {
  readonly object: string;
  readonly recordId: string;
  readonly key: string;
}

/** What the set decided about one customer. */
export interface SetEvaluation {
  readonly placement: JourneyPlacement;
  /** The state in its journey; null when no journey of the set takes the customer (nothing is written). */
  readonly state: JourneyState | null;
  readonly move: JourneyMove | undefined;
}

// The activities of the customer whose action key says the journey `id` created them, still open.
function openTasksOf(journey: CompiledJourney, id: string, input: CustomerInput): OpenTask[] {
  const { profile } = journey.definition;
  const prefix = `cj:${id}:`;
  const open: OpenTask[] = [];
  for (const object of new Set(Object.values(profile.activityObjects))) {
    for (const record of input.records[object] ?? []) {
      const key = record[profile.actionKeyField];
      if (typeof key === 'string' && key.startsWith(prefix) && !isActivityClosed(profile, object, record, input.asOf))
        open.push({ object, recordId: String(record[profile.idField]), key });
    }
  }
  return open;
}

/** Why the placement chose its journey, in one sentence. */
export function placementReason(placement: JourneyPlacement): string {
  const taken = placement.tried[placement.tried.length - 1];
  const before = placement.tried.slice(0, -1).map((item) => `"${item.id}"`);
  if (placement.journey === undefined || taken === undefined)
    return `No journey of the set takes this customer: the entries of ${placement.tried.map((item) => `"${item.id}"`).join(', ')} do not hold.`;
  const why = taken.entry ? `its entry holds` : `it takes every customer the journeys before it leave`;
  return `In journey "${taken.id}": ${why}${before.length === 0 ? '' : ` (the entries of ${before.join(', ')} do not)`}.`;
}

/**
 * Evaluates one customer against a journey set: places it in the first journey whose entry holds, then
 * evaluates it there. A customer whose stored state belongs to another journey of the set moves: its
 * history is kept, the move is recorded (with its reason) on the first transition in the new journey,
 * which starts from the stage its conditions give now; the old journey's open tasks are reported.
 *
 * @example
 * const { state, move } = evaluateCustomerInSet(compiled, { customer, records, previous, asOf });
 */
export function evaluateCustomerInSet(set: CompiledJourneySet, input: CustomerInput): SetEvaluation {
  const placement = placeCustomer(set, input.records, input.asOf, input.customer.type);
  const journey = placement.journey;
  if (journey === undefined) return { placement, state: null, move: undefined };
  const previous = input.previous ?? null;
  const id = journey.definition.id;
  // A set of one behaves as the journey alone: another journey's state is not its history.
  if (previous === null || previous.journey.id === id || set.journeys.length === 1)
    return { placement, state: evaluateCustomer(journey, input), move: undefined };
  const reason = `Moved from journey "${previous.journey.id}" to "${id}". ${placementReason(placement)}`;
  // The new journey starts with no stage and the whole old history; the engine then steps it to the
  // stage its conditions give now, as one `initial` transition that carries the move.
  const start: JourneyState = {
    ...previous,
    journey: { id, revision: journey.definition.revision },
    segment: null,
    stage: null,
    stageEnteredAt: null,
    timeInStage: null,
    highWaterStage: null,
    guidance: null,
    nextActions: [],
  };
  const evaluated = evaluateCustomer(journey, { ...input, previous: start });
  const marker = { from: previous.journey.id, to: id };
  const before = previous.history.length;
  const added = evaluated.history[before];
  const history: StageTransition[] = [...previous.history];
  history.push(
    added
      ? { ...added, reason: `${reason} ${added.reason}`, journeyMove: marker }
      : {
          from: previous.stage,
          to: '',
          at: evaluated.evaluatedAt,
          direction: 'initial',
          reason: `${reason} No stage of "${id}" holds yet.`,
          revision: journey.definition.revision,
          journeyMove: marker,
        },
    ...evaluated.history.slice(before + 1),
  );
  const openTasks = openTasksOf(journey, previous.journey.id, input);
  return {
    placement,
    state: { ...evaluated, history },
    move: { from: previous.journey.id, to: id, reason, openTasks },
  };
}
