import { describe, expect, it } from 'vitest';
import type { SyncSummary } from './run-sync.ts';
import { startSyncLoop } from './sync-loop.ts';

const summary = (customers: number): SyncSummary => ({ customers }) as SyncSummary;
const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

describe('startSyncLoop', () => {
  it('never overlaps runs, and a run asked for during one runs after it', async () => {
    let running = 0;
    let most = 0;
    let count = 0;
    const loop = startSyncLoop({
      intervalMs: 60_000,
      run: async () => {
        running++;
        most = Math.max(most, running);
        await sleep(20);
        running--;
        return summary(++count);
      },
    });
    const results = await Promise.all([loop.runNow(), loop.runNow(), loop.runNow()]);
    await loop.stop();
    expect(results.map((result) => result.customers)).toEqual([1, 2, 3]);
    expect(most).toBe(1);
    expect(loop.last?.customers).toBe(3);
  });

  it('runs on the interval, reports a failed run and goes on', async () => {
    const errors: unknown[] = [];
    let count = 0;
    const loop = startSyncLoop({
      intervalMs: 10,
      run: () => (++count === 1 ? Promise.reject(new Error('CRM down')) : Promise.resolve(summary(count))),
      onError: (error) => errors.push(error),
    });
    for (let waited = 0; count < 3 && waited < 200; waited++) await sleep(10);
    await loop.stop();
    expect(errors).toHaveLength(1);
    expect(count).toBeGreaterThanOrEqual(3);
  });

  it('stops without waiting forever for a run that hangs', async () => {
    const loop = startSyncLoop({ intervalMs: 60_000, run: () => new Promise<SyncSummary>(() => undefined) });
    void loop.runNow();
    await expect(loop.stop(50)).resolves.toBe(false);
  });

  it('runs at once when asked (a service), and is ready only after a run finished', async () => {
    let count = 0;
    const loop = startSyncLoop({
      intervalMs: 60_000,
      firstRunDelayMs: 0,
      run: () => Promise.resolve(summary(++count)),
    });
    expect(loop.isReady()).toBe(false);
    for (let waited = 0; count < 1 && waited < 200; waited++) await sleep(5);
    await loop.stop();
    expect(count).toBe(1);
    expect(loop.isReady()).toBe(true);
    const preloaded = startSyncLoop({ intervalMs: 60_000, ready: true, run: () => Promise.resolve(summary(0)) });
    expect(preloaded.isReady()).toBe(true);
    await preloaded.stop();
  });

  it('aborts the run in flight on stop, reports it as interrupted, and refuses runs afterwards', async () => {
    const seen: boolean[] = [];
    const state = { started: false };
    const loop = startSyncLoop({
      intervalMs: 60_000,
      run: (signal) =>
        new Promise<SyncSummary>((resolve) => {
          state.started = true;
          // A run checkpoints at its next page once the signal aborts.
          signal.addEventListener('abort', () => {
            resolve(summary(7));
          });
        }),
      onRun: (_summary, interrupted) => {
        seen.push(interrupted);
      },
    });
    const run = loop.runNow();
    while (!state.started) await sleep(1);
    await expect(loop.stop(1_000)).resolves.toBe(true);
    expect((await run).customers).toBe(7);
    expect(seen).toEqual([true]);
    await expect(loop.runNow()).rejects.toThrow('The sync loop has stopped.');
  });
});
