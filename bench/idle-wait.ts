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
  /**
   * Quiet slices in a row needed: on a loaded machine a helper thread with work left can wait for a core
   * through a whole slice, which then looks quiet.
   */
  readonly quietSlices?: number;
  /** Gives up after this long, in ms. */
  readonly maxMs?: number;
}

const sleep = (ms: number): Promise<void> =>
  new Promise((resolve) => {
    setTimeout(resolve, ms);
  });

/**
 * Sleeps the main thread in short slices until two slices in a row in which the whole process (V8's
 * garbage-collection helper threads included) used next to no CPU, or until the bound. After a full
 * collection V8 still sweeps on helper threads; a CPU-time measurement started before that ends would
 * count the harness's collection.
 *
 * @example
 * globalThis.gc?.(); await waitUntilIdle(); const start = process.cpuUsage();
 */
export async function waitUntilIdle(options: IdleWaitOptions = {}): Promise<IdleWait> {
  const { sliceMs = 20, quietMicros = 1000, quietSlices = 2, maxMs = 1000 } = options;
  const start = performance.now();
  let quiet = 0;
  for (;;) {
    const before = process.cpuUsage();
    await sleep(sliceMs);
    const used = process.cpuUsage(before);
    const waitedMs = performance.now() - start;
    quiet = used.user + used.system < quietMicros ? quiet + 1 : 0;
    if (quiet >= quietSlices) return { idle: true, waitedMs };
    if (waitedMs >= maxMs) return { idle: false, waitedMs };
  }
}
