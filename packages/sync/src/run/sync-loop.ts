import type { SyncSummary } from './run-sync.ts';

/** How long {@link SyncLoop.stop} waits for a run in flight by default. */
const DEFAULT_STOP_WAIT_MS = 10_000;

/** A sync that runs on an interval and on demand, one run at a time. */
export interface SyncLoop {
  /** Runs a sync as soon as the current one (if any) is done, and resolves with its summary. */
  runNow(): Promise<SyncSummary>;
  /** The last finished run's summary, once there is one. */
  readonly last: SyncSummary | undefined;
  /** True once a run has finished in this loop, or when the loop started `ready` (the store had state). */
  isReady(): boolean;
  /**
   * Stops: no more runs, the run in flight sees its abort signal (it checkpoints at its next page), and
   * this waits for it at most `waitMs` (default 10 s). Resolves false when the run did not finish in
   * time: the caller then closes the connections under it.
   */
  stop(waitMs?: number): Promise<boolean>;
}

/** Options of {@link startSyncLoop}. */
export interface SyncLoopOptions {
  /** One run (`runSync` with its options bound); `signal` aborts when the loop stops. */
  readonly run: (signal: AbortSignal) => Promise<SyncSummary>;
  /** Time from the end of one run to the start of the next. */
  readonly intervalMs: number;
  /** Time before the first run; default `intervalMs` (0: run at once, as a service does). */
  readonly firstRunDelayMs?: number;
  /** Whether the loop counts as ready before its first run (the store already had state). */
  readonly ready?: boolean;
  /** Called after every run, timer or on demand; `interrupted` when the loop was stopping. */
  readonly onRun?: (summary: SyncSummary, interrupted: boolean) => void;
  /** Called when a run throws (a CRM outage, an expired session); the loop goes on. */
  readonly onError?: (error: unknown, durationMs: number) => void;
}

/**
 * Keeps syncing: a run `intervalMs` after the previous one ended, plus runs on demand (the demo's record
 * browser asks for one after an edit). Runs never overlap: they share the outbox and the watermark. A
 * run that throws is reported and the loop goes on. Used by `serve` and by the demo.
 *
 * @example
 * const loop = startSyncLoop({ run: (signal) => runSync({ ...options, signal }), intervalMs: 10_000 });
 * await loop.runNow();
 * await loop.stop();
 */
export function startSyncLoop(options: SyncLoopOptions): SyncLoop {
  const stopping = new AbortController();
  let chain: Promise<unknown> = Promise.resolve();
  let last: SyncSummary | undefined;
  let ready = options.ready ?? false;
  let timer: ReturnType<typeof setTimeout> | undefined;

  const schedule = (delayMs: number): void => {
    if (stopping.signal.aborted) return;
    clearTimeout(timer);
    timer = setTimeout(() => {
      loop.runNow().catch(() => undefined);
    }, delayMs);
  };

  const loop: SyncLoop = {
    runNow() {
      if (stopping.signal.aborted) return Promise.reject(new Error('The sync loop has stopped.'));
      const run = chain.then(async () => {
        const started = Date.now();
        try {
          const summary = await options.run(stopping.signal);
          last = summary;
          ready = true;
          options.onRun?.(summary, stopping.signal.aborted);
          return summary;
        } catch (error) {
          options.onError?.(error, Date.now() - started);
          throw error;
        } finally {
          schedule(options.intervalMs);
        }
      });
      chain = run.catch(() => undefined);
      return run;
    },
    get last() {
      return last;
    },
    isReady: () => ready,
    async stop(waitMs = DEFAULT_STOP_WAIT_MS) {
      stopping.abort();
      clearTimeout(timer);
      let timeout: ReturnType<typeof setTimeout> | undefined;
      const late = new Promise<false>((resolveLate) => (timeout = setTimeout(resolveLate, waitMs, false)));
      const finished = await Promise.race([chain.then(() => true), late]);
      clearTimeout(timeout);
      return finished;
    },
  };
  schedule(options.firstRunDelayMs ?? options.intervalMs);
  return loop;
}
