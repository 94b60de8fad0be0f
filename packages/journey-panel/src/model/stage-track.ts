import type { JourneyState } from '@crm-journey/connector';
import type { StageProgress } from '../i18n/panel-messages.ts';
import type { PanelStage } from '../panel-stage.ts';

/** One stop on the stage track. */
export interface TrackStage {
  readonly stage: PanelStage;
  readonly index: number;
  readonly progress: StageProgress;
}

/**
 * The stages to draw: the host's, or (when a host has none) the stages the state mentions, in the order the
 * customer met them, so that the panel still says something useful with a half-configured host.
 */
export function effectiveStages(stages: readonly PanelStage[], state: JourneyState): readonly PanelStage[] {
  const known = new Set(stages.map((stage) => stage.id));
  const extra: PanelStage[] = [];
  const mention = (id: string | null): void => {
    if (id === null || known.has(id)) return;
    known.add(id);
    extra.push({ id, label: id });
  };
  for (const transition of state.history) mention(transition.to);
  mention(state.stage);
  mention(state.highWaterStage);
  return extra.length === 0 ? stages : [...stages, ...extra];
}

/**
 * Where each stage sits for this customer: before the current stage it is completed (or skipped when the
 * customer never entered it); after it, stages the customer had reached before a backward move are
 * `revisited`, the rest `upcoming`.
 *
 * @example
 * stageTrack(stages, state).map((stop) => stop.progress); // ['completed', 'skipped', 'current', 'upcoming', …]
 */
export function stageTrack(stages: readonly PanelStage[], state: JourneyState): TrackStage[] {
  const entered = new Set(state.history.map((transition) => transition.to));
  const current = stages.findIndex((stage) => stage.id === state.stage);
  const highWater = stages.findIndex((stage) => stage.id === state.highWaterStage);
  return stages.map((stage, index) => {
    let progress: StageProgress;
    if (index === current) progress = 'current';
    else if (current >= 0 && index < current) progress = entered.has(stage.id) ? 'completed' : 'skipped';
    else if (index <= highWater && entered.has(stage.id)) progress = 'revisited';
    else progress = 'upcoming';
    return { stage, index, progress };
  });
}
