import { DAY_MS } from '../records/field-values.ts';
import type { CompiledJourney } from '../engine/compile-journey.ts';
import type { StageReport } from './journey-report.ts';
import type { ReportCustomer } from './report-customer.ts';
import type { StageStay } from './stage-stays.ts';
import { share, summarizeDurations } from './summarize-durations.ts';
import { UnmetTally } from './unmet-checklist.ts';

/** The period a report covers, epoch ms, both ends included. */
export interface ReportPeriod {
  readonly from: number;
  readonly to: number;
}

/** Running totals of one stage. */
interface StageTally {
  now: number;
  overdue: number;
  dwell: number[];
  completed: number[];
  open: number[];
  entered: number;
  converted: number;
  lost: number;
  churned: number;
  disqualified: number;
  backwardOut: number;
  backwardIn: number;
  unmet: UnmetTally;
}

/** Accumulates the stage numbers of a group of customers (everyone, or one segment). */
export class StageTallies {
  readonly #journey: CompiledJourney;
  readonly #period: ReportPeriod;
  readonly #tallies: StageTally[];
  customers = 0;

  constructor(journey: CompiledJourney, period: ReportPeriod) {
    this.#journey = journey;
    this.#period = period;
    this.#tallies = journey.stages.map(() => ({
      now: 0,
      overdue: 0,
      dwell: [],
      completed: [],
      open: [],
      entered: 0,
      converted: 0,
      lost: 0,
      churned: 0,
      disqualified: 0,
      backwardOut: 0,
      backwardIn: 0,
      unmet: new UnmetTally(),
    }));
  }

  /** Adds one customer, given its stays as they stood at the end of the period. */
  add(customer: ReportCustomer, stays: readonly StageStay[]): void {
    const { from, to } = this.#period;
    const { stageIndex } = this.#journey;
    this.customers++;
    const firstEntry = new Map<number, number>();
    stays.forEach((stay, position) => {
      const index = stageIndex.get(stay.stage) ?? -1;
      const tally = this.#tallies[index];
      if (!tally) return;
      if (stay.leftAt === null) {
        const days = (to - stay.enteredAt) / DAY_MS;
        tally.now++;
        tally.dwell.push(days);
        tally.open.push(days);
        const target = targetDays(this.#journey, customer.segment, index);
        if (target !== undefined && days >= target) {
          tally.overdue++;
          // The checklist was computed at the evaluation time: count it only when that is this same stay.
          const unmet = customer.unmet;
          if (unmet?.stage === stay.stage && (customer.history.at(-1)?.at ?? Infinity) <= to) tally.unmet.add(unmet);
        }
      } else if (stay.leftAt >= from) {
        const days = (stay.leftAt - stay.enteredAt) / DAY_MS;
        tally.dwell.push(days);
        tally.completed.push(days);
      }
      if (stay.enteredAt >= from && !firstEntry.has(index)) firstEntry.set(index, position);
      const exit = stay.exit;
      if (exit?.direction === 'backward' && exit.at >= from) {
        tally.backwardOut++;
        const into = this.#tallies[stageIndex.get(exit.to) ?? -1];
        if (into) into.backwardIn++;
      }
    });
    for (const [index, position] of firstEntry) {
      const tally = this.#tallies[index];
      if (!tally) continue;
      tally.entered++;
      if (stays.slice(position + 1).some((later) => (stageIndex.get(later.stage) ?? -1) > index)) tally.converted++;
      const exit = stays[position]?.exit;
      const outcome = exit?.direction === 'backward' ? exit.outcome : null;
      if (outcome === 'lost') tally.lost++;
      else if (outcome === 'churned') tally.churned++;
      else if (outcome === 'disqualified') tally.disqualified++;
    }
  }

  /** The stage table, in journey order, with the targets of `segment` (null: the journey's own). */
  reports(segment: string | null): StageReport[] {
    return this.#journey.stages.map((stage, index) => {
      const tally = this.#tallies[index] as StageTally;
      const target = targetDays(this.#journey, segment, index);
      const dropped = tally.lost + tally.churned + tally.disqualified;
      return {
        stage: stage.definition.id,
        label: stage.definition.label,
        targetDays: target ?? null,
        now: tally.now,
        overdue: tally.overdue,
        overdueShare: target === undefined && tally.overdue === 0 ? null : share(tally.overdue, tally.now),
        dwell: summarizeDurations(tally.dwell),
        completedDwell: summarizeDurations(tally.completed),
        openDwell: summarizeDurations(tally.open),
        entered: tally.entered,
        converted: tally.converted,
        conversion: share(tally.converted, tally.entered),
        lost: tally.lost,
        churned: tally.churned,
        disqualified: tally.disqualified,
        dropOff: share(dropped, tally.entered),
        backwardOut: tally.backwardOut,
        backwardIn: tally.backwardIn,
        unmetChecklist: tally.unmet.result(),
      };
    });
  }
}

/** The target of a stage for a segment (null: no segment), as the engine applies it. */
export function targetDays(journey: CompiledJourney, segment: string | null, index: number): number | undefined {
  const override = segment === null ? undefined : journey.segments.find((s) => s.definition.id === segment);
  return override ? override.stages[index]?.targetDays : journey.stages[index]?.definition.targetDays;
}
