import type { JourneyState } from './journey-state.ts';

/**
 * The part of a state that decides whether the CRM's journey fields must be written again: stage,
 * entry, segment, history, actions and touchpoints, but not the evaluation time or the days in stage,
 * which change on every run. Equal fingerprints mean "write nothing".
 *
 * @example
 * if (journeyStateFingerprint(next) !== journeyStateFingerprint(stored)) queueWrite(next);
 */
export function journeyStateFingerprint(state: JourneyState | null): string {
  if (state === null) return 'null';
  const { evaluatedAt, timeInStage, ...stable } = state;
  return JSON.stringify({ ...stable, targetDays: timeInStage?.targetDays ?? null });
}
