import type { CompiledJourney } from '../engine/compile-journey.ts';
import type { Touchpoint } from '../engine/journey-state.ts';
import type { NegativeCluster, StageEmotion, StageTouchpoints } from './journey-report.ts';
import type { ReportCustomer } from './report-customer.ts';
import type { ReportPeriod } from './stage-metrics.ts';
import { quantile, share } from './summarize-durations.ts';

type Channel = Touchpoint['channel'];

/** A stage is a negative cluster when this share of its touchpoints is negative, and at least... */
const CLUSTER_MIN_SHARE = 0.2;
/** ...this many times the share across the whole journey, */
const CLUSTER_LIFT = 1.5;
/** ...with at least this many negative touchpoints. */
const CLUSTER_MIN_COUNT = 5;

/** Accumulates the touchpoints of the period per stage: channels and emotions. */
export class TouchpointTallies {
  readonly #journey: CompiledJourney;
  readonly #period: ReportPeriod;
  readonly #emotions: number[][];
  readonly #channels: Map<Channel, number>[];
  readonly #negativeChannels: Map<Channel, number>[];

  constructor(journey: CompiledJourney, period: ReportPeriod) {
    this.#journey = journey;
    this.#period = period;
    this.#emotions = journey.stages.map(() => []);
    this.#channels = journey.stages.map(() => new Map<Channel, number>());
    this.#negativeChannels = journey.stages.map(() => new Map<Channel, number>());
  }

  /** Adds one customer's touchpoints made in the period, each under the stage it was made in. */
  add(customer: ReportCustomer): void {
    const { from, to } = this.#period;
    for (const touchpoint of customer.touchpoints) {
      if (touchpoint.at < from || touchpoint.at > to || touchpoint.stage === null) continue;
      const index = this.#journey.stageIndex.get(touchpoint.stage) ?? -1;
      const emotions = this.#emotions[index];
      const channels = this.#channels[index];
      const negative = this.#negativeChannels[index];
      if (!emotions || !channels || !negative) continue;
      emotions.push(touchpoint.emotion);
      channels.set(touchpoint.channel, (channels.get(touchpoint.channel) ?? 0) + 1);
      if (touchpoint.emotion < 0) negative.set(touchpoint.channel, (negative.get(touchpoint.channel) ?? 0) + 1);
    }
  }

  /** Touchpoints per stage and channel. */
  byStage(): StageTouchpoints[] {
    return this.#journey.stages.map((stage, index) => {
      const channels = this.#channels[index] ?? new Map<Channel, number>();
      return {
        stage: stage.definition.id,
        label: stage.definition.label,
        total: [...channels.values()].reduce((sum, n) => sum + n, 0),
        byChannel: Object.fromEntries([...channels.entries()].sort(([a], [b]) => a.localeCompare(b))),
      };
    });
  }

  /** The emotion curve: mean and median emotion of the touchpoints made in each stage. */
  emotion(): StageEmotion[] {
    return this.#journey.stages.map((stage, index) => {
      const emotions = [...(this.#emotions[index] ?? [])].sort((a, b) => a - b);
      const negative = emotions.filter((emotion) => emotion < 0).length;
      const positive = emotions.filter((emotion) => emotion > 0).length;
      const median = quantile(emotions, 0.5);
      return {
        stage: stage.definition.id,
        label: stage.definition.label,
        touchpoints: emotions.length,
        mean:
          emotions.length === 0
            ? null
            : Math.round((emotions.reduce((sum, n) => sum + n, 0) / emotions.length) * 100) / 100,
        median: median === null ? null : Math.round(median * 100) / 100,
        negative,
        negativeShare: share(negative, emotions.length),
        positive,
        positiveShare: share(positive, emotions.length),
      };
    });
  }

  /** Stages where negative touchpoints cluster, worst first. */
  negativeClusters(emotion: readonly StageEmotion[]): NegativeCluster[] {
    const total = emotion.reduce((sum, stage) => sum + stage.touchpoints, 0);
    const negative = emotion.reduce((sum, stage) => sum + stage.negative, 0);
    const overall = total === 0 ? 0 : negative / total;
    const clusters: NegativeCluster[] = [];
    emotion.forEach((stage, index) => {
      const stageShare = stage.negativeShare ?? 0;
      if (stage.negative < CLUSTER_MIN_COUNT || stageShare < Math.max(CLUSTER_MIN_SHARE, overall * CLUSTER_LIFT))
        return;
      const channels = [...(this.#negativeChannels[index] ?? new Map<Channel, number>()).entries()];
      channels.sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0]));
      clusters.push({
        stage: stage.stage,
        label: stage.label,
        negative: stage.negative,
        share: stageShare,
        channel: channels[0]?.[0] ?? 'other',
      });
    });
    return clusters.sort((a, b) => b.share - a.share);
  }
}
