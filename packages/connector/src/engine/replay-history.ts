import type { CustomerRecords } from '../conditions/evaluate-condition.ts';
import { isUtcOffset, parseInstant } from '../records/field-values.ts';
import type { CrmRecord } from '../records/crm-record.ts';
import { asOfText } from './as-of-text.ts';
import type { CompiledJourney } from './compile-journey.ts';
import type { FieldChange } from '../records/field-change.ts';
import type { StageTransition } from './journey-state.ts';
import { resolveStep, type StagePosition } from './resolve-stage.ts';

/** Past moments replayed at most; older ones are dropped, so a huge history costs a bounded time. */
const MAX_REPLAY_POINTS = 256;

/** A record with its fields rolled back to `at` through its changes (sorted by time). */
function recordAt(record: CrmRecord, recordChanges: readonly FieldChange[], at: number): CrmRecord {
  const past: Record<string, unknown> = { ...record };
  const decided = new Set<string>();
  // The last change at or before `at` wins; else the first later one's old value.
  for (let i = recordChanges.length - 1; i >= 0; i--) {
    const change = recordChanges[i];
    if (change === undefined || change.at > at || decided.has(change.field)) continue;
    past[change.field] = change.newValue;
    decided.add(change.field);
  }
  for (const change of recordChanges) {
    if (change.at > at && !decided.has(change.field)) {
      past[change.field] = change.oldValue;
      decided.add(change.field);
    }
  }
  return past;
}

/** One object's records with their creation times, parsed once for all the moments replayed. */
interface TimedRecords {
  readonly object: string;
  readonly list: readonly CrmRecord[];
  /** Per record, its creation time (NaN when it has none: never hidden). */
  readonly created: readonly number[];
  /** The latest creation time; an `at` at or after it hides none of the records. */
  readonly newest: number;
}

/**
 * The records as they were at `at`: only those created by then, with fields rolled back through the changes.
 * An object none of whose records is hidden or rolled back keeps its list, so a replay copies only what differs.
 */
function recordsAt(
  objects: readonly TimedRecords[],
  changes: ReadonlyMap<string, readonly FieldChange[]>,
  idField: string,
  at: number,
): CustomerRecords {
  const out: Record<string, readonly CrmRecord[]> = {};
  for (const { object, list, created, newest } of objects) {
    if (changes.size === 0 && !(newest > at)) {
      out[object] = list;
      continue;
    }
    // Undefined while every record so far is kept as it is.
    let kept: CrmRecord[] | undefined;
    for (let i = 0; i < list.length; i++) {
      const record = list[i] as CrmRecord;
      let past: CrmRecord | undefined = record;
      if ((created[i] ?? Number.NaN) > at) past = undefined;
      else if (changes.size > 0) {
        const recordChanges = changes.get(`${object}\u0000${String(record[idField])}`);
        if (recordChanges) past = recordAt(record, recordChanges, at);
      }
      if (past === record && kept === undefined) continue;
      kept ??= list.slice(0, i);
      if (past) kept.push(past);
    }
    out[object] = kept ?? list;
  }
  return out;
}

/**
 * `parseInstant(value) > asOf`, where `text` is `formatInstant(asOf)`. Fixed-width ISO texts
 * (`YYYY-MM-DD`, `…sssZ`, Salesforce's `…sss+0000`) sort as their instants do, so one at or before
 * `text` is not later whether or not it is a valid date (an invalid one is no instant: not later
 * either). Only the others are parsed.
 */
export function isLater(value: unknown, asOf: number, text: string): boolean {
  if (
    typeof value === 'string' &&
    text.length === 24 &&
    value <= text &&
    (value.length === 10 ||
      (value.length === 24 && value.charCodeAt(23) === 90) ||
      (value.length === 28 && isUtcOffset(value, 23)))
  )
    return false;
  return parseInstant(value) > asOf;
}

/**
 * The records created at or before `asOf` (the same object when none is later): what a steady-state
 * evaluation sees, so that it agrees with a first-sight replay at the same time.
 */
export function withoutLaterRecords(records: CustomerRecords, createdField: string, asOf: number): CustomerRecords {
  const text = asOfText(asOf);
  let out: Record<string, readonly CrmRecord[] | undefined> | undefined;
  for (const object of Object.keys(records)) {
    const list = records[object];
    if (!list) continue;
    let kept: CrmRecord[] | undefined;
    for (let i = 0; i < list.length; i++) {
      const record = list[i] as CrmRecord;
      if (isLater(record[createdField], asOf, text)) kept ??= list.slice(0, i);
      else kept?.push(record);
    }
    if (!kept) continue;
    out ??= { ...records };
    out[object] = kept;
  }
  return out ?? records;
}

/** A first-sight replay: the history, and the records as they were at `asOf` (later records hidden). */
export interface ReplayResult {
  readonly history: StageTransition[];
  readonly view: CustomerRecords;
}

/**
 * Rebuilds a customer's stage history on first sight: the journey is evaluated at every moment a
 * record was created or a tracked field changed, with the records as they were then, and finally at
 * `asOf`, with records created later hidden and later changes rolled back.
 */
export function replayHistory(
  journey: CompiledJourney,
  records: CustomerRecords,
  changes: readonly FieldChange[],
  asOf: number,
): ReplayResult {
  const { createdField, idField } = journey.definition.profile;
  const byRecord = new Map<string, FieldChange[]>();
  const moments: number[] = [];
  let laterChanges = false;
  for (const change of changes) {
    const key = `${change.object}\u0000${change.recordId}`;
    let list = byRecord.get(key);
    if (!list) byRecord.set(key, (list = []));
    list.push(change);
    if (change.at <= asOf) moments.push(change.at);
    else laterChanges = true;
  }
  for (const list of byRecord.values()) list.sort((a, b) => a.at - b.at);
  let laterRecords = false;
  const objects: TimedRecords[] = [];
  for (const [object, list] of Object.entries(records)) {
    if (!list) continue;
    const created: number[] = [];
    let newest = Number.NEGATIVE_INFINITY;
    for (const record of list) {
      const at = parseInstant(record[createdField]);
      created.push(at);
      if (at > newest) newest = at;
      if (at > asOf) laterRecords = true;
      else if (!Number.isNaN(at) && at < asOf) moments.push(at);
    }
    objects.push({ object, list, created, newest });
  }
  moments.sort((a, b) => a - b);
  // The distinct moments, the latest MAX_REPLAY_POINTS of them.
  const distinct: number[] = [];
  for (const at of moments) if (at !== distinct[distinct.length - 1]) distinct.push(at);
  const points = distinct.length > MAX_REPLAY_POINTS ? distinct.slice(-MAX_REPLAY_POINTS) : distinct;
  const history: StageTransition[] = [];
  let position: StagePosition = { index: -1, enteredAt: Number.NaN };
  // One step per moment is enough: a backward move lands no lower than the (capped) furthest match,
  // so no second step could move the customer again at the same moment.
  const apply = (view: CustomerRecords, at: number): void => {
    const transition = resolveStep(journey, position, view, at);
    if (!transition) return;
    history.push(transition);
    position = { index: journey.stageIndex.get(transition.to) ?? -1, enteredAt: at };
  };
  for (const at of points) apply(recordsAt(objects, byRecord, idField, at), at);
  const view = laterRecords || laterChanges ? recordsAt(objects, byRecord, idField, asOf) : records;
  apply(view, asOf);
  return { history, view };
}
