import {
  compileJourneySet,
  journeySetReadDefinition,
  placeCustomer,
  type CrmConnector,
  type CustomerInput,
  type JourneySetDefinition,
  type JourneyState,
  type ReadProgress,
} from '@crm-journey/connector';
import { createPortfolioTally, type PortfolioOverview } from './portfolio-overview.ts';
import type { ReportDocument } from './render-report-html.ts';
import { createReportSession, type ReportOptions, type ReportSession } from './report-session.ts';

/** The report of a journey set: one report per journey, and the portfolio overview across them. */
export interface SetReportDocument {
  readonly journeys: readonly { readonly id: string; readonly name: string; readonly document: ReportDocument }[];
  readonly portfolio: PortfolioOverview;
}

/** Adds customers to the report of the journey whose entry takes each, then finishes them all. */
export interface SetReportSession {
  add(input: Omit<CustomerInput, 'asOf' | 'previous'>, stored?: JourneyState | null): void;
  finish(): SetReportDocument;
}

/**
 * A report session per journey of the set; each customer goes to the first journey whose entry holds.
 *
 * @example
 * const session = createSetReportSession(set, { asOf: Date.now() });
 * for (const customer of customers) session.add(customer);
 * const { journeys, portfolio } = session.finish();
 */
export function createSetReportSession(set: JourneySetDefinition, options: ReportOptions): SetReportSession {
  const compiled = compileJourneySet(set);
  const sessions = new Map<string, ReportSession>(
    set.journeys.map((journey) => [journey.id, createReportSession(journey, options)]),
  );
  const tally = createPortfolioTally(set);
  return {
    add(input, stored) {
      const id = placeCustomer(compiled, input.records, options.asOf, input.customer.type).journey?.definition.id;
      const session = id === undefined ? undefined : sessions.get(id);
      tally.count(session === undefined ? undefined : id, stored, options.asOf);
      if (id === undefined || !session) return;
      session.add(input, stored?.journey.id === id ? stored : null);
    },
    finish: () => {
      const journeys = set.journeys.map((journey) => ({
        id: journey.id,
        name: journey.name,
        document: (sessions.get(journey.id) as ReportSession).finish(),
      }));
      const portfolio = tally.build(journeys.map(({ id, document }) => ({ id, report: document.report })));
      return { journeys, portfolio };
    },
  };
}

/**
 * Reads every customer of the org once for the whole set and builds the report of each journey.
 *
 * @example
 * const { journeys } = await buildSetReportFromConnector(connector, set, { asOf: Date.now() });
 */
export async function buildSetReportFromConnector(
  connector: CrmConnector,
  set: JourneySetDefinition,
  options: ReportOptions & { readonly onProgress?: (progress: ReadProgress) => void },
): Promise<SetReportDocument> {
  const session = createSetReportSession(set, options);
  const reader = connector.readCustomers(journeySetReadDefinition(set), {
    asOf: options.asOf,
    ...(options.onProgress ? { onProgress: options.onProgress } : {}),
  });
  for await (const read of reader)
    session.add({ customer: read.customer, records: read.records, changes: read.changes }, read.stored);
  return session.finish();
}
