/** `T` with every method returning its value directly instead of a promise. */
export type Synchronous<T> = {
  readonly [K in keyof T]: T[K] extends (...args: infer A) => Promise<infer R> ? (...args: A) => R : T[K];
};

/**
 * Turns an object of synchronous methods into the promise-returning interface `T`: a synchronous
 * backend (node:sqlite) keeps plain code, and a throw becomes a rejection as from any async backend.
 */
export function promiseMethods<T extends object>(sync: Synchronous<T>): T {
  const wrapped: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(sync)) {
    wrapped[key] =
      typeof value === 'function'
        ? (...args: unknown[]): Promise<unknown> =>
            // A throw inside the executor rejects the promise.
            new Promise((resolve) => {
              resolve((value as (...a: unknown[]) => unknown).apply(sync, args));
            })
        : value;
  }
  return wrapped as T;
}
