import type { StageDefinition } from '../journey/journey-definition.ts';
import type { JourneyReport, StageReport } from './journey-report.ts';
import type { MapAction, MapDeed, MapPainPoint, MapStage } from './journey-map.ts';
import { share } from './summarize-durations.ts';

/** An action is listed among a stage's opportunities once this many of its activities were judged. */
export const MAP_MIN_JUDGED = 5;
/** At most this many actions in each opportunity list. */
const MAP_MAX_ACTIONS = 3;
/** At most this many unmet checklist items among a stage's pain points. */
const MAP_MAX_UNMET = 2;

function painPoints(report: JourneyReport, stage: StageReport, segment: string | null): MapPainPoint[] {
  const out: MapPainPoint[] = report.bottlenecks
    .filter((item) => item.stage === stage.stage && (item.segment === null || item.segment === segment))
    .map((item) => ({ kind: item.kind, text: item.sentence }));
  const backward = report.backwardMoves
    .filter((move) => move.from === stage.stage)
    .sort((a, b) => b.count - a.count || a.label.localeCompare(b.label))[0];
  if (backward) {
    const to = report.stages.find((candidate) => candidate.stage === backward.to)?.label ?? backward.to;
    out.push({
      kind: 'backward-move',
      text: `Most common backward move: ${backward.label} (${backward.count} back to ${to}).`,
    });
  }
  const { customers, items } = stage.unmetChecklist;
  for (const item of items.slice(0, MAP_MAX_UNMET)) {
    out.push({
      kind: 'unmet-checklist',
      text: `Overdue customers lack: ${item.text} (${item.count} of ${customers}).`,
    });
  }
  return out;
}

function opportunities(report: JourneyReport, stage: string): MapStage['opportunities'] {
  const judged: MapAction[] = report.actions
    .filter((action) => action.stage === stage && action.judged >= MAP_MIN_JUDGED)
    .map(({ action, judged: n, advanced, advanceRate }) => ({ action, judged: n, advanced, advanceRate }));
  return {
    best: judged
      .filter((action) => action.advanced > 0)
      .sort((a, b) => (b.advanceRate ?? 0) - (a.advanceRate ?? 0) || a.action.localeCompare(b.action))
      .slice(0, MAP_MAX_ACTIONS),
    never: judged
      .filter((action) => action.advanced === 0)
      .sort((a, b) => b.judged - a.judged)
      .slice(0, MAP_MAX_ACTIONS),
  };
}

/**
 * One column of the map, every number taken from the report (`stage` is the report's stage row, of
 * everyone or of the segment the map is for) so the map and the report never disagree.
 */
export function mapStage(
  definition: StageDefinition,
  report: JourneyReport,
  stage: StageReport,
  segment: string | null,
  doing: readonly MapDeed[],
): MapStage {
  const touchpoints = report.touchpoints.find((candidate) => candidate.stage === stage.stage);
  const emotion = report.emotion.find((candidate) => candidate.stage === stage.stage);
  const total = touchpoints?.total ?? 0;
  const felt = emotion?.touchpoints ?? 0;
  const neutral = felt - (emotion?.positive ?? 0) - (emotion?.negative ?? 0);
  const text = (value: string | undefined): string | null => (value === undefined || value === '' ? null : value);
  return {
    stage: stage.stage,
    label: stage.label,
    description: text(definition.description),
    goal: text(definition.goal),
    mindset: text(definition.source.mindset),
    guidance: text(definition.source.guidance),
    metrics: {
      now: stage.now,
      overdue: stage.overdue,
      overdueShare: stage.overdueShare,
      targetDays: stage.targetDays,
      medianDays: stage.dwell.median,
      p90Days: stage.dwell.p90,
      nowMedianDays: stage.openDwell.median,
      entered: stage.entered,
      conversion: stage.conversion,
      dropOff: stage.dropOff,
      backwardOut: stage.backwardOut,
      backwardIn: stage.backwardIn,
    },
    doing,
    touchpoints: {
      total,
      channels: Object.entries(touchpoints?.byChannel ?? {})
        .map(([channel, count]) => ({
          channel: channel as MapStage['touchpoints']['channels'][number]['channel'],
          count,
          share: share(count, total) ?? 0,
        }))
        .sort((a, b) => b.count - a.count || a.channel.localeCompare(b.channel)),
    },
    emotion: {
      touchpoints: felt,
      positiveShare: emotion?.positiveShare ?? null,
      neutralShare: share(neutral, felt),
      negativeShare: emotion?.negativeShare ?? null,
      score: emotion?.mean ?? null,
    },
    painPoints: painPoints(report, stage, segment),
    opportunities: opportunities(report, stage.stage),
  };
}
