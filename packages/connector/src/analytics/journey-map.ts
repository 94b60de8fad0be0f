import type { Touchpoint } from '../engine/journey-state.ts';

/** The lanes of the map, top to bottom, as the seeds' canvas has them. */
export const MAP_LANES = [
  'goal',
  'mindset',
  'doing',
  'touchpoints',
  'emotion',
  'pain-points',
  'opportunities',
  'metrics',
] as const;

/** One lane (row) of the map. */
export type MapLane = (typeof MAP_LANES)[number];

/** A record kind the customers of a stage created while in it (opportunities opened, cases raised…). */
export interface MapDeed {
  readonly object: string;
  readonly count: number;
  /** True when the stage's own condition names the object: it is what moves customers into the stage. */
  readonly drives: boolean;
}

/** Touchpoints of one channel in a stage. */
export interface MapChannel {
  readonly channel: Touchpoint['channel'];
  readonly count: number;
  readonly share: number;
}

/** A point of the emotion curve: shares of positive, neutral and negative touchpoints and the mean score (-2 to +2). */
export interface MapEmotion {
  readonly touchpoints: number;
  readonly positiveShare: number | null;
  readonly neutralShare: number | null;
  readonly negativeShare: number | null;
  readonly score: number | null;
}

/** A pain point of a stage, in words. */
export interface MapPainPoint {
  readonly kind: 'dwell' | 'conversion' | 'emotion' | 'action' | 'backward-move' | 'unmet-checklist';
  readonly text: string;
}

/** An action of a stage and what followed it (see `ActionEffectiveness`). */
export interface MapAction {
  readonly action: string;
  readonly judged: number;
  readonly advanced: number;
  readonly advanceRate: number | null;
}

/** The numbers of a stage: the report's `StageReport` numbers, picked for the canvas. */
export interface MapMetrics {
  readonly now: number;
  readonly overdue: number;
  readonly overdueShare: number | null;
  readonly targetDays: number | null;
  /** Median and p90 of the report's dwell: stays that ended in the period and those still open. */
  readonly medianDays: number | null;
  readonly p90Days: number | null;
  /** Median time so far of the customers in the stage now (the report's open dwell, as its bottleneck sentences use). */
  readonly nowMedianDays: number | null;
  readonly entered: number;
  readonly conversion: number | null;
  readonly dropOff: number | null;
  readonly backwardOut: number;
  readonly backwardIn: number;
}

/** One column of the map. */
export interface MapStage {
  readonly stage: string;
  readonly label: string;
  /** The consultant's texts from the journey file (null when not written). */
  readonly description: string | null;
  readonly goal: string | null;
  readonly mindset: string | null;
  readonly guidance: string | null;
  readonly metrics: MapMetrics;
  readonly doing: readonly MapDeed[];
  readonly touchpoints: { readonly total: number; readonly channels: readonly MapChannel[] };
  readonly emotion: MapEmotion;
  readonly painPoints: readonly MapPainPoint[];
  /** Actions most often followed by a move forward, best first, and those judged enough times and never followed by one. */
  readonly opportunities: { readonly best: readonly MapAction[]; readonly never: readonly MapAction[] };
}

/** The customer journey map of one journey, segment (or everyone) and period: the seeds' canvas filled with data. */
export interface JourneyMap {
  readonly journey: { readonly id: string; readonly name: string; readonly revision: number };
  readonly asOf: string;
  readonly period: { readonly from: string; readonly to: string };
  readonly segment: string | null;
  readonly segmentLabel: string;
  readonly customers: number;
  readonly lanes: readonly MapLane[];
  readonly stages: readonly MapStage[];
  /** How the map's own numbers are defined; the shared ones are the report's definitions. */
  readonly definitions: readonly string[];
}
