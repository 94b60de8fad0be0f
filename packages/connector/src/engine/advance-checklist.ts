import type { CustomerRecords } from '../conditions/evaluate-condition.ts';
import type { CompiledJourney } from './compile-journey.ts';
import { conditionChecklist, oneItemAway, type ConditionChecklist } from './condition-checklist.ts';

/**
 * What it takes to reach a stage: `advance` for the next stage's conditions; `risk` for a backward move
 * from the current stage that is one condition away from holding (`stage` is where it would send the
 * customer back to).
 */
export interface AdvanceChecklist extends ConditionChecklist {
  readonly kind: 'advance' | 'risk';
  readonly stage: string;
  /** The move's id and label, for `risk`. */
  readonly move: { readonly id: string; readonly label: string } | null;
}

/**
 * The checklists for a customer at stage `index` (-1 for none): the next stage's conditions, then the
 * first backward move from this stage that misses exactly one of two or more conditions, if any.
 *
 * @example
 * advanceChecklists(compiled, records, asOf, 2)[0].items.filter((item) => !item.met);
 */
export function advanceChecklists(
  journey: CompiledJourney,
  records: CustomerRecords,
  asOf: number,
  index: number,
): AdvanceChecklist[] {
  const { idField } = journey.definition.profile;
  const compile = journey.recordCompiler;
  const out: AdvanceChecklist[] = [];
  const next = journey.stages[index + 1];
  if (next) {
    const { mode, met, items } = conditionChecklist(next.definition.when, records, asOf, idField, compile);
    out.push({ kind: 'advance', stage: next.definition.id, move: null, mode, met, items });
  }
  if (index < 0) return out;
  for (const move of journey.moves) {
    if (!move.definition.fromIndexes.has(index)) continue;
    // Decided from counts first: the items, ids and hints are built only for the move that is kept.
    if (!oneItemAway(move.definition.when, records, asOf, compile)) continue;
    const to = journey.stages[move.definition.toIndex];
    if (!to) continue;
    const { mode, met, items } = conditionChecklist(move.definition.when, records, asOf, idField, compile);
    out.push({
      kind: 'risk',
      stage: to.definition.id,
      move: { id: move.definition.id, label: move.definition.label },
      mode,
      met,
      items,
    });
    break;
  }
  return out;
}
