import type { CustomerRecords } from '../../conditions/evaluate-condition.ts';
import type { FieldChange } from '../../records/field-change.ts';
import { asOfText } from '../as-of-text.ts';
import type { CompiledJourney } from '../compile-journey.ts';
import type { StageTransition } from '../journey-state.ts';
import { replayHistory, withoutLaterRecords, type ReplayResult } from '../replay-history.ts';
import { resolveStep, type StagePosition } from '../resolve-stage.ts';
import type { GeneratedJourneyModule } from './generated-module.ts';

/** Past moments replayed at most, as `replayHistory` keeps them. */
const MAX_REPLAY_POINTS = 256;

/** The creation texts of the moments being replayed, reused from customer to customer. */
const TEXTS: unknown[] = [];

/** Sorts `times` ascending, moving each text with its time (for the few customers with many records). */
function sortPaired(times: number[], texts: unknown[]): void {
  const order = times.map((_, i) => i).sort((a, b) => (times[a] as number) - (times[b] as number));
  const sortedTimes = order.map((i) => times[i] as number);
  const sortedTexts = order.map((i) => texts[i]);
  for (let i = 0; i < order.length; i++) {
    times[i] = sortedTimes[i] as number;
    texts[i] = sortedTexts[i];
  }
}

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
 * each record's dates are parsed once for the whole replay; a transition's `at` is the creation text it
 * was parsed from when that is already in the canonical form. With field changes, `replayHistory` runs.
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
  TEXTS.length = 0;
  const later = run.module.times(records, asOf, times, TEXTS);
  if (times.length > 32) sortPaired(times, TEXTS);
  else {
    // In place: an insertion sort for the usual handful of records.
    for (let i = 1; i < times.length; i++) {
      const at = times[i] as number;
      const text = TEXTS[i];
      let j = i;
      for (; j > 0 && (times[j - 1] as number) > at; j--) {
        times[j] = times[j - 1] as number;
        TEXTS[j] = TEXTS[j - 1];
      }
      times[j] = at;
      TEXTS[j] = text;
    }
  }
  // The distinct times, each with a text it was parsed from.
  let distinct = 0;
  for (let i = 0; i < times.length; i++) {
    const at = times[i] as number;
    if (distinct === 0 || at !== times[distinct - 1]) {
      times[distinct] = at;
      TEXTS[distinct++] = TEXTS[i];
    }
  }
  const history: StageTransition[] = [];
  let position: StagePosition = { index: -1, enteredAt: Number.NaN };
  // The latest MAX_REPLAY_POINTS moments, then asOf.
  for (let i = Math.max(0, distinct - MAX_REPLAY_POINTS); i <= distinct; i++) {
    const at = i < distinct ? (times[i] as number) : asOf;
    run.moment(records, at);
    const transition = resolveStep(journey, position, records, at, i < distinct ? TEXTS[i] : asOfText(asOf));
    if (!transition) continue;
    history.push(transition);
    position = { index: journey.stageIndex.get(transition.to) ?? -1, enteredAt: at };
  }
  return { history, view: later ? withoutLaterRecords(records, createdField, asOf) : records };
}
