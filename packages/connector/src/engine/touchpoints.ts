import { instantText, parseInstant } from '../records/field-values.ts';
import type { CrmRecord } from '../records/crm-record.ts';
import { isActivityClosed } from './activities.ts';
import type { CompiledJourney } from './compile-journey.ts';
import type { CustomerInput } from './customer-input.ts';
import type { StageTransition, Touchpoint } from './journey-state.ts';

const NO_RECORDS: readonly CrmRecord[] = [];

/** The customer's touchpoints, oldest first, with channel, emotion and the stage at the time. */
export function touchpoints(
  journey: CompiledJourney,
  input: CustomerInput,
  history: readonly StageTransition[],
): Touchpoint[] {
  const { profile } = journey.definition;
  const { idField, actionKeyField } = profile;
  const { records, asOf } = input;
  let changes: number[] | undefined;
  // Kept in time order as they are found (a handful per customer): an insertion after every equal
  // time, which is the order a stable sort would give, without a comparator call per pair.
  const out: Touchpoint[] = [];
  const times: number[] = [];
  for (const rule of journey.touchpoints) {
    const { definition } = rule;
    for (const record of records[definition.object] ?? NO_RECORDS) {
      if (!rule.where(record, asOf)) continue;
      // A task the journey created is planned work, not an interaction, until it is done.
      const key = record[actionKeyField];
      if (typeof key === 'string' && key !== '' && !isActivityClosed(profile, definition.object, record, asOf))
        continue;
      const date = record[definition.dateField];
      const at = parseInstant(date);
      if (Number.isNaN(at)) continue;
      let emotion = 0;
      for (const candidate of rule.emotion) {
        if (candidate.where(record, asOf)) {
          emotion = candidate.score;
          break;
        }
      }
      changes ??= history.map((transition) => parseInstant(transition.at));
      const subject = record[definition.subjectField];
      const touchpoint: Touchpoint = {
        rule: definition.id,
        object: definition.object,
        recordId: String(record[idField]),
        channel: definition.channel,
        at: instantText(date, at),
        subject: typeof subject === 'string' ? subject : '',
        emotion,
        stage: stageAt(history, changes, at),
      };
      let index = out.length;
      while (index > 0 && (times[index - 1] ?? 0) > at) index--;
      if (index === out.length) {
        out.push(touchpoint);
        times.push(at);
      } else {
        out.splice(index, 0, touchpoint);
        times.splice(index, 0, at);
      }
    }
  }
  return out;
}

/** The stage at a time; `changes` are the history's times, parsed once per customer. */
function stageAt(history: readonly StageTransition[], changes: readonly number[], at: number): string | null {
  let stage: string | null = null;
  for (let i = 0; i < history.length; i++) {
    if ((changes[i] ?? 0) > at) break;
    stage = history[i]?.to ?? null;
  }
  return stage ?? history[0]?.to ?? null;
}
