import type { Touchpoint } from '../engine/journey-state.ts';

/**
 * A distribution of durations in days (one decimal): quantiles by linear interpolation between the
 * closest ranks (R type 7, numpy's default, Excel's PERCENTILE.INC); all null when there are none.
 */
export interface DurationSummary {
  readonly count: number;
  readonly min: number | null;
  readonly q1: number | null;
  readonly median: number | null;
  readonly q3: number | null;
  readonly p90: number | null;
  readonly max: number | null;
}

/** The numbers of one stage, for every customer of the report or for one segment. */
export interface StageReport {
  readonly stage: string;
  readonly label: string;
  /** The stage's target in days (the segment's, in a segment's table); null when it has none. */
  readonly targetDays: number | null;
  /** Customers in the stage at the end of the period. */
  readonly now: number;
  /** Of those, the ones in it longer than their segment's target (the engine's "overdue"). */
  readonly overdue: number;
  /** `overdue / now`, or null when nobody is in the stage or it has no target. */
  readonly overdueShare: number | null;
  /** Stays that ended in the period (full length) and stays still open at its end (length so far). */
  readonly dwell: DurationSummary;
  /** Only the stays that ended in the period. */
  readonly completedDwell: DurationSummary;
  /** Only the stays still open at the end of the period: the customers in the stage now. */
  readonly openDwell: DurationSummary;
  /** Customers who entered the stage in the period. */
  readonly entered: number;
  /** Of those, the ones who reached a later stage after that entry, by the end of the period. */
  readonly converted: number;
  readonly conversion: number | null;
  /** Of those, the ones whose stay ended with a backward move with that outcome. */
  readonly lost: number;
  readonly churned: number;
  readonly disqualified: number;
  /** `(lost + churned + disqualified) / entered`. */
  readonly dropOff: number | null;
  /** Backward moves in the period out of this stage, and into it. */
  readonly backwardOut: number;
  readonly backwardIn: number;
  /** What the overdue customers still lack to reach the next stage: the advance checklist items they most often miss. */
  readonly unmetChecklist: UnmetChecklist;
}

/** One condition of the next stage that overdue customers of a stage do not meet, and how often. */
export interface UnmetChecklistItem {
  /** The condition's place in the journey file, as `explain` and the checklist name it, e.g. `stages[3].when.Opportunity`. */
  readonly path: string;
  /** The checklist's English sentence for it. */
  readonly text: string;
  /** Overdue customers who do not meet it. */
  readonly count: number;
  /** `count / customers`. */
  readonly share: number;
}

/** The advance checklist items most often unmet by the customers stalled (overdue) in a stage. */
export interface UnmetChecklist {
  /** Overdue customers of the stage with an advance checklist at the evaluation time. */
  readonly customers: number;
  /** The most often unmet items, most frequent first (at most five). */
  readonly items: readonly UnmetChecklistItem[];
}

/** One segment's stage table (segment null: the customers no segment matched). */
export interface SegmentReport {
  readonly segment: string | null;
  readonly label: string;
  readonly customers: number;
  readonly stages: readonly StageReport[];
}

/** How many customers reached a stage (or a later one) by the end of the period. */
export interface FunnelStep {
  readonly stage: string;
  readonly label: string;
  readonly reached: number;
}

/** Stage changes in the period between two stages (`from` null: the customer's first stage). */
export interface StageFlow {
  readonly from: string | null;
  readonly to: string;
  readonly direction: 'initial' | 'forward' | 'backward';
  readonly count: number;
}

/** Backward moves in the period, by move. */
export interface BackwardMoveCount {
  /** The journey's move id; null for a backward step no explicit move caused. */
  readonly move: string | null;
  readonly label: string;
  readonly from: string | null;
  readonly to: string;
  readonly outcome: 'lost' | 'churned' | 'disqualified' | 'other' | null;
  readonly count: number;
}

/** Customers who entered the journey in one month, and how many of them reached each stage by the end of the period. */
export interface Cohort {
  /** `YYYY-MM` (UTC). */
  readonly month: string;
  readonly customers: number;
  /** Stage id → customers of the cohort who reached it or a later stage. */
  readonly reached: Readonly<Record<string, number>>;
}

/** An owner (the CRM user id on the customer's root record) and their overdue customers. */
export interface OwnerOverdue {
  readonly owner: string;
  readonly overdue: number;
  /** Customers of this owner in a stage with a target at the end of the period. */
  readonly customers: number;
}

/** One overdue customer, longest over target first. */
export interface OverdueCustomer {
  readonly id: string;
  readonly type: string;
  readonly name: string | null;
  readonly stage: string;
  readonly segment: string | null;
  readonly owner: string | null;
  readonly days: number;
  readonly targetDays: number;
}

/** Touchpoints of one stage, by channel. */
export interface StageTouchpoints {
  readonly stage: string;
  readonly label: string;
  readonly total: number;
  readonly byChannel: Readonly<Partial<Record<Touchpoint['channel'], number>>>;
}

/** The emotion curve's point of one stage: touchpoints in the period made in that stage. */
export interface StageEmotion {
  readonly stage: string;
  readonly label: string;
  readonly touchpoints: number;
  /** Mean and median emotion (-2 to +2), null without touchpoints. */
  readonly mean: number | null;
  readonly median: number | null;
  readonly negative: number;
  readonly negativeShare: number | null;
  /** Touchpoints with a score above 0; the rest of the non-negative ones are neutral (0). */
  readonly positive: number;
  readonly positiveShare: number | null;
}

/** A stage where negative touchpoints cluster. */
export interface NegativeCluster {
  readonly stage: string;
  readonly label: string;
  readonly negative: number;
  readonly share: number;
  /** The channel most negative touchpoints of the stage came through. */
  readonly channel: Touchpoint['channel'];
}

/** What became of one action template of one stage. */
export interface ActionEffectiveness {
  readonly action: string;
  readonly stage: string;
  readonly stageLabel: string;
  /** `create` (the sync writes the task) or `suggest` (a rep accepts it); null when the journey no longer has it. */
  readonly mode: 'create' | 'suggest' | null;
  /** Distinct proposals known: open suggestions now, and every action that has an activity. */
  readonly proposed: number;
  /** Activities (tasks, calls, meetings) carrying the action's key, created in the period. */
  readonly created: number;
  /** For `suggest` actions: the created ones (a rep turned the suggestion into a task). Null for `create` actions. */
  readonly accepted: number | null;
  /** Of the created, the ones closed by the end of the period. */
  readonly completed: number;
  /** Of the created, the ones past their due date (or the journey's action window) by the end of the period. */
  readonly judged: number;
  /** Of the created, the ones still within their due date or window: too young to judge. */
  readonly pending: number;
  /** Of the judged, the ones after which the customer entered a later stage by the end of the period. */
  readonly advanced: number;
  /** `advanced / judged`. */
  readonly advanceRate: number | null;
}

/** A bottleneck in plain words, most severe first. */
export interface Bottleneck {
  readonly kind: 'dwell' | 'conversion' | 'emotion' | 'action';
  readonly stage: string;
  readonly segment: string | null;
  readonly sentence: string;
  /** For ordering: the customers (or touchpoints, activities) concerned times their share. */
  readonly weight: number;
}

/** The analytics of one journey over a period: every number the HTML report and `--json` show. */
export interface JourneyReport {
  readonly journey: { readonly id: string; readonly name: string; readonly revision: number };
  readonly asOf: string;
  readonly period: { readonly from: string; readonly to: string };
  /** The segment the report was restricted to, if any. */
  readonly segment: string | null;
  readonly customers: number;
  readonly bottlenecks: readonly Bottleneck[];
  readonly stages: readonly StageReport[];
  readonly segments: readonly SegmentReport[];
  readonly funnel: readonly FunnelStep[];
  readonly flows: readonly StageFlow[];
  readonly backwardMoves: readonly BackwardMoveCount[];
  readonly cohorts: readonly Cohort[];
  readonly overdueOwners: readonly OwnerOverdue[];
  readonly overdueCustomers: readonly OverdueCustomer[];
  readonly touchpoints: readonly StageTouchpoints[];
  readonly emotion: readonly StageEmotion[];
  readonly negativeClusters: readonly NegativeCluster[];
  readonly actions: readonly ActionEffectiveness[];
  /** How the numbers are defined, in sentences (also shown in the HTML). */
  readonly definitions: readonly string[];
}
