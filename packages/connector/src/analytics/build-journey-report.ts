import { DAY_MS, formatInstant } from '../records/field-values.ts';
import type { CompiledJourney } from '../engine/compile-journey.ts';
import { ActionTallies } from './action-effectiveness.ts';
import { bottleneckSentences } from './bottleneck-sentences.ts';
import { FlowTallies } from './flow-metrics.ts';
import type { JourneyReport } from './journey-report.ts';
import { OverdueTallies } from './overdue-metrics.ts';
import type { ReportCustomer } from './report-customer.ts';
import { StageTallies, type ReportPeriod } from './stage-metrics.ts';
import { stageStays } from './stage-stays.ts';
import { TouchpointTallies } from './touchpoint-metrics.ts';

/** Options for {@link createJourneyReportBuilder}. */
export interface JourneyReportOptions {
  /** The evaluation time of the customers, epoch ms. */
  readonly asOf: number;
  /** Start of the period, epoch ms; default a year before `to`. */
  readonly from?: number;
  /** End of the period, epoch ms; default (and at most) `asOf`. */
  readonly to?: number;
  /** Only customers of this segment. */
  readonly segment?: string;
}

/** Feeds customers one at a time (bounded memory on a large org), then builds the report. */
export interface JourneyReportBuilder {
  add(customer: ReportCustomer): void;
  build(): JourneyReport;
}

/** How the numbers are defined; shown in the HTML and carried in the JSON. */
export const REPORT_DEFINITIONS: readonly string[] = [
  'Days are calendar days, one decimal. Medians, quartiles and p90 interpolate linearly between the closest ranks (R type 7, Excel PERCENTILE.INC).',
  'Time in stage (dwell) covers the stays that ended in the period, at their full length, and the stays still open at the end of the period, at their length so far; "completed" counts only the former.',
  'Now: customers in the stage at the end of the period. Overdue: of those, the ones in it at least as long as their segment\'s target (as the engine and the panel say "overdue").',
  'Unmet checklist: for the overdue customers of a stage, how many do not meet each condition of the next stage\'s advance checklist (the panel\'s "To reach" items, by their place in the journey file), most often unmet first, at most five; checklists are as computed at the evaluation time, so a customer counts only when its stay at the end of the period is still its stay then.',
  'Entered: customers with an entry into the stage in the period. Conversion: of those, the share who reached any later stage after their first entry in the period, by its end. Drop-off: the share whose stay ended with a lost, churned or disqualified backward move.',
  'Funnel and cohorts: customers who reached the stage or a later one by the end of the period; cohorts group customers by the month (UTC) their journey began, for journeys that began in the period.',
  'Touchpoints are counted under the stage the customer was in when they happened, for touchpoints in the period; a stage is a negative cluster when at least 20% (and 1.5 times the journey-wide share) of its touchpoints, and at least 5, are negative.',
  'Actions: created counts activities carrying the action key, created in the period; accepted is the same number for suggested actions (only a rep turns a suggestion into a task; the sync writes "create" actions itself) and is not applicable to those; completed counts the closed ones; an action is judged once it had time to work: after its due date or, without one (or with one already past when it was created), the actionWindowDays of the journey file (default 14 days) after its creation; pending counts the created ones not judged yet; advanced counts the judged ones after whose creation the customer entered a later stage by the end of the period, and the advance rate is advanced over judged. Proposed counts the distinct proposals known: open suggestions now and every action with an activity (dismissals are not stored in the CRM).',
  "Owners are the owner field of the customer's root record (a CRM user id). Segments are the customer's segment at the evaluation time.",
];

/**
 * Starts a report over a period: add every evaluated customer (see `reportCustomer`), then build.
 *
 * @example
 * const builder = createJourneyReportBuilder(compiled, { asOf });
 * for (const customer of customers) builder.add(reportCustomer(compiled, customer.input, customer.state));
 * const report = builder.build();
 */
export function createJourneyReportBuilder(
  journey: CompiledJourney,
  options: JourneyReportOptions,
): JourneyReportBuilder {
  const to = Math.min(options.to ?? options.asOf, options.asOf);
  const period: ReportPeriod = { from: options.from ?? to - 365 * DAY_MS, to };
  const segmentFilter = options.segment ?? null;
  const everyone = new StageTallies(journey, period);
  const bySegment = new Map<string | null, StageTallies>();
  const flows = new FlowTallies(journey, period);
  const overdue = new OverdueTallies(journey, period);
  const touchpoints = new TouchpointTallies(journey, period);
  const actions = new ActionTallies(journey, period);
  return {
    add(customer) {
      if (segmentFilter !== null && customer.segment !== segmentFilter) return;
      const stays = stageStays(customer, period.to);
      everyone.add(customer, stays);
      let segment = bySegment.get(customer.segment);
      if (!segment) bySegment.set(customer.segment, (segment = new StageTallies(journey, period)));
      segment.add(customer, stays);
      flows.add(customer);
      overdue.add(customer, stays);
      touchpoints.add(customer);
      actions.add(customer);
    },
    build() {
      const { definition } = journey;
      const stages = everyone.reports(null);
      const segmentIds: (string | null)[] = definition.segments.map((segment) => segment.id);
      if (bySegment.has(null)) segmentIds.push(null);
      const segments = segmentIds
        .filter((id) => segmentFilter === null || id === segmentFilter)
        .map((id) => {
          const tallies = bySegment.get(id) ?? new StageTallies(journey, period);
          return {
            segment: id,
            label: id === null ? 'No segment' : (definition.segments.find((s) => s.id === id)?.label ?? id),
            customers: tallies.customers,
            stages: tallies.reports(id),
          };
        });
      const emotion = touchpoints.emotion();
      const negativeClusters = touchpoints.negativeClusters(emotion);
      const actionRows = actions.results();
      return {
        journey: { id: definition.id, name: definition.name, revision: definition.revision },
        asOf: formatInstant(options.asOf),
        period: { from: formatInstant(period.from), to: formatInstant(period.to) },
        segment: segmentFilter,
        customers: everyone.customers,
        bottlenecks: bottleneckSentences({ stages, segments, emotion, negativeClusters, actions: actionRows }),
        stages,
        segments,
        funnel: flows.funnel(),
        flows: flows.flows(),
        backwardMoves: flows.backwardMoves(),
        cohorts: flows.cohorts(),
        overdueOwners: overdue.owners(),
        overdueCustomers: overdue.customers(),
        touchpoints: touchpoints.byStage(),
        emotion,
        negativeClusters,
        actions: actionRows,
        definitions: REPORT_DEFINITIONS,
      };
    },
  };
}

/** Builds the report of a list of customers at once. */
export function buildJourneyReport(
  journey: CompiledJourney,
  customers: Iterable<ReportCustomer>,
  options: JourneyReportOptions,
): JourneyReport {
  const builder = createJourneyReportBuilder(journey, options);
  for (const customer of customers) builder.add(customer);
  return builder.build();
}
