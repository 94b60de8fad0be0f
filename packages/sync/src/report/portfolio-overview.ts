import type { JourneyReport, JourneySetDefinition, JourneyState } from '@crm-journey/connector';

/** One journey of the portfolio: its customers, where they are, and how they move on. */
export interface PortfolioJourney {
  readonly id: string;
  readonly name: string;
  /** The journey's customer root (`Account`, `Contact`, ...). */
  readonly root: string;
  /** Customers the journey takes (its entry holds, no earlier journey took them). */
  readonly customers: number;
  /** `customers` over all the customers placed in a journey of the set; null when there are none. */
  readonly share: number | null;
  /** Customers in each stage at the end of the period, in the journey's order. */
  readonly stages: readonly { readonly stage: string; readonly label: string; readonly now: number }[];
  /** The journey's stages' `entered` and `converted` of its report, summed (see the definitions). */
  readonly entered: number;
  readonly converted: number;
  /** `converted / entered`; null when nobody entered a stage in the period. */
  readonly conversion: number | null;
}

/** Customers who moved from one journey of the set to another in the period. */
export interface PortfolioMove {
  readonly from: string;
  readonly to: string;
  readonly count: number;
}

/** The portfolio overview of a journey set: every journey side by side. */
export interface PortfolioOverview {
  readonly asOf: string;
  readonly period: { readonly from: string; readonly to: string };
  /** Customers placed in a journey of the set. */
  readonly customers: number;
  readonly customersPerJourney: Readonly<Record<string, number>>;
  /** Customers no entry takes: in no journey, nothing written for them. */
  readonly inNoJourney: number;
  readonly journeys: readonly PortfolioJourney[];
  readonly moves: readonly PortfolioMove[];
  readonly definitions: readonly string[];
}

/** Tallies placements and moves between journeys as customers are added; builds the overview at the end. */
export interface PortfolioTally {
  /** Counts a customer placed in `journey` (undefined: in none), and its moves between journeys. */
  count(journey: string | undefined, stored: JourneyState | null | undefined, asOf: number): void;
  build(reports: readonly { readonly id: string; readonly report: JourneyReport }[]): PortfolioOverview;
}

/** How the overview's numbers are defined, shown under it and in its JSON. */
const PORTFOLIO_DEFINITIONS: readonly string[] = [
  'Customers per journey: each customer is in the first journey of the set, by order, whose entry holds among the journeys on its root (an account in an account journey, a contact without an account in a contact journey; a lead in any); a customer no entry takes is in no journey.',
  'Per stage: the customers in the stage at the end of the period, as in the journey’s report.',
  'Conversion: of the customers who entered a stage of the journey in the period (each stage counted once per customer, at its first entry in the period), the share who reached a later stage of the journey after that entry by the end of the period: the stages’ converted over their entered, summed.',
  'Moves between journeys: customers whose history records a move from one journey of the set to another in the period, or who move now (their stored state names another journey than the one that takes them).',
];

/**
 * A tally for the portfolio overview of a set: fed each customer's placement and stored state, then the
 * report of each journey (for the stage counts and conversions).
 *
 * @example
 * const tally = createPortfolioTally(set);
 * tally.count('b2c', stored, asOf);
 * const overview = tally.build([{ id: 'b2b', report }, { id: 'b2c', report: other }]);
 */
export function createPortfolioTally(set: JourneySetDefinition): PortfolioTally {
  const customersPerJourney: Record<string, number> = Object.fromEntries(set.journeys.map((j) => [j.id, 0]));
  let inNoJourney = 0;
  const moves: { from: string; to: string; at: number }[] = [];
  return {
    count(journey, stored, asOf) {
      if (journey === undefined) {
        inNoJourney++;
        return;
      }
      customersPerJourney[journey] = (customersPerJourney[journey] ?? 0) + 1;
      if (!stored) return;
      for (const transition of stored.history)
        if (transition.journeyMove)
          moves.push({
            from: transition.journeyMove.from,
            to: transition.journeyMove.to,
            at: Date.parse(transition.at),
          });
      if (stored.journey.id !== journey) moves.push({ from: stored.journey.id, to: journey, at: asOf });
    },
    build(reports) {
      const [first] = reports;
      if (first === undefined) throw new RangeError('a journey set has at least one journey');
      const { period, asOf } = first.report;
      const from = Date.parse(period.from);
      const to = Date.parse(period.to);
      const customers = Object.values(customersPerJourney).reduce((sum, n) => sum + n, 0);
      const journeys = set.journeys.map((journey): PortfolioJourney => {
        const report = reports.find((item) => item.id === journey.id)?.report;
        const stages = report?.stages ?? [];
        const entered = stages.reduce((sum, stage) => sum + stage.entered, 0);
        const converted = stages.reduce((sum, stage) => sum + stage.converted, 0);
        const count = customersPerJourney[journey.id] ?? 0;
        return {
          id: journey.id,
          name: journey.name,
          root: journey.root,
          customers: count,
          share: customers === 0 ? null : count / customers,
          stages: stages.map(({ stage, label, now }) => ({ stage, label, now })),
          entered,
          converted,
          conversion: entered === 0 ? null : converted / entered,
        };
      });
      const byPair = new Map<string, PortfolioMove>();
      for (const move of moves) {
        if (!(move.at >= from && move.at <= to)) continue;
        const key = `${move.from}\u0000${move.to}`;
        const found = byPair.get(key);
        byPair.set(key, { from: move.from, to: move.to, count: (found?.count ?? 0) + 1 });
      }
      return {
        asOf,
        period,
        customers,
        customersPerJourney,
        inNoJourney,
        journeys,
        moves: [...byPair.values()].sort((a, b) => b.count - a.count || a.from.localeCompare(b.from)),
        definitions: PORTFOLIO_DEFINITIONS,
      };
    },
  };
}
