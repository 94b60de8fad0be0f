import type { CompiledJourney } from '../engine/compile-journey.ts';
import type { BackwardMoveCount, Cohort, FunnelStep, StageFlow } from './journey-report.ts';
import type { ReportCustomer } from './report-customer.ts';
import type { ReportPeriod } from './stage-metrics.ts';
import { furthestIndex } from './stage-stays.ts';

/** Accumulates the funnel, the flows between stages, backward moves and monthly cohorts. */
export class FlowTallies {
  readonly #journey: CompiledJourney;
  readonly #period: ReportPeriod;
  readonly #reached: number[];
  readonly #flows = new Map<
    string,
    { from: string | null; to: string; direction: StageFlow['direction']; count: number }
  >();
  readonly #moves = new Map<
    string,
    { move: string | null; from: string | null; to: string; outcome: BackwardMoveCount['outcome']; count: number }
  >();
  readonly #cohorts = new Map<string, { customers: number; reached: number[] }>();

  constructor(journey: CompiledJourney, period: ReportPeriod) {
    this.#journey = journey;
    this.#period = period;
    this.#reached = journey.stages.map(() => 0);
  }

  /** Adds one customer. */
  add(customer: ReportCustomer): void {
    const { from, to } = this.#period;
    const furthest = furthestIndex(customer, this.#journey.stageIndex, to);
    for (let i = 0; i <= furthest; i++) this.#reached[i] = (this.#reached[i] ?? 0) + 1;
    for (const transition of customer.history) {
      if (transition.at > to) break;
      if (transition.at < from) continue;
      const flowKey = `${transition.from ?? ''}\u0000${transition.to}`;
      const flow = this.#flows.get(flowKey);
      if (flow) flow.count++;
      else
        this.#flows.set(flowKey, {
          from: transition.from,
          to: transition.to,
          direction: transition.direction,
          count: 1,
        });
      if (transition.direction !== 'backward') continue;
      const moveKey = `${transition.move ?? ''}\u0000${flowKey}`;
      const move = this.#moves.get(moveKey);
      if (move) move.count++;
      else
        this.#moves.set(moveKey, {
          move: transition.move,
          from: transition.from,
          to: transition.to,
          outcome: transition.outcome,
          count: 1,
        });
    }
    const first = customer.history[0];
    if (first === undefined || first.at < from || first.at > to) return;
    const month = new Date(first.at).toISOString().slice(0, 7);
    let cohort = this.#cohorts.get(month);
    if (!cohort) this.#cohorts.set(month, (cohort = { customers: 0, reached: this.#journey.stages.map(() => 0) }));
    cohort.customers++;
    for (let i = 0; i <= furthest; i++) cohort.reached[i] = (cohort.reached[i] ?? 0) + 1;
  }

  /** Customers who reached each stage or a later one by the end of the period. */
  funnel(): FunnelStep[] {
    return this.#journey.stages.map((stage, index) => ({
      stage: stage.definition.id,
      label: stage.definition.label,
      reached: this.#reached[index] ?? 0,
    }));
  }

  /** Stage changes in the period, most frequent first. */
  flows(): StageFlow[] {
    return [...this.#flows.values()].sort((a, b) => b.count - a.count || a.to.localeCompare(b.to));
  }

  /** Backward moves in the period by move, most frequent first. */
  backwardMoves(): BackwardMoveCount[] {
    const labels = new Map(this.#journey.definition.moves.map((move) => [move.id, move.label]));
    return [...this.#moves.values()]
      .map((move) => ({
        ...move,
        label: move.move === null ? 'Backward step' : (labels.get(move.move) ?? move.move),
      }))
      .sort((a, b) => b.count - a.count || a.label.localeCompare(b.label));
  }

  /** Cohorts by month of entry into the journey, oldest first. */
  cohorts(): Cohort[] {
    return [...this.#cohorts.entries()]
      .sort(([a], [b]) => a.localeCompare(b))
      .map(([month, cohort]) => ({
        month,
        customers: cohort.customers,
        reached: Object.fromEntries(
          this.#journey.stages.map((stage, index) => [stage.definition.id, cohort.reached[index] ?? 0]),
        ),
      }));
  }
}
