import type { CustomerCondition, Quantifier, RecordCondition } from '../conditions/condition-ast.ts';
import { compileRecordCondition, type RecordPredicate } from '../conditions/evaluate-condition.ts';
import {
  addText,
  CHECKLIST_LOCALES,
  itemPhrase,
  localized,
  recordPhrase,
  type ChecklistLocale,
  type LocalizedText,
} from './checklist-phrases.ts';

type Quantified = Extract<CustomerCondition, { kind: 'quantified' }>;

/** A sentence per language, not yet cut to the state's limit (a part of a longer sentence). */
export type Phrases = Readonly<Record<ChecklistLocale, string>>;

/** One clause of a leaf's record condition, for the closest record's "still needs". */
export interface ChecklistClause {
  readonly condition: RecordCondition;
  readonly test: RecordPredicate;
  readonly phrase: Phrases;
  /** The dotted field the clause reads, for "now …"; undefined for a combination. */
  readonly field: readonly string[] | undefined;
}

/** One quantified condition of a checklist, with every sentence part that does not depend on the customer. */
export interface ChecklistLeaf {
  readonly condition: Quantified;
  readonly negated: boolean;
  readonly text: LocalizedText;
  readonly where: RecordPredicate;
  readonly clauses: readonly ChecklistClause[];
  /** "a(n) Object record where …", for the hints. */
  readonly what: Phrases;
  /** The hint when no record is there yet. */
  readonly add: LocalizedText;
}

/** Compiles a record condition to a predicate: the closures', or a journey's generated code. */
export type RecordCompiler = (condition: RecordCondition) => RecordPredicate;

/** A customer condition prepared for checklists: compiled once per condition object. */
export interface CompiledChecklist {
  readonly mode: 'all' | 'any';
  readonly leaves: readonly ChecklistLeaf[];
  /** Each quantified node's place in `leaves`. */
  readonly leafIndex: ReadonlyMap<CustomerCondition, number>;
}

const phrases = (phrase: (locale: ChecklistLocale) => string): Phrases => {
  const out: Partial<Record<ChecklistLocale, string>> = {};
  for (const locale of CHECKLIST_LOCALES) out[locale] = phrase(locale);
  return out as Phrases;
};

const ANY: Quantifier = { kind: 'any' };

function clauseOf(condition: RecordCondition, compile: RecordCompiler): ChecklistClause {
  const combined =
    condition.kind === 'all' || condition.kind === 'and' || condition.kind === 'or' || condition.kind === 'not';
  return {
    condition,
    test: compile(condition),
    phrase: phrases((locale) => recordPhrase(condition, locale)),
    field: combined ? undefined : condition.field.split('.'),
  };
}

function leavesOf(condition: CustomerCondition, negated: boolean, compile: RecordCompiler, out: ChecklistLeaf[]): void {
  if (condition.kind === 'quantified') {
    const { quantifier, object, where } = condition;
    const what = phrases((locale) => itemPhrase(ANY, object, where, false, locale));
    out.push({
      condition,
      negated,
      text: localized((locale) => itemPhrase(quantifier, object, where, negated, locale)),
      where: compile(where),
      clauses: (where.kind === 'and' ? where.items : [where]).map((clause) => clauseOf(clause, compile)),
      what,
      add: addText(what),
    });
  } else if (condition.kind === 'not') leavesOf(condition.item, !negated, compile, out);
  else for (const item of condition.items) leavesOf(item, negated, compile, out);
}

// One cache per compiler: the closure engine and each generated journey keep their own predicates.
const caches = new WeakMap<RecordCompiler, WeakMap<CustomerCondition, CompiledChecklist>>();
let lastCompiler: RecordCompiler | undefined;
let lastCache = new WeakMap<CustomerCondition, CompiledChecklist>();

/**
 * The checklist form of a condition: its leaves in `explain`'s order, and whether `all` or `any` is
 * needed, with the record conditions compiled by `compile`.
 */
export function compiledChecklist(
  condition: CustomerCondition,
  compile: RecordCompiler = compileRecordCondition,
): CompiledChecklist {
  if (compile !== lastCompiler) {
    let found = caches.get(compile);
    if (!found) caches.set(compile, (found = new WeakMap()));
    lastCompiler = compile;
    lastCache = found;
  }
  const cache = lastCache;
  let entry = cache.get(condition);
  if (entry) return entry;
  let top = condition;
  let negated = false;
  while (top.kind === 'not') {
    top = top.item;
    negated = !negated;
  }
  const leaves: ChecklistLeaf[] = [];
  leavesOf(condition, false, compile, leaves);
  const leafIndex = new Map<CustomerCondition, number>();
  leaves.forEach((leaf, index) => leafIndex.set(leaf.condition, index));
  const mode = (top.kind === 'or') !== negated && top.kind !== 'quantified' ? 'any' : 'all';
  entry = { mode, leaves, leafIndex };
  cache.set(condition, entry);
  return entry;
}

/** Whether a quantifier holds for `matched` of `total` records (as the compiled condition decides it). */
export function quantifierHolds(quantifier: Quantifier, matched: number, total: number): boolean {
  switch (quantifier.kind) {
    case 'any':
      return matched > 0;
    case 'none':
      return matched === 0;
    case 'all':
      return matched === total;
    case 'count': {
      const { n } = quantifier;
      const op = quantifier.op;
      return op === 'eq'
        ? matched === n
        : op === 'gt'
          ? matched > n
          : op === 'gte'
            ? matched >= n
            : op === 'lt'
              ? matched < n
              : matched <= n;
    }
  }
}

/** The whole condition from each quantified node's result (`held[leafIndex]`). */
export function conditionHolds(
  condition: CustomerCondition,
  leafIndex: ReadonlyMap<CustomerCondition, number>,
  held: readonly boolean[],
): boolean {
  switch (condition.kind) {
    case 'quantified':
      return held[leafIndex.get(condition) ?? -1] === true;
    case 'not':
      return !conditionHolds(condition.item, leafIndex, held);
    case 'and':
      for (const item of condition.items) if (!conditionHolds(item, leafIndex, held)) return false;
      return true;
    case 'or':
      for (const item of condition.items) if (conditionHolds(item, leafIndex, held)) return true;
      return false;
  }
}
