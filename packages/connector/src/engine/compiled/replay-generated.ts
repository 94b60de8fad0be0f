import type { CustomerRecords } from '../../conditions/evaluate-condition.ts';
import type { FieldChange } from '../../records/field-change.ts';
import type { CompiledJourney } from '../compile-journey.ts';
import type { StageTransition } from '../journey-state.ts';
import { replayHistory, withoutLaterRecords, type ReplayResult } from '../replay-history.ts';
import { resolveStep, type StagePosition } from '../resolve-stage.ts';
import type { GeneratedJourneyModule } from './generated-module.ts';

/** Past moments replayed at most, as `replayHistory` keeps them. */
const MAX_REPLAY_POINTS = 256;

/** What a generated replay needs of the journey's generated code. */
export interface ReplayRun {
  readonly journey: CompiledJourney;
  /** Makes the conditions answer for `records` as they were at `at` (later records hidden). */
  readonly moment: (records: CustomerRecords, at: number) => void;
  readonly module: GeneratedJourneyModule;
  /** Creation times, reused from customer to customer. */
  readonly times: number[];
}

/**
 * `replayHistory` for a journey with generated code and no field history: the same moments (every
 * record's creation, then `asOf`) and the same transitions, but the conditions read the records as
 * given and skip those created after each moment, so no copy of the records is made per moment and
 * each record's dates are parsed once for the whole replay. With field changes, `replayHistory` runs.
 */
export function replayGenerated(
  run: ReplayRun,
  records: CustomerRecords,
  changes: readonly FieldChange[],
  asOf: number,
): ReplayResult {
  const { journey } = run;
  if (changes.length > 0) return replayHistory(journey, records, changes, asOf);
  const { createdField } = journey.definition.profile;
  const times = run.times;
  times.length = 0;
  const later = run.module.times(records, asOf, times);
  // In place: an insertion sort for the usual handful of records, then the distinct times.
  if (times.length > 32) times.sort((a, b) => a - b);
  for (let i = 1; i < times.length; i++) {
    const at = times[i] as number;
    let j = i;
    for (; j > 0 && (times[j - 1] as number) > at; j--) times[j] = times[j - 1] as number;
    times[j] = at;
  }
  let distinct = 0;
  for (let i = 0; i < times.length; i++) {
    const at = times[i] as number;
    if (distinct === 0 || at !== times[distinct - 1]) times[distinct++] = at;
  }
  const history: StageTransition[] = [];
  let position: StagePosition = { index: -1, enteredAt: Number.NaN };
  // The latest MAX_REPLAY_POINTS moments, then asOf.
  for (let i = Math.max(0, distinct - MAX_REPLAY_POINTS); i <= distinct; i++) {
    const at = i < distinct ? (times[i] as number) : asOf;
    run.moment(records, at);
    const transition = resolveStep(journey, position, records, at);
    if (!transition) continue;
    history.push(transition);
    position = { index: journey.stageIndex.get(transition.to) ?? -1, enteredAt: at };
  }
  return { history, view: later ? withoutLaterRecords(records, createdField, asOf) : records };
}
