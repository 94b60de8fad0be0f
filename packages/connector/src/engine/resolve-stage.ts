import { formatInstant, instantText } from '../records/field-values.ts';
import type { CustomerRecords } from '../conditions/evaluate-condition.ts';
import type { CompiledJourney } from './compile-journey.ts';
import type { StageTransition } from './journey-state.ts';

/** Where a customer stands: a stage index (-1 for none) and when it entered it. */
export interface StagePosition {
  readonly index: number;
  readonly enteredAt: number;
}

/** The furthest stage whose condition holds, or -1. Checked from the end, so it stops at the first hit. */
export function furthestMatchingStage(journey: CompiledJourney, records: CustomerRecords, asOf: number): number {
  for (let i = journey.stages.length - 1; i >= 0; i--) {
    if (journey.stages[i]?.when(records, asOf) === true) return i;
  }
  return -1;
}

type Move = CompiledJourney['moves'][number];

/**
 * Per journey: its moves by the stage they leave, whether every move goes backward (as validation
 * ensures), and per stage the reasons a transition gives (one string each, not one per transition).
 */
interface MovePlan {
  readonly from: readonly (readonly Move[])[];
  readonly backward: boolean;
  readonly matchedReason: readonly string[];
  readonly leftReason: readonly string[];
}

const plans = new WeakMap<CompiledJourney, MovePlan>();
let lastJourney: CompiledJourney | undefined;
let lastPlan: MovePlan = { from: [], backward: false, matchedReason: [], leftReason: [] };

/** The journey's {@link MovePlan}, built once (the last one asked for is at hand without a lookup). */
function movePlan(journey: CompiledJourney): MovePlan {
  if (journey === lastJourney) return lastPlan;
  let plan = plans.get(journey);
  if (!plan) {
    const from = journey.stages.map((_, index) =>
      journey.moves.filter((move) => move.definition.fromIndexes.has(index)),
    );
    const backward = journey.moves.every((move) =>
      [...move.definition.fromIndexes].every((index) => index > move.definition.toIndex),
    );
    const labels = journey.stages.map((stage) => stage.definition.label);
    plan = {
      from,
      backward,
      matchedReason: labels.map((label) => `Matched the conditions of "${label}".`),
      leftReason: labels.map((label) => `No longer matches "${label}".`),
    };
    plans.set(journey, plan);
  }
  lastJourney = journey;
  lastPlan = plan;
  return plan;
}

/** The first move from the stage at `index` whose condition holds (moves in journey order). */
function activeMoveFrom(plan: MovePlan, index: number, records: CustomerRecords, at: number): Move | undefined {
  const moves = plan.from[index];
  if (moves) for (const move of moves) if (move.when(records, at)) return move;
  return undefined;
}

/**
 * One step of stage resolution at time `at`. The target is the furthest stage whose condition holds,
 * capped by the first active backward move whose `from` contains it (while a move's condition holds,
 * the customer belongs at the move's `to`; this is what keeps a move from fighting the forward rule
 * on the next run). Then:
 * - forward when the target is further than the current stage;
 * - backward through the first active move that applies from the current stage, to its `to` (or to
 *   the target, when that lies between `to` and the current stage);
 * - with `resolution: latest`, backward to the target without a move;
 * - otherwise the customer stays (forward-only).
 * Returns the transition, or undefined when nothing changes. `atSource`, when given, is a text `at`
 * was parsed from, which the transition's `at` reuses when it is already in the canonical form.
 */
export function resolveStep(
  journey: CompiledJourney,
  current: StagePosition,
  records: CustomerRecords,
  at: number,
  atSource?: unknown,
): StageTransition | undefined {
  const { stages, definition } = journey;
  const plan = movePlan(journey);
  const index = current.index;
  // Forward-only with backward moves: when no stage after the current one holds, the target is at or
  // before it, so only an active move from the current stage can change anything. Stages up to the
  // current one are only checked when there is one.
  const pruned = index >= 0 && plan.backward && definition.resolution !== 'latest';
  let matched = -1;
  let i = stages.length - 1;
  for (; i > (pruned ? index : -1); i--) {
    if (stages[i]?.when(records, at) === true) {
      matched = i;
      break;
    }
  }
  let move: Move | undefined;
  if (pruned && matched < 0) {
    move = activeMoveFrom(plan, index, records, at);
    if (!move) return undefined;
    for (; i >= 0; i--) {
      if (stages[i]?.when(records, at) === true) {
        matched = i;
        break;
      }
    }
  }
  const cap = matched >= 0 ? activeMoveFrom(plan, matched, records, at) : undefined;
  const target = cap ? cap.definition.toIndex : matched;
  if (target === index) return undefined;
  const { revision } = definition;
  if (index < 0) {
    if (target < 0) return undefined;
    const reason = cap ? cap.definition.reason : matchedReason(plan, target);
    return { at: atText(at, atSource), revision, from: null, to: id(journey, target), direction: 'initial', reason };
  }
  if (target > index) {
    return {
      at: atText(at, atSource),
      revision,
      from: id(journey, index),
      to: id(journey, target),
      direction: 'forward',
      reason: matchedReason(plan, target),
    };
  }
  move ??= activeMoveFrom(plan, index, records, at);
  if (move) {
    const { toIndex, reason, outcome } = move.definition;
    // Land on the move's target, or further if a stage between it and the current one still matches.
    return {
      at: atText(at, atSource),
      revision,
      from: id(journey, index),
      to: id(journey, Math.max(toIndex, target)),
      direction: 'backward',
      reason,
      move: move.definition.id,
      outcome,
    };
  }
  if (definition.resolution === 'latest' && target >= 0) {
    return {
      at: atText(at, atSource),
      revision,
      from: id(journey, index),
      to: id(journey, target),
      direction: 'backward',
      reason: plan.leftReason[index] ?? 'No longer matches "".',
    };
  }
  return undefined;
}

/** `formatInstant(at)`, from the text it was parsed from when there is one. */
const atText = (at: number, source: unknown): string =>
  source === undefined ? formatInstant(at) : instantText(source, at);

const id = (journey: CompiledJourney, index: number): string => journey.stages[index]?.definition.id ?? '';
const matchedReason = (plan: MovePlan, index: number): string =>
  plan.matchedReason[index] ?? 'Matched the conditions of "".';
