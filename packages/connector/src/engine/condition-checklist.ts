import type { CustomerCondition, RecordCondition } from '../conditions/condition-ast.ts';
import {
  compileCustomerCondition,
  compileRecordCondition,
  type CustomerPredicate,
  type CustomerRecords,
  type RecordPredicate,
} from '../conditions/evaluate-condition.ts';
import type { CrmRecord } from '../records/crm-record.ts';
import { readField } from '../records/field-values.ts';
import { clausePhrase, hintPhrase, itemPhrase, localized, showValue, type LocalizedText } from './checklist-phrases.ts';

/** Ids of the records that meet an item, kept in the state: at most this many. */
export const CHECKLIST_RECORD_LIMIT = 3;
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

type Quantified = Extract<CustomerCondition, { kind: 'quantified' }>;

interface Leaf {
  readonly condition: Quantified;
  readonly negated: boolean;
  /** The item's sentences depend on the condition only: built once. */
  readonly text: LocalizedText;
  readonly holds: CustomerPredicate;
  readonly where: RecordPredicate;
  readonly clauses: readonly { readonly condition: RecordCondition; readonly test: RecordPredicate }[];
}

interface Compiled {
  readonly mode: 'all' | 'any';
  readonly holds: CustomerPredicate;
  readonly leaves: readonly Leaf[];
}

// Compiled once per condition object (journeys are compiled once and evaluate many customers).
const cache = new WeakMap<CustomerCondition, Compiled>();

function leavesOf(condition: CustomerCondition, negated: boolean, out: Leaf[]): void {
  if (condition.kind === 'quantified') {
    const clauses = condition.where.kind === 'and' ? condition.where.items : [condition.where];
    out.push({
      condition,
      negated,
      text: localized((locale) => itemPhrase(condition.quantifier, condition.object, condition.where, negated, locale)),
      holds: compileCustomerCondition(condition),
      where: compileRecordCondition(condition.where),
      clauses: clauses.map((clause) => ({ condition: clause, test: compileRecordCondition(clause) })),
    });
  } else if (condition.kind === 'not') leavesOf(condition.item, !negated, out);
  else for (const item of condition.items) leavesOf(item, negated, out);
}

function compiled(condition: CustomerCondition): Compiled {
  let entry = cache.get(condition);
  if (entry) return entry;
  let top = condition;
  let negated = false;
  while (top.kind === 'not') {
    top = top.item;
    negated = !negated;
  }
  const leaves: Leaf[] = [];
  leavesOf(condition, false, leaves);
  const mode = (top.kind === 'or') !== negated && top.kind !== 'quantified' ? 'any' : 'all';
  entry = { mode, holds: compileCustomerCondition(condition), leaves };
  cache.set(condition, entry);
  return entry;
}

/** The smallest ids of `list`, at most `CHECKLIST_RECORD_LIMIT`: independent of the order the CRM returned. */
function firstIds(list: readonly CrmRecord[], ids: (record: CrmRecord) => string): string[] {
  return list.map(ids).sort().slice(0, CHECKLIST_RECORD_LIMIT);
}

/** The field a clause reads, for "now …" on the closest record. */
function clauseField(clause: RecordCondition): string | undefined {
  return clause.kind === 'all' || clause.kind === 'and' || clause.kind === 'or' || clause.kind === 'not'
    ? undefined
    : clause.field;
}

function hintFor(
  leaf: Leaf,
  records: readonly CrmRecord[],
  matched: readonly CrmRecord[],
  ids: (r: CrmRecord) => string,
  asOf: number,
): LocalizedText | null {
  const { quantifier, object, where } = leaf.condition;
  const what = (locale: Parameters<typeof itemPhrase>[4]): string =>
    itemPhrase({ kind: 'any' }, object, where, false, locale);
  const inTheWay = (list: readonly CrmRecord[]): LocalizedText =>
    localized((locale) => hintPhrase({ kind: 'in-the-way', ids: firstIds(list, ids), total: list.length }, locale));
  const wantsMore =
    !leaf.negated &&
    (quantifier.kind === 'any' ||
      (quantifier.kind === 'count' &&
        (quantifier.op === 'gte' ||
          quantifier.op === 'gt' ||
          (quantifier.op === 'eq' && matched.length < quantifier.n))));
  if (!wantsMore) {
    // Too many records match (none, at most, a negated item) or some do not (every): those stand in the way.
    if (quantifier.kind === 'all' && !leaf.negated)
      return inTheWay(records.filter((record) => !leaf.where(record, asOf)));
    return matched.length > 0 ? inTheWay(matched) : null;
  }
  if (quantifier.kind === 'count') {
    const n = quantifier.n - matched.length + (quantifier.op === 'gt' ? 1 : 0);
    return localized((locale) => hintPhrase({ kind: 'more', n, what: what(locale) }, locale));
  }
  let nearest: CrmRecord | undefined;
  let best = -1;
  for (const record of records) {
    let score = 0;
    for (const clause of leaf.clauses) if (clause.test(record, asOf)) score++;
    // Ties go to the smallest id: the CRM returns records in no fixed order, and the state must not churn.
    if (score > best || (score === best && nearest !== undefined && ids(record) < ids(nearest))) {
      best = score;
      nearest = record;
    }
  }
  if (nearest === undefined) return localized((locale) => hintPhrase({ kind: 'add', what: what(locale) }, locale));
  const closest = nearest;
  const missing = leaf.clauses.filter((clause) => !clause.test(closest, asOf)).slice(0, 3);
  return localized((locale) =>
    hintPhrase(
      {
        kind: 'nearest',
        id: ids(closest),
        missing: missing.map((clause) => {
          const field = clauseField(clause.condition);
          return clausePhrase(
            clause.condition,
            field === undefined ? undefined : showValue(readField(closest, field.split('.'))),
            locale,
          );
        }),
      },
      locale,
    ),
  );
}

/**
 * A customer condition as a checklist of plain sentences, evaluated by the same closures as the engine
 * and `explain`: one item per quantified condition (in `explain`'s order and paths), each met or not,
 * with the ids of the records that meet it and, when not met, the nearest way to meet it.
 *
 * @example
 * conditionChecklist(stage.definition.when, records, asOf, 'Id').items[0].text.en; // 'a Opportunity record where IsClosed = false'
 */
export function conditionChecklist(
  condition: CustomerCondition,
  records: CustomerRecords,
  asOf: number,
  idField: string,
): ConditionChecklist {
  const { mode, holds, leaves } = compiled(condition);
  const ids = (record: CrmRecord): string => String(record[idField]);
  const items = leaves.slice(0, CHECKLIST_ITEM_LIMIT).map((leaf): ChecklistItem => {
    const { quantifier, object } = leaf.condition;
    const all = records[object] ?? [];
    const matched = all.filter((record) => leaf.where(record, asOf));
    const met = leaf.holds(records, asOf) !== leaf.negated;
    const positive = met && !leaf.negated && quantifier.kind !== 'none';
    return {
      path: leaf.condition.path,
      object,
      met,
      text: leaf.text,
      records: positive ? firstIds(matched, ids) : [],
      matched: matched.length,
      hint: met ? null : hintFor(leaf, all, matched, ids, asOf),
    };
  });
  return { mode, met: holds(records, asOf), items };
}
