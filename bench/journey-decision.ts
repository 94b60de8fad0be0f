import {
  furthestMatchingStage,
  type CompiledAction,
  type CompiledJourney,
  type CustomerRecords,
} from '@crm-journey/connector';

/** What both rule engines decide for a customer: the comparable part of a JourneyState. */
export interface JourneyDecision {
  /** Index of the furthest stage whose condition holds; -1 for none. */
  readonly stage: number;
  /** Index of the first segment whose condition holds; -1 for none. */
  readonly segment: number;
  /** Ids of the stage's actions (as the segment overrides them) whose `when` holds, in journey order. */
  readonly actions: readonly string[];
}

const NO_ACTIONS: readonly CompiledAction[] = [];

/** The actions of a stage as a segment overrides them, exactly as `evaluateCustomer` picks them. */
export function stageActions(journey: CompiledJourney, stage: number, segment: number): readonly CompiledAction[] {
  if (stage < 0) return NO_ACTIONS;
  const override = segment < 0 ? undefined : journey.segments[segment]?.stages[stage];
  return override ? override.actions : (journey.stages[stage]?.actions ?? NO_ACTIONS);
}

/**
 * The decision through the connector's compiled closures: `furthestMatchingStage`, the first matching
 * segment and the actions' `when`, with none of the rest of `evaluateCustomer` (history, touchpoints, texts).
 *
 * @example
 * decideWithClosures(journey, customer.records, asOf); // { stage: 2, segment: 0, actions: ['tailored-demo', …] }
 */
export function decideWithClosures(journey: CompiledJourney, records: CustomerRecords, asOf: number): JourneyDecision {
  const stage = furthestMatchingStage(journey, records, asOf);
  const segment = journey.segments.findIndex((candidate) => candidate.when(records, asOf));
  const actions: string[] = [];
  for (const action of stageActions(journey, stage, segment)) {
    if (!action.when || action.when(records, asOf)) actions.push(action.definition.id);
  }
  return { stage, segment, actions };
}
