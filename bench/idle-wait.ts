import { performance } from 'node:perf_hooks';

/** What {@link waitUntilIdle} saw. */
export interface IdleWait {
  /** Whether a quiet slice was seen before the bound; false when the wait ran out. */
  readonly idle: boolean;
  readonly waitedMs: number;
}

/** Options for {@link waitUntilIdle}; the defaults suit the engine benchmark. */
export interface IdleWaitOptions {
  /** Length of one sampled slice, in ms. */
  readonly sliceMs?: number;
  /** A slice is quiet when the whole process used less CPU than this in it, in µs (1 ms: 5 % of a 20 ms slice). */
  readonly quietMicros?: number;
  /** Gives up after this long, in ms. */
  readonly maxMs?: number;
}

const sleep = (ms: number): Promise<void> =>
  new Promise((resolve) => {
    setTimeout(resolve, ms);
  });

/**
 * Sleeps the main thread in short slices until one slice in which the whole process (V8's garbage-collection
 * helper threads included) used next to no CPU, or until the bound. After a full collection V8 still sweeps
 * on helper threads; a CPU-time measurement started before that ends would count the harness's collection.
 *
 * @example
 * globalThis.gc?.(); await waitUntilIdle(); const start = process.cpuUsage();
 */
export async function waitUntilIdle(options: IdleWaitOptions = {}): Promise<IdleWait> {
  const { sliceMs = 20, quietMicros = 1000, maxMs = 1000 } = options;
  const start = performance.now();
  for (;;) {
    const before = process.cpuUsage();
    await sleep(sliceMs);
    const used = process.cpuUsage(before);
    const waitedMs = performance.now() - start;
    if (used.user + used.system < quietMicros) return { idle: true, waitedMs };
    if (waitedMs >= maxMs) return { idle: false, waitedMs };
  }
}
