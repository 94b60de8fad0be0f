import { performance, PerformanceObserver } from 'node:perf_hooks';
import { waitUntilIdle } from './idle-wait.ts';

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
  /** Measured rounds that started before the process was idle (the idle wait ran out): 0 when all were clean. */
  readonly unsettled: number;
  /** The median share of a round's wall time the main thread spent paused for garbage collection (0–1). */
  readonly gcShare: number;
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
 * Warms every path up, then measures them in turns, one round of each per turn. Before each round the
 * garbage is collected (with `--expose-gc`) and the process waits until its background threads are idle
 * (V8 sweeps after a full collection on helper threads), so that a round neither pays for the previous
 * path's garbage nor has the harness's own collection counted in its CPU time. Taking turns spreads any
 * other load on the machine over all paths alike, which keeps their ratios honest.
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
  const unsettled = paths.map(() => 0);
  // Main-thread collection pauses, as V8 reports them (`gc` performance entries), for each round's window.
  const pauses: { start: number; end: number }[] = [];
  const observer = new PerformanceObserver((list) => {
    for (const entry of list.getEntries())
      pauses.push({ start: entry.startTime, end: entry.startTime + entry.duration });
  });
  observer.observe({ entryTypes: ['gc'] });
  const windows = paths.map((): { start: number; end: number }[] => []);
  for (let turn = 1; turn <= options.rounds; turn++) {
    for (const [index, path] of paths.entries()) {
      globalThis.gc?.();
      const idle = await waitUntilIdle();
      if (!idle.idle) unsettled[index] = (unsettled[index] ?? 0) + 1;
      const start = performance.now();
      await path.round();
      const end = performance.now();
      const rate = (path.items * 1000) / (end - start);
      perSecond[index]?.push(rate);
      windows[index]?.push({ start, end });
      log(
        `round ${String(turn)}/${String(options.rounds)} ${path.label}: ${Math.round(rate).toLocaleString('en-US')}/s (idle after ${idle.waitedMs.toFixed(0)} ms${idle.idle ? '' : ', not idle'})`,
      );
    }
  }
  await waitUntilIdle(); // the last round's entries arrive asynchronously
  observer.disconnect();
  const gcShare = (window: { start: number; end: number }): number => {
    let paused = 0;
    for (const pause of pauses)
      paused += Math.max(0, Math.min(pause.end, window.end) - Math.max(pause.start, window.start));
    return paused / (window.end - window.start);
  };
  return paths.map(({ label, items }, index) => {
    const rates = perSecond[index] ?? [];
    return {
      label,
      items,
      perSecond: rates,
      median: median(rates),
      min: Math.min(...rates),
      max: Math.max(...rates),
      unsettled: unsettled[index] ?? 0,
      gcShare: median((windows[index] ?? []).map(gcShare)),
    };
  });
}
