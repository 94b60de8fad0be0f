import { Worker } from 'node:worker_threads';
import { describe, expect, it } from 'vitest';
import { waitUntilIdle } from './idle-wait.ts';

/** A thread of this process that keeps a core busy for `ms` of wall time, as V8's sweeper does after a collection. */
function busyThread(ms: number): Worker {
  const source = `const end = Date.now() + ${String(ms)}; let x = 0; while (Date.now() < end) x++;`;
  return new Worker(source, { eval: true });
}

describe('waitUntilIdle', () => {
  it('returns within a few slices when no other thread of the process works', async () => {
    const wait = await waitUntilIdle();
    expect(wait.idle).toBe(true);
    expect(wait.waitedMs).toBeLessThan(1000);
  });

  it('waits while another thread of the process uses CPU, and gives up at the bound', async () => {
    // Four threads, so that on a loaded machine one of them runs in every slice.
    const workers = [1, 2, 3, 4].map(() => busyThread(5000));
    try {
      await Promise.all(workers.map((worker) => new Promise((resolve) => worker.once('online', resolve))));
      const wait = await waitUntilIdle({ maxMs: 300 });
      expect(wait.idle).toBe(false);
      expect(wait.waitedMs).toBeGreaterThanOrEqual(300);
    } finally {
      await Promise.all(workers.map((worker) => worker.terminate()));
    }
  });
});
