import { DAY_MS } from '../records/field-values.ts';
import type { CompiledJourney } from '../engine/compile-journey.ts';
import { bottleneckSentences } from './bottleneck-sentences.ts';
import { createJourneyReportBuilder, type JourneyReportOptions } from './build-journey-report.ts';
import { DoingTallies } from './doing-metrics.ts';
import { MAP_LANES, type JourneyMap } from './journey-map.ts';
import type { JourneyReport } from './journey-report.ts';
import { MAP_MIN_JUDGED, mapStage } from './map-stage.ts';
import type { ReportCustomer } from './report-customer.ts';

/** How the map's own numbers are defined; every other number is the report's (`REPORT_DEFINITIONS`). */
export const MAP_DEFINITIONS: readonly string[] = [
  "Every number on the map is the report's number for the same journey, segment and period: time in stage is the report's dwell (median and p90), conversion and drop-off are the report's, touchpoints and emotion are the report's.",
  'Doing: records of the customer other than its root record (opportunities, cases, tasks, events…) created in the period, counted under the stage the customer was in when each was created; "drives" marks the objects the stage\'s own condition names.',
  'Emotion: the shares of positive (score above 0), neutral (0) and negative (below 0) touchpoints made in the stage, and their mean score from -2 to +2.',
  "Pain points: the report's bottleneck sentences for the stage (for a segment's map, the same sentences computed on the segment's own rows and targets), the most common backward move out of the stage, and the next stage's conditions its overdue customers most often lack (the report's unmet checklist, at most two).",
  `Opportunities: the stage's actions with at least ${MAP_MIN_JUDGED} judged activities, those most often followed by a move forward (best advance rate first) and those never followed by one. An action is judged only after its due date or the journey's action window.`,
];

/** The report and the map built from the same customers. */
export interface JourneyMapResult {
  readonly report: JourneyReport;
  readonly map: JourneyMap;
}

/** Feeds customers one at a time, then builds the report and the map drawn from it. */
export interface JourneyMapBuilder {
  add(customer: ReportCustomer): void;
  build(): JourneyMapResult;
}

/**
 * Starts a journey map (and the report it is drawn from) over a period, for everyone or one segment.
 *
 * @example
 * const builder = createJourneyMapBuilder(compiled, { asOf, segment: 'enterprise' });
 * for (const customer of customers) builder.add(reportCustomer(compiled, customer.input, customer.state));
 * const { map } = builder.build();
 */
export function createJourneyMapBuilder(journey: CompiledJourney, options: JourneyReportOptions): JourneyMapBuilder {
  const report = createJourneyReportBuilder(journey, options);
  const to = Math.min(options.to ?? options.asOf, options.asOf);
  const doing = new DoingTallies(journey, { from: options.from ?? to - 365 * DAY_MS, to });
  const segment = options.segment ?? null;
  return {
    add(customer) {
      if (segment !== null && customer.segment !== segment) return;
      report.add(customer);
      doing.add(customer);
    },
    build() {
      const built = report.build();
      const { definition } = journey;
      const segmentReport = segment === null ? undefined : built.segments.find((s) => s.segment === segment);
      const rows = segmentReport?.stages ?? built.stages;
      // A segment's map judges its stages against the segment's own targets.
      const judged: JourneyReport = segmentReport
        ? {
            ...built,
            bottlenecks: bottleneckSentences({
              stages: rows,
              segments: [],
              emotion: built.emotion,
              negativeClusters: built.negativeClusters,
              actions: built.actions,
            }),
          }
        : built;
      const deeds = doing.byStage();
      const map: JourneyMap = {
        journey: built.journey,
        asOf: built.asOf,
        period: built.period,
        segment,
        segmentLabel: segmentReport?.label ?? 'All customers',
        customers: built.customers,
        lanes: MAP_LANES,
        stages: definition.stages.map((stage, index) =>
          mapStage(
            stage,
            judged,
            rows[index] ?? (built.stages[index] as (typeof rows)[number]),
            segment,
            deeds[index] ?? [],
          ),
        ),
        definitions: MAP_DEFINITIONS,
      };
      return { report: built, map };
    },
  };
}
