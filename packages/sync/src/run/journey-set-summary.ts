import type { JourneySetDefinition, SetEvaluation } from '@crm-journey/connector';

/** What a run over a journey set adds to its summary. */
export interface JourneySetSummary {
  readonly customersPerJourney: Readonly<Record<string, number>>;
  /** Customers no entry took: nothing was written for them. */
  readonly inNoJourney: number;
  /** Customers that moved from one journey to another in this run. */
  readonly moves: readonly { readonly customerId: string; readonly from: string; readonly to: string }[];
  /** The old journeys' generated tasks still open after a move: left as they are, never deleted. */
  readonly tasksLeftOpen: readonly {
    readonly customerId: string;
    readonly journey: string;
    readonly recordId: string;
  }[];
}

/** Counts a set's run customer by customer; `summary` is what the run summary carries. */
export interface JourneySetTally {
  readonly summary: JourneySetSummary;
  count(customerId: string, evaluation: SetEvaluation): void;
}

/**
 * A tally of customers per journey, customers in none, moves and the open tasks moves leave.
 *
 * @example
 * const tally = journeySetTally(set);
 * tally.count(customer.id, evaluateCustomerInSet(compiled, input));
 */
export function journeySetTally(set: JourneySetDefinition): JourneySetTally {
  const customersPerJourney: Record<string, number> = Object.fromEntries(set.journeys.map((member) => [member.id, 0]));
  const moves: { customerId: string; from: string; to: string }[] = [];
  const tasksLeftOpen: { customerId: string; journey: string; recordId: string }[] = [];
  const summary = { customersPerJourney, inNoJourney: 0, moves, tasksLeftOpen };
  return {
    summary,
    count(customerId, { state, move }) {
      if (state === null) {
        summary.inNoJourney++;
        return;
      }
      customersPerJourney[state.journey.id] = (customersPerJourney[state.journey.id] ?? 0) + 1;
      if (!move) return;
      moves.push({ customerId, from: move.from, to: move.to });
      for (const task of move.openTasks)
        tasksLeftOpen.push({ customerId, journey: move.from, recordId: task.recordId });
    },
  };
}
