import { percent } from './bottleneck-sentences.ts';
import type { JourneyReport, StageReport } from './journey-report.ts';
import { roundDays, share } from './summarize-durations.ts';

/** The numbers of one stage that a comparison puts side by side. */
export interface ComparedNumbers {
  readonly now: number;
  /** Share of the report's customers in the stage at the end of the period. */
  readonly share: number | null;
  readonly medianDays: number | null;
  readonly p90Days: number | null;
  readonly overdueShare: number | null;
  readonly conversion: number | null;
}

/** One stage in both reports (null where a journey version has no such stage), with the differences. */
export interface StageComparison {
  readonly stage: string;
  readonly label: string;
  readonly base: ComparedNumbers | null;
  readonly other: ComparedNumbers | null;
  /** `other - base` for each number both sides have. */
  readonly difference: { readonly [K in keyof ComparedNumbers]: number | null };
  /** The differences large enough to call out, in words, with the number they are about. */
  readonly highlights: readonly ComparisonHighlight[];
}

/** A difference worth calling out. */
export interface ComparisonHighlight {
  readonly field: keyof ComparedNumbers;
  readonly text: string;
}

/** Two reports side by side: two journey versions over the same customers, or two periods. */
export interface ReportComparison {
  readonly base: { readonly label: string; readonly report: JourneyReport };
  readonly other: { readonly label: string; readonly report: JourneyReport };
  readonly stages: readonly StageComparison[];
}

/** Differences at least this large are highlighted: share of customers, overdue share, conversion... */
const SHARE_CHANGE = 0.05;
/** ...and median dwell, in days and relative to the base. */
const DAYS_CHANGE = 3;
const RELATIVE_DAYS_CHANGE = 0.2;

function numbers(stage: StageReport | undefined, customers: number): ComparedNumbers | null {
  if (!stage) return null;
  return {
    now: stage.now,
    share: share(stage.now, customers),
    medianDays: stage.dwell.median,
    p90Days: stage.dwell.p90,
    overdueShare: stage.overdueShare,
    conversion: stage.conversion,
  };
}

function minus(
  a: number | null | undefined,
  b: number | null | undefined,
  round: (n: number) => number,
): number | null {
  return a === null || a === undefined || b === null || b === undefined ? null : round(a - b);
}

const roundShare = (n: number): number => Math.round(n * 10_000) / 10_000;

function highlights(label: string, base: ComparedNumbers, other: ComparedNumbers): ComparisonHighlight[] {
  const out: ComparisonHighlight[] = [];
  const pp = (n: number): string => `${n > 0 ? '+' : ''}${Math.round(n * 100)} points`;
  const shareOf = (field: keyof ComparedNumbers, name: string, a: number | null, b: number | null): void => {
    if (a !== null && b !== null && Math.abs(b - a) >= SHARE_CHANGE)
      out.push({ field, text: `${label}: ${name} ${percent(a)} → ${percent(b)} (${pp(b - a)})` });
  };
  shareOf('share', 'share of customers', base.share, other.share);
  if (base.medianDays !== null && other.medianDays !== null) {
    const change = other.medianDays - base.medianDays;
    if (Math.abs(change) >= Math.max(DAYS_CHANGE, RELATIVE_DAYS_CHANGE * base.medianDays))
      out.push({
        field: 'medianDays',
        text: `${label}: median time in stage ${base.medianDays} → ${other.medianDays} days (${change > 0 ? '+' : ''}${roundDays(change)})`,
      });
  }
  shareOf('overdueShare', 'overdue', base.overdueShare, other.overdueShare);
  shareOf('conversion', 'conversion', base.conversion, other.conversion);
  return out;
}

/**
 * Puts two reports side by side, stage by stage (matched by stage id, in the base's order, then the
 * other's new stages), with the differences and the ones worth calling out.
 *
 * @example
 * compareReports({ label: 'Current state', report: a }, { label: 'Future state', report: b });
 */
export function compareReports(
  base: { readonly label: string; readonly report: JourneyReport },
  other: { readonly label: string; readonly report: JourneyReport },
): ReportComparison {
  const ids = [...base.report.stages.map((stage) => stage.stage)];
  for (const stage of other.report.stages) if (!ids.includes(stage.stage)) ids.push(stage.stage);
  const stages = ids.map((id): StageComparison => {
    const a = base.report.stages.find((stage) => stage.stage === id);
    const b = other.report.stages.find((stage) => stage.stage === id);
    const left = numbers(a, base.report.customers);
    const right = numbers(b, other.report.customers);
    const label = a?.label ?? b?.label ?? id;
    return {
      stage: id,
      label,
      base: left,
      other: right,
      difference: {
        now: minus(right?.now, left?.now, (n) => n),
        share: minus(right?.share, left?.share, roundShare),
        medianDays: minus(right?.medianDays, left?.medianDays, roundDays),
        p90Days: minus(right?.p90Days, left?.p90Days, roundDays),
        overdueShare: minus(right?.overdueShare, left?.overdueShare, roundShare),
        conversion: minus(right?.conversion, left?.conversion, roundShare),
      },
      highlights:
        left && right
          ? highlights(label, left, right)
          : [{ field: 'now', text: `${label}: only in ${left ? base.label : other.label}` }],
    };
  });
  return { base, other, stages };
}
