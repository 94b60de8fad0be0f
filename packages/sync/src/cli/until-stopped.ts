/**
 * Resolves at the first of SIGINT (Ctrl-C), SIGTERM or `signal`'s abort (at once when it is already
 * aborted): how a command that runs until stopped (`demo`, `sandbox`) waits.
 */
export function untilStopped(signal?: AbortSignal): Promise<void> {
  return new Promise<void>((resolveStop) => {
    const stop = (): void => {
      process.off('SIGINT', stop);
      process.off('SIGTERM', stop);
      resolveStop();
    };
    process.once('SIGINT', stop);
    process.once('SIGTERM', stop);
    signal?.addEventListener('abort', stop, { once: true });
    if (signal?.aborted === true) stop();
  });
}
