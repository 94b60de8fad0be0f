import type { MeasuredPath } from './measure.ts';

/** The CPU-time rates of one path's measured rounds (its warm-up rounds dropped). */
export interface CpuRates {
  readonly perCpuSecond: number[];
  /** The median of `perCpuSecond`; 0 before any measured round. */
  median(): number;
}

/**
 * Wraps a measured path so that each round also records items per CPU second of this process (user +
 * system, `process.cpuUsage`). On a shared machine a round's wall time counts the time other processes
 * held the core; its CPU time is what one core spent on it (garbage-collection threads included), the
 * closer estimate of a dedicated core. The first `warmup` rounds are not recorded, as in `measureInterleaved`.
 */
export function withCpuTime(path: MeasuredPath, warmup: number): { path: MeasuredPath; rates: CpuRates } {
  const perCpuSecond: number[] = [];
  let rounds = 0;
  const rates: CpuRates = {
    perCpuSecond,
    median: () => {
      const sorted = [...perCpuSecond].sort((a, b) => a - b);
      const middle = Math.floor(sorted.length / 2);
      if (sorted.length === 0) return 0;
      return sorted.length % 2 === 1 ? (sorted[middle] ?? 0) : ((sorted[middle - 1] ?? 0) + (sorted[middle] ?? 0)) / 2;
    },
  };
  const round = async (): Promise<void> => {
    const start = process.cpuUsage();
    await path.round();
    const used = process.cpuUsage(start);
    if (rounds++ >= warmup) perCpuSecond.push((path.items * 1e6) / Math.max(1, used.user + used.system));
  };
  return { path: { label: path.label, items: path.items, round }, rates };
}
