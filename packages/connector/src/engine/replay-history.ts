import type { CustomerRecords } from '../conditions/evaluate-condition.ts';
import { parseInstant, type CrmRecord } from '../conditions/field-values.ts';
import type { CompiledJourney } from './compile-journey.ts';
import type { FieldChange } from './field-change.ts';
import type { StageTransition } from './journey-state.ts';
import { resolveStep, type StagePosition } from './resolve-stage.ts';

/** Past moments replayed at most; older ones are dropped, so a huge history costs a bounded time. */
const MAX_REPLAY_POINTS = 256;

/** The records as they were at `at`: only those created by then, with fields rolled back through the changes. */
function recordsAt(
  records: CustomerRecords,
  changes: ReadonlyMap<string, readonly FieldChange[]>,
  created: ReadonlyMap<CrmRecord, number>,
  idField: string,
  at: number,
): CustomerRecords {
  const out: Record<string, CrmRecord[]> = {};
  for (const [object, list] of Object.entries(records)) {
    if (!list) continue;
    const kept: CrmRecord[] = [];
    for (const record of list) {
      if ((created.get(record) ?? Number.NaN) > at) continue;
      const recordChanges = changes.size === 0 ? undefined : changes.get(`${object}\u0000${String(record[idField])}`);
      if (!recordChanges) {
        kept.push(record);
        continue;
      }
      const past: Record<string, unknown> = { ...record };
      const decided = new Set<string>();
      // Changes are sorted by time: the last one at or before `at` wins; else the first later one's old value.
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
      kept.push(past);
    }
    out[object] = kept;
  }
  return out;
}

/**
 * The records created at or before `asOf` (the same object when none is later): what a steady-state
 * evaluation sees, so that it agrees with a first-sight replay at the same time.
 */
export function withoutLaterRecords(records: CustomerRecords, createdField: string, asOf: number): CustomerRecords {
  let out: Record<string, readonly CrmRecord[] | undefined> | undefined;
  for (const [object, list] of Object.entries(records)) {
    if (!list?.some((record) => parseInstant(record[createdField]) > asOf)) continue;
    out ??= { ...records };
    out[object] = list.filter((record) => !(parseInstant(record[createdField]) > asOf));
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
  const moments = new Set<number>();
  let laterChanges = false;
  for (const change of changes) {
    const key = `${change.object}\u0000${change.recordId}`;
    let list = byRecord.get(key);
    if (!list) byRecord.set(key, (list = []));
    list.push(change);
    if (change.at <= asOf) moments.add(change.at);
    else laterChanges = true;
  }
  for (const list of byRecord.values()) list.sort((a, b) => a.at - b.at);
  let laterRecords = false;
  // Each record's creation time, parsed once for all the moments replayed.
  const created = new Map<CrmRecord, number>();
  for (const list of Object.values(records)) {
    for (const record of list ?? []) {
      const at = parseInstant(record[createdField]);
      created.set(record, at);
      if (at > asOf) laterRecords = true;
      else if (!Number.isNaN(at) && at < asOf) moments.add(at);
    }
  }
  const points = [...moments].sort((a, b) => a - b).slice(-MAX_REPLAY_POINTS);
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
  for (const at of points) apply(recordsAt(records, byRecord, created, idField, at), at);
  const view = laterRecords || laterChanges ? recordsAt(records, byRecord, created, idField, asOf) : records;
  apply(view, asOf);
  return { history, view };
}
