import type { CrmRecord } from '../records/crm-record.ts';
import { readField } from '../records/field-values.ts';
import { inTheWayText, moreText, nearestText, showValue, type LocalizedText } from './checklist-phrases.ts';
import type { ChecklistLeaf } from './checklist-leaves.ts';

/** Ids of the records that meet an item, kept in the state: at most this many. */
export const CHECKLIST_RECORD_LIMIT = 3;

/**
 * The smallest ids of `list`, at most `CHECKLIST_RECORD_LIMIT`, in order: independent of the order the
 * CRM returned (what sorting all ids and keeping the first would give, without the sort).
 */
export function firstIds(list: readonly CrmRecord[], ids: (record: CrmRecord) => string): string[] {
  const out: string[] = [];
  for (const record of list) {
    const id = ids(record);
    let at = out.length;
    while (at > 0 && id < (out[at - 1] as string)) at--;
    if (at >= CHECKLIST_RECORD_LIMIT) continue;
    out.splice(at, 0, id);
    if (out.length > CHECKLIST_RECORD_LIMIT) out.length = CHECKLIST_RECORD_LIMIT;
  }
  return out;
}

function inTheWay(list: readonly CrmRecord[], ids: (r: CrmRecord) => string): LocalizedText {
  const first = firstIds(list, ids);
  return inTheWayText(first, list.length);
}

// The closest record's missing clauses (at most three) and their values: arrays reused from customer to
// customer, as `nearestText` copies what it keeps into the sentences.
const missingPhrases: LocalizedText[] = [];
const missingValues: (string | undefined)[] = [];

/** "Closest: … still needs …" for the record meeting most of the leaf's clauses. */
function nearestHint(leaf: ChecklistLeaf, closest: CrmRecord, id: string, asOf: number): LocalizedText {
  missingPhrases.length = 0;
  missingValues.length = 0;
  for (const clause of leaf.clauses) {
    if (missingPhrases.length >= 3) break;
    if (clause.test(closest, asOf)) continue;
    missingPhrases.push(clause.phrase);
    missingValues.push(clause.field === undefined ? undefined : showValue(readField(closest, clause.field)));
  }
  return nearestText(id, missingPhrases, missingValues);
}

/** The leaf's "N more needed" hint, built once per leaf and count and shared by every customer. */
function moreHint(leaf: ChecklistLeaf, n: number): LocalizedText {
  let byCount = moreHints.get(leaf);
  if (!byCount) moreHints.set(leaf, (byCount = new Map<number, LocalizedText>()));
  let hint = byCount.get(n);
  if (!hint) byCount.set(n, (hint = Object.freeze(moreText(n, leaf.what))));
  return hint;
}

const moreHints = new WeakMap<ChecklistLeaf, Map<number, LocalizedText>>();

/** For an unmet item: the closest record and what it lacks, how many more are needed, or what is in the way. */
export function hintFor(
  leaf: ChecklistLeaf,
  records: readonly CrmRecord[],
  matched: readonly CrmRecord[],
  ids: (r: CrmRecord) => string,
  asOf: number,
): LocalizedText | null {
  const { quantifier } = leaf.condition;
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
      return inTheWay(
        records.filter((record) => !leaf.where(record, asOf)),
        ids,
      );
    return matched.length > 0 ? inTheWay(matched, ids) : null;
  }
  if (quantifier.kind === 'count') {
    const n = quantifier.n - matched.length + (quantifier.op === 'gt' ? 1 : 0);
    return moreHint(leaf, n);
  }
  let nearest: CrmRecord | undefined;
  let nearestId = '';
  // No record meets the leaf (`any`, unmet). With one clause, that clause is the whole record condition:
  // every record scores 0, so the closest is the smallest id, found without testing a record again.
  if (leaf.clauses.length === 1) {
    for (const record of records) {
      const id = ids(record);
      if (nearest === undefined || id < nearestId) {
        nearest = record;
        nearestId = id;
      }
    }
    return nearest === undefined ? leaf.add : nearestHint(leaf, nearest, nearestId, asOf);
  }
  let best = -1;
  for (const record of records) {
    let score = 0;
    for (const clause of leaf.clauses) if (clause.test(record, asOf)) score++;
    // Ties go to the smallest id: the CRM returns records in no fixed order, and the state must not churn.
    if (score > best) {
      best = score;
      nearest = record;
      nearestId = ids(record);
    } else if (score === best && nearest !== undefined) {
      const id = ids(record);
      if (id < nearestId) {
        nearest = record;
        nearestId = id;
      }
    }
  }
  return nearest === undefined ? leaf.add : nearestHint(leaf, nearest, nearestId, asOf);
}
