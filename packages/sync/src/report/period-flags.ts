// The period and comparison flags `report` and `map` share: `--from`/`--to`, `--compare-from`/`--compare-to`,
// `--compare-journey` and `--segment`, read and checked once for both commands.
import type { JourneyDefinition } from '@crm-journey/connector';
import { UsageError } from '../cli/cli-context.ts';

const DATE_ONLY = /^\d{4}-\d{2}-\d{2}$/;

/** Parses a period flag: an ISO date (a whole UTC day: its start, or its end when `end`) or date-time. */
function parsePeriodDate(command: string, flag: string, value: string | undefined, end: boolean): number | undefined {
  if (value === undefined) return undefined;
  const at = Date.parse(DATE_ONLY.test(value) ? `${value}T00:00:00Z` : value);
  if (Number.isNaN(at))
    throw new UsageError(
      `crm-journey ${command}: --${flag} "${value}" is not an ISO date or date-time (e.g. 2026-01-01 or 2026-01-01T00:00:00Z).`,
    );
  return DATE_ONLY.test(value) && end ? at + 86_400_000 - 1 : at;
}

/** Refuses a period whose start is not before its end. */
function checkPeriod(command: string, from: number | undefined, to: number | undefined, flags: string): void {
  if (from !== undefined && to !== undefined && from >= to)
    throw new UsageError(`crm-journey ${command}: ${flags}: the start must be before the end.`);
}

/** Refuses a `--segment` the journey does not have, naming the ones it has. */
function checkSegment(command: string, journey: JourneyDefinition, segment: string | undefined): void {
  if (segment === undefined || journey.segments.some((candidate) => candidate.id === segment)) return;
  const ids = journey.segments.map((candidate) => candidate.id).join(', ') || '(none)';
  throw new UsageError(
    `crm-journey ${command}: --segment ${segment}: journey ${journey.id} has no such segment; its segments: ${ids}.`,
  );
}

/** The period flags as the command line gives them. */
export interface PeriodFlagValues {
  readonly from?: string | undefined;
  readonly to?: string | undefined;
  readonly segment?: string | undefined;
  readonly 'compare-from'?: string | undefined;
  readonly 'compare-to'?: string | undefined;
  readonly 'compare-journey'?: string | undefined;
}

/** The period, segment and comparison a report or map session takes (besides `asOf`). */
export interface PeriodOptions {
  readonly from?: number;
  readonly to?: number;
  readonly segment?: string;
  readonly compareJourney?: JourneyDefinition;
  readonly comparePeriod?: { readonly from?: number; readonly to?: number };
}

/**
 * Reads and checks the period flags once; the result builds a session's options for a journey (the
 * segment is checked against it) and the journey compared with, if any.
 *
 * @example
 * const period = readPeriodFlags('map', values);
 * createMapSession(journey, { asOf, ...period.options(journey, undefined) });
 */
export function readPeriodFlags(
  command: string,
  values: PeriodFlagValues,
): {
  readonly from: number | undefined;
  readonly to: number | undefined;
  readonly options: (journey: JourneyDefinition, compareJourney: JourneyDefinition | undefined) => PeriodOptions;
} {
  const from = parsePeriodDate(command, 'from', values.from, false);
  const to = parsePeriodDate(command, 'to', values.to, true);
  checkPeriod(command, from, to, '--from/--to');
  const compareFrom = parsePeriodDate(command, 'compare-from', values['compare-from'], false);
  const compareTo = parsePeriodDate(command, 'compare-to', values['compare-to'], true);
  checkPeriod(command, compareFrom, compareTo, '--compare-from/--compare-to');
  const comparePeriod = compareFrom !== undefined || compareTo !== undefined;
  if (comparePeriod && values['compare-journey'] !== undefined)
    throw new UsageError(
      `crm-journey ${command}: compare either two journey versions or two periods, not both at once.`,
    );
  const options = (journey: JourneyDefinition, compareJourney: JourneyDefinition | undefined): PeriodOptions => {
    checkSegment(command, journey, values.segment);
    return {
      ...(from === undefined ? {} : { from }),
      ...(to === undefined ? {} : { to }),
      ...(values.segment === undefined ? {} : { segment: values.segment }),
      ...(compareJourney ? { compareJourney } : {}),
      ...(comparePeriod
        ? {
            comparePeriod: {
              ...(compareFrom === undefined ? {} : { from: compareFrom }),
              ...(compareTo === undefined ? {} : { to: compareTo }),
            },
          }
        : {}),
    };
  };
  return { from, to, options };
}
