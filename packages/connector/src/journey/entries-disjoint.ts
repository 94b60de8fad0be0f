import type { CustomerCondition, RecordCondition } from '../conditions/condition-ast.ts';
import { describeCustomerCondition, describeRecordCondition } from '../conditions/describe-condition.ts';

/** The conjuncts of a condition: the items of a top-level `and`, else the condition itself. */
function conjuncts(condition: CustomerCondition): readonly CustomerCondition[] {
  return condition.kind === 'and' ? condition.items.flatMap(conjuncts) : [condition];
}

// The value one compare-eq / exists test pins a field to, as text: `Type=B2C`, `Type:set`.
function pinned(where: RecordCondition): Map<string, string> {
  const pins = new Map<string, string>();
  const items = where.kind === 'and' ? where.items : [where];
  for (const item of items) {
    if (item.kind === 'compare' && item.op === 'eq') pins.set(item.field, JSON.stringify(item.value));
    else if (item.kind === 'exists') pins.set(item.field, item.exists ? '\u0000set' : JSON.stringify({ kind: 'null' }));
  }
  return pins;
}

function excludes(a: CustomerCondition, b: CustomerCondition, root: string): boolean {
  if (a.kind === 'not' && describeCustomerCondition(a.item) === describeCustomerCondition(b)) return true;
  if (b.kind === 'not' && describeCustomerCondition(b.item) === describeCustomerCondition(a)) return true;
  if (a.kind !== 'quantified' || b.kind !== 'quantified' || a.object !== b.object) return false;
  const sameWhere = describeRecordCondition(a.where) === describeRecordCondition(b.where);
  const kinds = new Set([a.quantifier.kind, b.quantifier.kind]);
  if (sameWhere && kinds.has('any') && kinds.has('none')) return true;
  // The root object has one record per customer: two different values of one of its fields exclude each other.
  if (a.object !== root || a.quantifier.kind !== 'any' || b.quantifier.kind !== 'any') return false;
  const pinsA = pinned(a.where);
  for (const [field, value] of pinned(b.where)) {
    const other = pinsA.get(field);
    if (other !== undefined && other !== value) return true;
  }
  return false;
}

/**
 * Whether no customer can meet both entries, as far as their text shows: one negates a conjunct of the
 * other, `$any` meets `$none` of the same records, or both pin a field of the root record to different values.
 * False means "may overlap", not "overlaps".
 *
 * @example
 * entriesDisjoint(b2b.entry, b2c.entry, 'Account'); // true for IsPersonAccount: false / true
 */
export function entriesDisjoint(a: CustomerCondition, b: CustomerCondition, root: string): boolean {
  const left = conjuncts(a);
  const right = conjuncts(b);
  return left.some((x) => right.some((y) => excludes(x, y, root)));
}

/**
 * Whether every customer `later` takes is already taken by `earlier`: the earlier entry's conjuncts are
 * all among the later one's (so the later entry implies the earlier).
 *
 * @example
 * entryShadowed({ Account: { Type: 'Partner' } }, same plus `Industry: Retail`); // true
 */
export function entryShadowed(earlier: CustomerCondition, later: CustomerCondition): boolean {
  const laterTexts = new Set(conjuncts(later).map(describeCustomerCondition));
  return conjuncts(earlier).every((item) => laterTexts.has(describeCustomerCondition(item)));
}
