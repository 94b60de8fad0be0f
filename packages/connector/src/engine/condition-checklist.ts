import type { CustomerCondition } from '../conditions/condition-ast.ts';
import type { CustomerRecords } from '../conditions/evaluate-condition.ts';
import type { CrmRecord } from '../records/crm-record.ts';
import { firstIds, hintFor } from './checklist-hint.ts';
import { compiledChecklist, conditionHolds, quantifierHolds, type RecordCompiler } from './checklist-leaves.ts';
import type { LocalizedText } from './checklist-phrases.ts';

export { CHECKLIST_RECORD_LIMIT } from './checklist-hint.ts';
/** Items kept per checklist; a longer condition keeps its first ones. */
export const CHECKLIST_ITEM_LIMIT = 8;

/** One condition of a stage or move: met or not, the records that meet it and, when not, the nearest way. */
export interface ChecklistItem {
  /** Where the condition was written, as `explain` names it, e.g. `stages[3].when.Opportunity`. */
  readonly path: string;
  /** The CRM object the condition counts records of, e.g. `Opportunity`. */
  readonly object: string;
  readonly met: boolean;
  readonly text: LocalizedText;
  /** Ids of the records that meet it (at most `CHECKLIST_RECORD_LIMIT`). */
  readonly records: readonly string[];
  /** How many of the object's records match its record condition. */
  readonly matched: number;
  /** For an unmet item: the closest record and what it lacks, or what to add; null otherwise. */
  readonly hint: LocalizedText | null;
}

/** A condition as a checklist: `all` items needed, or `any` one of them. */
export interface ConditionChecklist {
  readonly mode: 'all' | 'any';
  /** The whole condition holds. */
  readonly met: boolean;
  readonly items: readonly ChecklistItem[];
}

const NO_RECORDS: readonly CrmRecord[] = [];

/**
 * A customer condition as a checklist of plain sentences, decided as the engine and `explain` decide it:
 * one item per quantified condition (in `explain`'s order and paths), each met or not, with the ids of
 * the records that meet it and, when not met, the nearest way to meet it. Each record condition runs
 * once per record; the quantifiers and the whole condition are decided from those counts.
 *
 * @example
 * conditionChecklist(stage.definition.when, records, asOf, 'Id').items[0].text.en; // 'a Opportunity record where IsClosed = false'
 */
export function conditionChecklist(
  condition: CustomerCondition,
  records: CustomerRecords,
  asOf: number,
  idField: string,
  compile?: RecordCompiler,
): ConditionChecklist {
  const { mode, leaves, leafIndex } = compiledChecklist(condition, compile);
  const ids = (record: CrmRecord): string => String(record[idField]);
  const held = scratchHeld;
  held.length = 0;
  const items: ChecklistItem[] = [];
  for (let at = 0; at < leaves.length; at++) {
    const leaf = leaves[at] as (typeof leaves)[number];
    const { quantifier, object } = leaf.condition;
    const all = records[object] ?? NO_RECORDS;
    if (at >= CHECKLIST_ITEM_LIMIT) {
      let count = 0;
      for (const record of all) if (leaf.where(record, asOf)) count++;
      held.push(quantifierHolds(quantifier, count, all.length));
      continue;
    }
    const matched = scratchMatched;
    matched.length = 0;
    for (const record of all) if (leaf.where(record, asOf)) matched.push(record);
    held.push(quantifierHolds(quantifier, matched.length, all.length));
    const met = held[at] !== leaf.negated;
    const positive = met && !leaf.negated && quantifier.kind !== 'none';
    items.push({
      path: leaf.condition.path,
      object,
      met,
      text: leaf.text,
      records: positive ? firstIds(matched, ids) : NO_IDS,
      matched: matched.length,
      hint: met ? null : hintFor(leaf, all, matched, ids, asOf),
    });
  }
  scratchMatched.length = 0;
  return { mode, met: conditionHolds(condition, leafIndex, held), items };
}

// The records meeting the current leaf: read by `firstIds` and `hintFor`, which keep none of it.
const scratchMatched: CrmRecord[] = [];
const NO_IDS: readonly string[] = Object.freeze([]);

// Each quantified node's result, in an array reused from call to call (`conditionHolds` reads it last).
const scratchHeld: boolean[] = [];

/**
 * Whether the condition's checklist is in `all` mode, not met, with two or more items of which exactly
 * one is unmet: what makes a backward move a `risk` checklist. Counts only: no ids, no hints, no items.
 *
 * @example
 * if (oneItemAway(move.definition.when, records, asOf)) conditionChecklist(move.definition.when, records, asOf, 'Id');
 */
export function oneItemAway(
  condition: CustomerCondition,
  records: CustomerRecords,
  asOf: number,
  compile?: RecordCompiler,
): boolean {
  const { mode, leaves, leafIndex } = compiledChecklist(condition, compile);
  if (mode !== 'all' || leaves.length < 2) return false;
  const held = scratchHeld;
  held.length = 0;
  let unmet = 0;
  for (let at = 0; at < leaves.length; at++) {
    const leaf = leaves[at] as (typeof leaves)[number];
    const { quantifier, object } = leaf.condition;
    const all = records[object] ?? NO_RECORDS;
    let count = 0;
    for (const record of all) if (leaf.where(record, asOf)) count++;
    const holds = quantifierHolds(quantifier, count, all.length);
    held.push(holds);
    if (at < CHECKLIST_ITEM_LIMIT && holds === leaf.negated && ++unmet > 1) return false;
  }
  return unmet === 1 && !conditionHolds(condition, leafIndex, held);
}
