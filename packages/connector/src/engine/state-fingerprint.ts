import type { JourneyState } from './journey-state.ts';

/**
 * The part of a state that decides whether the CRM's journey fields must be written again: stage,
 * entry, segment, history, actions, touchpoints, key fields and which checklist conditions are met, but
 * not the evaluation time or the days in stage, which change on every run. Equal fingerprints mean
 * "write nothing".
 *
 * A checklist counts by its verdicts only: its hints and record ids follow any record of the customer
 * (the journey's own new tasks included) and refresh with the next write, rather than causing one.
 *
 * @example
 * if (journeyStateFingerprint(next) !== journeyStateFingerprint(stored)) queueWrite(next);
 */
export function journeyStateFingerprint(state: JourneyState | null): string {
  if (state === null) return 'null';
  const { evaluatedAt, timeInStage, checklists, ...stable } = state;
  return JSON.stringify({
    ...stable,
    targetDays: timeInStage?.targetDays ?? null,
    checklists: (checklists ?? []).map((checklist) => [
      checklist.kind,
      checklist.stage,
      checklist.move?.id ?? null,
      checklist.met,
      checklist.items.map((item) => [item.path, item.met]),
    ]),
  });
}
