import { formatInstant } from '../records/field-values.ts';
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

/** The first backward move from the stage at `index` whose condition holds. Moves are checked lazily, only those from that stage. */
function activeMoveFrom(
  journey: CompiledJourney,
  index: number,
  records: CustomerRecords,
  at: number,
): CompiledJourney['moves'][number] | undefined {
  for (const move of journey.moves) if (move.definition.fromIndexes.has(index) && move.when(records, at)) return move;
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
 * Returns the transition, or undefined when nothing changes.
 */
export function resolveStep(
  journey: CompiledJourney,
  current: StagePosition,
  records: CustomerRecords,
  at: number,
): StageTransition | undefined {
  const { stages, definition } = journey;
  const matched = furthestMatchingStage(journey, records, at);
  const cap = matched >= 0 ? activeMoveFrom(journey, matched, records, at) : undefined;
  const target = cap ? cap.definition.toIndex : matched;
  if (target === current.index) return undefined;
  const id = (index: number): string => stages[index]?.definition.id ?? '';
  const label = (index: number): string => stages[index]?.definition.label ?? '';
  const base = { at: formatInstant(at), revision: definition.revision };
  if (current.index < 0) {
    if (target < 0) return undefined;
    const reason = cap ? cap.definition.reason : `Matched the conditions of "${label(target)}".`;
    return { ...base, from: null, to: id(target), direction: 'initial', reason };
  }
  if (target > current.index) {
    return {
      ...base,
      from: id(current.index),
      to: id(target),
      direction: 'forward',
      reason: `Matched the conditions of "${label(target)}".`,
    };
  }
  const move = activeMoveFrom(journey, current.index, records, at);
  if (move) {
    const { toIndex, reason, outcome } = move.definition;
    // Land on the move's target, or further if a stage between it and the current one still matches.
    return {
      ...base,
      from: id(current.index),
      to: id(Math.max(toIndex, target)),
      direction: 'backward',
      reason,
      move: move.definition.id,
      outcome,
    };
  }
  if (definition.resolution === 'latest' && target >= 0) {
    return {
      ...base,
      from: id(current.index),
      to: id(target),
      direction: 'backward',
      reason: `No longer matches "${label(current.index)}".`,
    };
  }
  return undefined;
}
