// When a customer's placement can next change by time alone: relative-date conditions (`withinLastDays`,
// `olderThanDays`, `withinNextDays`) flip as the evaluation time passes a record's date, the time-in-stage
// status turns at-risk and overdue, actions fall due, and activities that block others end. The answer is conservative (an instant at or
// before the first real change), so re-evaluating the customer then never misses a move.
import type { CrmRecord } from '../records/crm-record.ts';
import { DAY_MS, formatInstant, parseInstant } from '../records/field-values.ts';
import type { CompiledJourney } from './compile-journey.ts';
import type { CustomerInput } from './customer-input.ts';
import type { JourneyState } from './journey-state.ts';

interface RelativeLeaf {
  readonly object: string | undefined;
  readonly field: string;
  readonly days: number;
}

const leavesOf = new WeakMap<CompiledJourney, readonly RelativeLeaf[]>();

/** Every relative-date condition of the journey, with the object it is quantified over when known. */
function relativeLeaves(journey: CompiledJourney): readonly RelativeLeaf[] {
  const cached = leavesOf.get(journey);
  if (cached) return cached;
  const found: RelativeLeaf[] = [];
  const seen = new Set<object>();
  const walk = (node: unknown, object: string | undefined): void => {
    if (typeof node !== 'object' || node === null || seen.has(node)) return;
    seen.add(node);
    const record = node as Record<string, unknown>;
    if (record['kind'] === 'relativeDate' && typeof record['field'] === 'string' && typeof record['days'] === 'number')
      found.push({ object, field: record['field'], days: record['days'] });
    const inner = record['kind'] === 'quantified' && typeof record['object'] === 'string' ? record['object'] : object;
    for (const value of Object.values(record)) walk(value, inner);
  };
  walk(journey.definition, undefined);
  leavesOf.set(journey, found);
  return found;
}

function fieldValue(record: CrmRecord, field: string): unknown {
  let value: unknown = record;
  for (const part of field.split('.')) {
    if (typeof value !== 'object' || value === null) return undefined;
    value = (value as Record<string, unknown>)[part];
  }
  return value;
}

/**
 * The next instant after `input.asOf` at which the customer's stage, segment, time-in-stage status or an
 * action's due state can change with no change to its records (ISO), or null when none can. With
 * `state` null (the customer is not in this journey) only the journey's conditions count: in a set, when
 * its entry, and so the customer's journey, can change.
 *
 * @example
 * const state = evaluateCustomer(compiled, input);
 * const due = nextTimeChange(compiled, input, state); // re-evaluate the customer then
 */
export function nextTimeChange(
  journey: CompiledJourney,
  input: CustomerInput,
  state: JourneyState | null,
): string | null {
  const { asOf } = input;
  let next = Number.POSITIVE_INFINITY;
  const consider = (at: number): void => {
    if (at > asOf && at < next) next = at;
  };
  // A day either side of each boundary covers date fields (whole UTC days) and inclusive ends alike.
  const around = (at: number): void => {
    const day = Math.floor(at / DAY_MS) * DAY_MS;
    for (const shift of [-DAY_MS, 0, DAY_MS, 2 * DAY_MS]) consider(day + shift);
  };
  for (const leaf of relativeLeaves(journey)) {
    const objects = leaf.object === undefined ? Object.keys(input.records) : [leaf.object];
    for (const object of objects) {
      for (const record of input.records[object] ?? []) {
        const at = parseInstant(fieldValue(record, leaf.field));
        if (Number.isNaN(at)) continue;
        around(at);
        around(at + leaf.days * DAY_MS);
        around(at - leaf.days * DAY_MS);
      }
    }
  }
  if (state === null) return Number.isFinite(next) ? formatInstant(next) : null;
  const entered = parseInstant(state.stageEnteredAt);
  const target = state.timeInStage?.targetDays ?? null;
  if (!Number.isNaN(entered) && target !== null) {
    around(entered + target * journey.definition.atRiskShare * DAY_MS);
    around(entered + target * DAY_MS);
  }
  for (const action of state.nextActions) {
    const due = parseInstant(action.dueDate === null ? undefined : `${action.dueDate}T00:00:00Z`);
    if (!Number.isNaN(due)) around(due);
  }
  // An action after another is unblocked when the other's activity ends, which can be later than every due
  // date: an overdue meeting is booked on the next business day.
  const { activityObjects, activityClosed } = journey.definition.profile;
  for (const object of new Set(Object.values(activityObjects))) {
    const rule =
      (Object.hasOwn(activityClosed.byObject, object) ? activityClosed.byObject[object] : undefined) ??
      activityClosed.default;
    for (const field of rule.endedAt ?? [])
      for (const record of input.records[object] ?? []) {
        const ends = parseInstant(record[field]);
        if (Number.isNaN(ends)) continue;
        consider(ends);
        around(ends);
      }
  }
  // A blocker this evaluation asks to create is not among the records yet, so neither is its end: look again
  // at the next midnight (UTC), before any booking can end, when it is read with the customer.
  const creating = new Set(state.nextActions.filter((action) => action.status === 'new').map((action) => action.key));
  if (state.nextActions.some((action) => action.blockedBy.some((key) => creating.has(key))))
    consider(Math.floor(asOf / DAY_MS) * DAY_MS + DAY_MS);
  return Number.isFinite(next) ? formatInstant(next) : null;
}
