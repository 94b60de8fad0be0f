import { describe, expect, it } from 'vitest';
import { untilStopped } from './until-stopped.ts';

describe('untilStopped', () => {
  it("resolves on the signal's abort and leaves no SIGINT or SIGTERM listener behind", async () => {
    const before = [process.listenerCount('SIGINT'), process.listenerCount('SIGTERM')];
    const controller = new AbortController();
    const stopped = untilStopped(controller.signal);
    expect([process.listenerCount('SIGINT'), process.listenerCount('SIGTERM')]).toEqual(before.map((n) => n + 1));
    controller.abort();
    await stopped;
    expect([process.listenerCount('SIGINT'), process.listenerCount('SIGTERM')]).toEqual(before);
  });

  it('resolves at once for a signal that is already aborted', async () => {
    await expect(untilStopped(AbortSignal.abort())).resolves.toBeUndefined();
  });
});
