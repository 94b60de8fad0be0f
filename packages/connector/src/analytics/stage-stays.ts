import type { ReportCustomer, ReportTransition } from './report-customer.ts';

/** One stay of a customer in a stage: from the transition into it to the next one (or still open). */
export interface StageStay {
  readonly stage: string;
  /** Epoch ms. */
  readonly enteredAt: number;
  /** Epoch ms it ended, or null when it is still open at the end of the period. */
  readonly leftAt: number | null;
  /** The transition that ended it. */
  readonly exit: ReportTransition | null;
}

/** The customer's stays as they stood at `to` (epoch ms): transitions after it are ignored. */
export function stageStays(customer: ReportCustomer, to: number): StageStay[] {
  const stays: StageStay[] = [];
  const { history } = customer;
  for (let i = 0; i < history.length; i++) {
    const transition = history[i];
    if (transition === undefined || transition.at > to) break;
    const next = history[i + 1];
    const closed = next !== undefined && next.at <= to;
    stays.push({
      stage: transition.to,
      enteredAt: transition.at,
      leftAt: closed ? next.at : null,
      exit: closed ? next : null,
    });
  }
  return stays;
}

/** The furthest stage index the customer reached by `to` (-1: none). */
export function furthestIndex(customer: ReportCustomer, stageIndex: ReadonlyMap<string, number>, to: number): number {
  let furthest = -1;
  for (const transition of customer.history) {
    if (transition.at > to) break;
    furthest = Math.max(furthest, stageIndex.get(transition.to) ?? -1);
  }
  return furthest;
}
