import { performance } from 'node:perf_hooks';

/** Throughput of one measured path over several rounds. */
export interface ThroughputResult {
  readonly label: string;
  /** Items per round. */
  readonly items: number;
  /** Items per second of each measured round, in order. */
  readonly perSecond: readonly number[];
  readonly median: number;
  readonly min: number;
  readonly max: number;
}

/** One path to measure: a round processes `items` items. */
export interface MeasuredPath {
  readonly label: string;
  readonly items: number;
  readonly round: () => void | Promise<void>;
}

/** Options for {@link measureInterleaved}. */
export interface MeasureOptions {
  /** Unmeasured rounds of each path first, so that every path runs optimised code. */
  readonly warmup: number;
  readonly rounds: number;
}

function median(values: readonly number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2 === 1 ? (sorted[middle] ?? 0) : ((sorted[middle - 1] ?? 0) + (sorted[middle] ?? 0)) / 2;
}

/** Progress goes to stderr: stdout carries the report. */
function log(message: string): void {
  process.stderr.write(`  ${message}\n`);
}

/**
 * Warms every path up, then measures them in turns, one round of each per turn, collecting garbage before
 * each round (with `--expose-gc`) so that a round does not pay for the previous one's garbage. Taking turns
 * spreads any other load on the machine over all paths alike, which keeps their ratios honest.
 *
 * @example
 * const [steady] = await measureInterleaved([{ label: 'steady', items: customers.length, round }], { warmup: 2, rounds: 7 });
 */
export async function measureInterleaved(
  paths: readonly MeasuredPath[],
  options: MeasureOptions,
): Promise<ThroughputResult[]> {
  for (const path of paths) for (let i = 0; i < options.warmup; i++) await path.round();
  const perSecond = paths.map((): number[] => []);
  for (let turn = 1; turn <= options.rounds; turn++) {
    for (const [index, path] of paths.entries()) {
      globalThis.gc?.();
      const start = performance.now();
      await path.round();
      const rate = (path.items * 1000) / (performance.now() - start);
      perSecond[index]?.push(rate);
      log(
        `round ${String(turn)}/${String(options.rounds)} ${path.label}: ${Math.round(rate).toLocaleString('en-US')}/s`,
      );
    }
  }
  return paths.map(({ label, items }, index) => {
    const rates = perSecond[index] ?? [];
    return { label, items, perSecond: rates, median: median(rates), min: Math.min(...rates), max: Math.max(...rates) };
  });
}
