import { DAY_MS, formatInstant } from '../records/field-values.ts';
import type { CompiledJourney, CompiledSegment } from './compile-journey.ts';
import type {
  CustomerRef,
  JourneyState,
  NextAction,
  StageTransition,
  TimeInStageStatus,
  Touchpoint,
} from './journey-state.ts';
import type { StageAids } from './stage-aids.ts';

/** What an engine worked out for one customer: the parts {@link assembleState} puts into the state. */
export interface StateParts {
  readonly customer: CustomerRef;
  readonly asOf: number;
  /** `asOf` as text (`asOfText`). */
  readonly evaluatedAt: string;
  readonly segment: CompiledSegment | undefined;
  /** The current stage's index, -1 for none. */
  readonly index: number;
  readonly enteredAt: number;
  /** The entry time as text when known (kept from the previous state or the transition), else null. */
  readonly enteredAtText: string | null;
  readonly targetDays: number | undefined;
  readonly guidance: string | null;
  readonly history: readonly StageTransition[];
  readonly touchpoints: readonly Touchpoint[];
  readonly nextActions: readonly NextAction[];
  readonly aids: StageAids;
}

/** Whether the time in a stage is on time, at risk or overdue against its target. */
function timeStatus(days: number, target: number | undefined, atRiskShare: number): TimeInStageStatus {
  if (target === undefined) return 'no-target';
  if (days >= target) return 'overdue';
  return days >= target * atRiskShare ? 'at-risk' : 'on-time';
}

/**
 * The `JourneyState` both engines return, with its keys always in this order (the stored JSON must not
 * churn): the one place the state object is put together.
 *
 * @example
 * return assembleState(journey, { customer, asOf, evaluatedAt, segment, index, enteredAt, ... });
 */
export function assembleState(journey: CompiledJourney, parts: StateParts): JourneyState {
  const { definition, stages, stageIndex } = journey;
  const { index, history, targetDays } = parts;
  const stage = stages[index];
  let highWater = index;
  for (let i = 0; i < history.length; i++) {
    const reached = stageIndex.get((history[i] as StageTransition).to) ?? -1;
    if (reached > highWater) highWater = reached;
  }
  const days = Math.max(0, (parts.asOf - parts.enteredAt) / DAY_MS);
  return {
    journey: { id: definition.id, revision: definition.revision },
    customer: parts.customer,
    segment: parts.segment?.definition.id ?? null,
    stage: stage?.definition.id ?? null,
    stageEnteredAt: stage ? (parts.enteredAtText ?? formatInstant(parts.enteredAt)) : null,
    timeInStage: stage
      ? {
          days: Math.round(days * 10) / 10,
          targetDays: targetDays ?? null,
          status: timeStatus(days, targetDays, definition.atRiskShare),
        }
      : null,
    highWaterStage: stages[highWater]?.definition.id ?? null,
    guidance: parts.guidance,
    history,
    touchpoints: parts.touchpoints,
    nextActions: parts.nextActions,
    evaluatedAt: parts.evaluatedAt,
    checklists: parts.aids.checklists,
    keyFields: parts.aids.keyFields,
  };
}
