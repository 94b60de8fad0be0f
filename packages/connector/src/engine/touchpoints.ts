import { parseInstant, type CrmRecord } from '../conditions/field-values.ts';
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
  const { idField } = journey.definition.profile;
  const out: Touchpoint[] = [];
  for (const rule of journey.touchpoints) {
    const { definition } = rule;
    for (const record of input.records[definition.object] ?? NO_RECORDS) {
      if (!rule.where(record, input.asOf)) continue;
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
      out.push({
        rule: definition.id,
        object: definition.object,
        recordId: String(record[idField]),
        channel: definition.channel,
        at: new Date(at).toISOString(),
        subject: typeof subject === 'string' ? subject : '',
        emotion,
        stage: stageAt(history, at),
      });
    }
  }
  return out.sort((a, b) => (a.at < b.at ? -1 : a.at > b.at ? 1 : 0));
}

function stageAt(history: readonly StageTransition[], at: number): string | null {
  let stage: string | null = null;
  for (const transition of history) {
    if (Date.parse(transition.at) > at) break;
    stage = transition.to;
  }
  return stage ?? history[0]?.to ?? null;
}
