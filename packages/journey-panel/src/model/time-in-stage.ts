import type { JourneyState, TimeInStageStatus } from '@crm-journey/connector';
import { parseInstant } from '../i18n/panel-format.ts';

const DAY_MS = 86_400_000;

/** Time in the current stage as of the moment the panel renders. */
export interface TimeInStageView {
  readonly days: number;
  readonly targetDays: number | null;
  readonly status: TimeInStageStatus;
  /** `days / targetDays`, capped at 1, for the progress bar; null without a target. */
  readonly share: number | null;
}

/**
 * The state's time in stage brought forward to `now`: the state was written at the last sync, the rep looks
 * at it later. The engine's status stands (its at-risk threshold is a journey setting), except that a target
 * passed since the sync turns it overdue.
 *
 * @example
 * timeInStageAt(state, Date.parse('2026-11-21T12:00:00Z')); // { days: 108.1, targetDays: 30, status: 'overdue', share: 1 }
 */
export function timeInStageAt(state: JourneyState, now: number): TimeInStageView | null {
  const time = state.timeInStage;
  if (!time) return null;
  const entered = state.stageEnteredAt === null ? Number.NaN : parseInstant(state.stageEnteredAt);
  const evaluated = parseInstant(state.evaluatedAt);
  const days =
    Number.isNaN(entered) || Number.isNaN(evaluated) || now < evaluated
      ? time.days
      : Math.round((Math.max(0, now - entered) / DAY_MS) * 10) / 10;
  const { targetDays } = time;
  const status: TimeInStageStatus = targetDays !== null && days >= targetDays ? 'overdue' : time.status;
  const share = targetDays === null || targetDays <= 0 ? null : Math.min(1, days / targetDays);
  return { days, targetDays, status, share };
}
