import type { JourneyState, Touchpoint } from '@crm-journey/connector';
import { parseInstant } from '../i18n/panel-format.ts';

/** The drawing box of the emotion curve, in SVG user units. */
export const CURVE_BOX = { width: 400, height: 140, padding: 10 } as const;

/** One touchpoint placed on the curve. */
export interface CurvePoint {
  readonly x: number;
  readonly y: number;
  readonly emotion: number;
}

/** The emotion curve: points in time order, the polyline through them and the stage changes as x marks. */
export interface EmotionCurve {
  readonly points: readonly CurvePoint[];
  readonly polyline: string;
  readonly stageMarks: readonly number[];
  readonly axisY: number;
  readonly first: string | null;
  readonly last: string | null;
  readonly counts: { readonly positive: number; readonly neutral: number; readonly negative: number };
  readonly latest: number | null;
}

const MAX_EMOTION = 2;

/**
 * Places touchpoints on a time axis (x) against their emotion, -2 to +2 (y, positive above the axis), and
 * marks where the stage changed, so the rep sees where the experience broke.
 *
 * @example
 * emotionCurve(state).polyline; // '10,60 300,35 590,85'
 */
export function emotionCurve(state: Pick<JourneyState, 'touchpoints' | 'history'>): EmotionCurve {
  const { width, height, padding } = CURVE_BOX;
  const timed = state.touchpoints
    .map((touchpoint) => ({ touchpoint, at: parseInstant(touchpoint.at) }))
    .filter((entry) => !Number.isNaN(entry.at))
    .sort((a, b) => a.at - b.at);
  const counts = { positive: 0, neutral: 0, negative: 0 };
  for (const { touchpoint } of timed) counts[emotionKind(touchpoint.emotion)] += 1;
  const axisY = height / 2;
  const firstEntry = timed[0];
  const lastEntry = timed.at(-1);
  if (!firstEntry || !lastEntry) {
    return { points: [], polyline: '', stageMarks: [], axisY, first: null, last: null, counts, latest: null };
  }
  const start = firstEntry.at;
  const span = lastEntry.at - start;
  const innerWidth = width - 2 * padding;
  const xOf = (at: number, index: number): number =>
    padding +
    (span > 0
      ? ((at - start) / span) * innerWidth
      : timed.length === 1
        ? innerWidth / 2
        : (index / (timed.length - 1)) * innerWidth);
  const yOf = (emotion: number): number =>
    axisY - (Math.max(-MAX_EMOTION, Math.min(MAX_EMOTION, emotion)) / MAX_EMOTION) * (axisY - padding);
  const points = timed.map(({ touchpoint, at }, index) => ({
    x: round(xOf(at, index)),
    y: round(yOf(touchpoint.emotion)),
    emotion: touchpoint.emotion,
  }));
  const stageMarks =
    span > 0
      ? state.history
          .map((transition) => parseInstant(transition.at))
          .filter((at) => at > start && at < lastEntry.at)
          .map((at) => round(xOf(at, 0)))
      : [];
  return {
    points,
    polyline: points.map((point) => `${point.x},${point.y}`).join(' '),
    stageMarks,
    axisY,
    first: firstEntry.touchpoint.at,
    last: lastEntry.touchpoint.at,
    counts,
    latest: lastEntry.touchpoint.emotion,
  };
}

/** Whether an emotion score reads as positive, neutral or negative. */
export function emotionKind(emotion: Touchpoint['emotion']): 'positive' | 'neutral' | 'negative' {
  return emotion > 0 ? 'positive' : emotion < 0 ? 'negative' : 'neutral';
}

function round(value: number): number {
  return Math.round(value * 10) / 10;
}
