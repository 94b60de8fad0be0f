import type { DurationSummary } from './journey-report.ts';

/** Rounds to one decimal, the precision every report number of days is shown with. */
export function roundDays(days: number): number {
  return Math.round(days * 10) / 10;
}

/** Rounds a share (0 to 1) to four decimals; null when there is nothing to divide by. */
export function share(part: number, whole: number): number | null {
  return whole === 0 ? null : Math.round((part / whole) * 10_000) / 10_000;
}

/**
 * The `q` quantile (0 to 1) of sorted values, interpolating linearly between the closest ranks
 * (R type 7, numpy's default, Excel's PERCENTILE.INC): the median of 1, 2, 3, 10 is 2.5, its p90 7.9.
 */
export function quantile(sorted: ArrayLike<number>, q: number): number | null {
  if (sorted.length === 0) return null;
  const position = (sorted.length - 1) * q;
  const below = Math.floor(position);
  const low = sorted[below] ?? 0;
  const high = sorted[Math.min(below + 1, sorted.length - 1)] ?? low;
  return low + (high - low) * (position - below);
}

/** Min, quartiles, median, p90 and max of durations in days, each rounded to one decimal. */
export function summarizeDurations(days: readonly number[]): DurationSummary {
  // A typed array sorts numbers natively, several times faster than an array with a comparator (a
  // stage of a 100,000-customer report has tens of thousands of stays).
  const sorted = Float64Array.from(days).sort();
  const at = (q: number): number | null => {
    const value = quantile(sorted, q);
    return value === null ? null : roundDays(value);
  };
  return { count: sorted.length, min: at(0), q1: at(0.25), median: at(0.5), q3: at(0.75), p90: at(0.9), max: at(1) };
}
