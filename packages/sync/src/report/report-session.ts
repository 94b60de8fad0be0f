import {
  compareReports,
  compileJourney,
  createJourneyMapBuilder,
  createJourneyReportBuilder,
  evaluateCustomer,
  reportCustomer,
  type CustomerInput,
  type JourneyDefinition,
  type JourneyState,
} from '@crm-journey/connector';
import type { ReportDocument } from './render-report-html.ts';

/** What to report on, and what to compare it with. */
export interface ReportOptions {
  /** Evaluation time, epoch ms. */
  readonly asOf: number;
  /** The period, epoch ms (default: the year up to `asOf`). */
  readonly from?: number;
  readonly to?: number;
  readonly segment?: string;
  /** Another journey version to evaluate the same customers with (current state versus future state). */
  readonly compareJourney?: JourneyDefinition;
  /** Another period of the same journey. */
  readonly comparePeriod?: { readonly from?: number; readonly to?: number };
}

/** Feeds customers to one or two report builders and puts the result together. */
export interface ReportSession {
  /** Evaluates one customer (using its stored state when it belongs to this journey revision) and adds it. */
  add(input: Omit<CustomerInput, 'asOf' | 'previous'>, stored?: JourneyState | null): void;
  finish(): ReportDocument;
}

function periodLabel(from: number | undefined, to: number | undefined, asOf: number): string {
  const day = (ms: number): string => new Date(ms).toISOString().slice(0, 10);
  const end = Math.min(to ?? asOf, asOf);
  return `${day(from ?? end - 365 * 86_400_000)} to ${day(end)}`;
}

/**
 * A report over customers fed one at a time, so an org of any size is read once with bounded memory.
 *
 * @example
 * const session = createReportSession(journey, { asOf: Date.now() });
 * for (const set of customers) session.add(set);
 * const { report } = session.finish();
 */
export function createReportSession(journey: JourneyDefinition, options: ReportOptions): ReportSession {
  const compiled = compileJourney(journey, { codegen: true });
  const base = { asOf: options.asOf, ...(options.segment === undefined ? {} : { segment: options.segment }) };
  // The main builder also draws the journey map, the report's first section, from the same tallies.
  const main = createJourneyMapBuilder(compiled, {
    ...base,
    ...(options.from === undefined ? {} : { from: options.from }),
    ...(options.to === undefined ? {} : { to: options.to }),
  });
  const otherCompiled = options.compareJourney ? compileJourney(options.compareJourney, { codegen: true }) : undefined;
  const otherPeriod = options.comparePeriod;
  const other = otherCompiled
    ? createJourneyReportBuilder(otherCompiled, {
        ...base,
        ...(options.from === undefined ? {} : { from: options.from }),
        ...(options.to === undefined ? {} : { to: options.to }),
      })
    : otherPeriod
      ? createJourneyReportBuilder(compiled, {
          ...base,
          ...(otherPeriod.from === undefined ? {} : { from: otherPeriod.from }),
          ...(otherPeriod.to === undefined ? {} : { to: otherPeriod.to }),
        })
      : undefined;
  return {
    add(read, stored) {
      const usable = stored?.journey.id === journey.id && stored.journey.revision === journey.revision ? stored : null;
      const input: CustomerInput = { ...read, asOf: options.asOf, previous: usable };
      const facts = reportCustomer(compiled, input, evaluateCustomer(compiled, input));
      main.add(facts);
      if (otherCompiled && other) {
        // The other version replays the customer's history from its records: the stored state belongs to this one.
        const otherInput: CustomerInput = { ...read, asOf: options.asOf };
        other.add(reportCustomer(otherCompiled, otherInput, evaluateCustomer(otherCompiled, otherInput)));
      } else other?.add(facts);
    },
    finish() {
      const { report, map } = main.build();
      if (!other) return { report, comparison: null, map };
      const otherReport = other.build();
      if (options.compareJourney) {
        const future = options.compareJourney;
        return {
          report,
          map,
          comparison: compareReports(
            { label: `Revision ${journey.revision}`, report },
            { label: `Revision ${future.revision} (${future.file})`, report: otherReport },
          ),
        };
      }
      // Two periods read as before and after: the earlier one is the base the differences start from.
      const current = { label: periodLabel(options.from, options.to, options.asOf), report };
      const second = { label: periodLabel(otherPeriod?.from, otherPeriod?.to, options.asOf), report: otherReport };
      const earlierFirst = Date.parse(otherReport.period.to) < Date.parse(report.period.to);
      return {
        report,
        map,
        comparison: earlierFirst ? compareReports(second, current) : compareReports(current, second),
      };
    },
  };
}
