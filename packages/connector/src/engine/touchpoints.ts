import { formatInstant, parseInstant, type CrmRecord } from '../conditions/field-values.ts';
import { isActivityClosed } from './activities.ts';
import type { CompiledJourney } from './compile-journey.ts';
import type { CustomerInput } from './evaluate-customer.ts';
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
  const changes = history.map((transition) => parseInstant(transition.at));
  const timed: { at: number; touchpoint: Touchpoint }[] = [];
  for (const rule of journey.touchpoints) {
    const { definition } = rule;
    for (const record of input.records[definition.object] ?? NO_RECORDS) {
      if (!rule.where(record, input.asOf)) continue;
      // A task the journey created is planned work, not an interaction, until it is done.
      const key = record[actionKeyField];
      if (typeof key === 'string' && key !== '' && !isActivityClosed(profile, definition.object, record, input.asOf))
        continue;
      const at = parseInstant(record[definition.dateField]);
      if (Number.isNaN(at)) continue;
      let emotion = 0;
      for (const candidate of rule.emotion) {
        if (candidate.where(record, input.asOf)) {
          emotion = candidate.score;
          break;
        }
      }
      const subject = record[definition.subjectField];
      const touchpoint: Touchpoint = {
        rule: definition.id,
        object: definition.object,
        recordId: String(record[idField]),
        channel: definition.channel,
        at: formatInstant(at),
        subject: typeof subject === 'string' ? subject : '',
        emotion,
        stage: stageAt(history, changes, at),
      };
      timed.push({ at, touchpoint });
    }
  }
  timed.sort((a, b) => a.at - b.at);
  return timed.map((entry) => entry.touchpoint);
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
