import type { MeasuredPath } from './measure.ts';

/** The CPU-time rates of one path's measured rounds (its warm-up rounds dropped). */
export interface CpuRates {
  /** Items per CPU second of the whole process (user + system, `process.cpuUsage`), per measured round. */
  readonly perCpuSecond: number[];
  /** Items per CPU second of the main thread alone (`process.threadCpuUsage`), per measured round. */
  readonly perThreadSecond: number[];
  /** The median of `perCpuSecond`; 0 before any measured round. */
  median(): number;
  /** The median of `perThreadSecond`; 0 before any measured round. */
  threadMedian(): number;
}

function median(values: readonly number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  if (sorted.length === 0) return 0;
  return sorted.length % 2 === 1 ? (sorted[middle] ?? 0) : ((sorted[middle - 1] ?? 0) + (sorted[middle] ?? 0)) / 2;
}

/**
 * Wraps a measured path so that each round also records items per CPU second, of the whole process and of
 * the main thread. On a shared machine a round's wall time counts the time other processes held the core;
 * its CPU time is what the process spent on it. The process figure includes the work V8's helper threads
 * did for the round (parallel scavenges, concurrent marking of its garbage): real work of the path, which
 * `measureInterleaved` keeps clean of other paths' and the harness's collections by waiting for the process
 * to be idle before each round. The first `warmup` rounds are not recorded, as in `measureInterleaved`.
 */
export function withCpuTime(path: MeasuredPath, warmup: number): { path: MeasuredPath; rates: CpuRates } {
  const perCpuSecond: number[] = [];
  const perThreadSecond: number[] = [];
  let rounds = 0;
  const rates: CpuRates = {
    perCpuSecond,
    perThreadSecond,
    median: () => median(perCpuSecond),
    threadMedian: () => median(perThreadSecond),
  };
  const round = async (): Promise<void> => {
    const start = process.cpuUsage();
    const threadStart = process.threadCpuUsage();
    await path.round();
    const thread = process.threadCpuUsage(threadStart);
    const used = process.cpuUsage(start);
    if (rounds++ < warmup) return;
    perCpuSecond.push((path.items * 1e6) / Math.max(1, used.user + used.system));
    perThreadSecond.push((path.items * 1e6) / Math.max(1, thread.user + thread.system));
  };
  return { path: { label: path.label, items: path.items, round }, rates };
}
