import type {
  ActionEffectiveness,
  Bottleneck,
  NegativeCluster,
  SegmentReport,
  StageEmotion,
  StageReport,
} from './journey-report.ts';

/** A stage is a dwell bottleneck from this share of its customers overdue... */
const OVERDUE_SHARE = 0.3;
/** ...a segment is named on its own when its share is this much above everyone's... */
const SEGMENT_LIFT = 0.1;
/** ...and stages with fewer customers than this are not judged. */
const MIN_CUSTOMERS = 5;
/** A stage is a conversion bottleneck from this share of its entrants lost, churned or disqualified. */
const DROP_OFF_SHARE = 0.25;
const MIN_ENTERED = 10;
/** An action is called useless after this many judged activities with no progress after any of them. */
const MIN_ACTIONS = 10;

/** `0.381` → `38%`. */
export function percent(value: number): string {
  return `${Math.round(value * 100)}%`;
}

function days(value: number): string {
  return Number.isInteger(value) ? String(value) : value.toFixed(1);
}

function dwellBottleneck(
  stage: StageReport,
  segment: SegmentReport | null,
  targets: readonly number[] = [],
): Bottleneck | undefined {
  const { overdueShare, targetDays, openDwell } = stage;
  if (overdueShare === null || targetDays === null || stage.now < MIN_CUSTOMERS) return undefined;
  const slow = openDwell.median !== null && openDwell.median > targetDays;
  if (overdueShare < OVERDUE_SHARE && !slow) return undefined;
  const label = segment ? `${stage.label} (${segment.label})` : stage.label;
  const who = segment ? `${segment.label} customers` : 'customers';
  const median =
    openDwell.median === null
      ? ''
      : `median ${days(openDwell.median)} days in the stage against a ${days(targetDays)}-day target${range(targetDays, targets)}; `;
  return {
    kind: 'dwell',
    stage: stage.stage,
    segment: segment?.segment ?? null,
    sentence: `${label}: ${median}${percent(overdueShare)} of ${who} in it overdue (${stage.overdue} of ${stage.now}).`,
    weight: stage.overdue * overdueShare,
  };
}

/** ` (14 to 45 days by segment)` when segments override the stage's target. */
function range(base: number, targets: readonly number[]): string {
  const all = [base, ...targets];
  const low = Math.min(...all);
  const high = Math.max(...all);
  return low === high ? '' : ` (${days(low)} to ${days(high)} days by segment)`;
}

function conversionBottleneck(stage: StageReport): Bottleneck | undefined {
  if (stage.dropOff === null || stage.entered < MIN_ENTERED || stage.dropOff < DROP_OFF_SHARE) return undefined;
  const parts = [
    stage.lost > 0 ? `${stage.lost} lost` : '',
    stage.churned > 0 ? `${stage.churned} churned` : '',
    stage.disqualified > 0 ? `${stage.disqualified} disqualified` : '',
  ].filter((part) => part !== '');
  return {
    kind: 'conversion',
    stage: stage.stage,
    segment: null,
    sentence: `${stage.label}: ${percent(stage.dropOff)} of the ${stage.entered} customers who entered it in the period dropped out (${parts.join(', ')}); ${percent(stage.conversion ?? 0)} reached a later stage.`,
    weight: (stage.lost + stage.churned + stage.disqualified) * stage.dropOff,
  };
}

function emotionBottleneck(cluster: NegativeCluster, emotion: readonly StageEmotion[]): Bottleneck {
  const stage = emotion.find((candidate) => candidate.stage === cluster.stage);
  const total = emotion.reduce((sum, candidate) => sum + candidate.touchpoints, 0);
  const negative = emotion.reduce((sum, candidate) => sum + candidate.negative, 0);
  return {
    kind: 'emotion',
    stage: cluster.stage,
    segment: null,
    sentence: `${cluster.label}: ${percent(cluster.share)} of touchpoints are negative (${cluster.negative} of ${stage?.touchpoints ?? 0}) against ${percent(total === 0 ? 0 : negative / total)} across the journey; most come through ${cluster.channel}.`,
    weight: cluster.negative * cluster.share,
  };
}

function actionBottleneck(action: ActionEffectiveness): Bottleneck | undefined {
  if (action.judged < MIN_ACTIONS || action.advanced > 0) return undefined;
  return {
    kind: 'action',
    stage: action.stage,
    segment: null,
    sentence: `Action "${action.action}" in ${action.stageLabel}: judged ${action.judged} times (past its due date or window) and never followed by a move to a later stage; consider pruning it.`,
    weight: action.judged,
  };
}

/**
 * The report's bottlenecks in plain words, heaviest first: a weight is the customers concerned times
 * their share (overdue, dropped out, negative touchpoints), so a concentrated problem outranks a
 * diffuse one of the same size.
 */
export function bottleneckSentences(input: {
  readonly stages: readonly StageReport[];
  readonly segments: readonly SegmentReport[];
  readonly emotion: readonly StageEmotion[];
  readonly negativeClusters: readonly NegativeCluster[];
  readonly actions: readonly ActionEffectiveness[];
}): Bottleneck[] {
  const out: Bottleneck[] = [];
  for (const stage of input.stages) {
    const targets = input.segments.flatMap(
      (segment) => segment.stages.find((candidate) => candidate.stage === stage.stage)?.targetDays ?? [],
    );
    const overall = dwellBottleneck(stage, null, targets);
    if (overall) out.push(overall);
    for (const segment of input.segments) {
      if (segment.segment === null) continue;
      const inSegment = segment.stages.find((candidate) => candidate.stage === stage.stage);
      if (!inSegment) continue;
      const found = dwellBottleneck(inSegment, segment);
      const lift = (inSegment.overdueShare ?? 0) - (stage.overdueShare ?? 0);
      if (found && (overall === undefined || lift >= SEGMENT_LIFT)) out.push(found);
    }
    const conversion = conversionBottleneck(stage);
    if (conversion) out.push(conversion);
  }
  for (const cluster of input.negativeClusters) out.push(emotionBottleneck(cluster, input.emotion));
  for (const action of input.actions) {
    const found = actionBottleneck(action);
    if (found) out.push(found);
  }
  return out.sort((a, b) => b.weight - a.weight);
}
