import { isConnectorError, type ConnectorError } from '@crm-journey/connector';

/** Options of {@link connectWhenReachable}. */
export interface ConnectWhenReachableOptions<T> {
  /** One attempt; a `CRM_UNREACHABLE` ConnectorError means "try again later", anything else ends the wait. */
  readonly connect: () => Promise<T>;
  /** Told of every unreachable attempt and when the next one is (ms from now). */
  readonly onUnreachable: (error: ConnectorError, attempt: number, nextInMs: number) => void;
  /** Stops the waiting: resolves undefined. */
  readonly signal: AbortSignal;
  /** Delay after the first failed attempt, doubled each time; default 1 s. */
  readonly baseDelayMs?: number;
  /** Upper bound of one delay; default 60 s. */
  readonly maxDelayMs?: number;
}

/**
 * Connects to a CRM that may be down: retries `connect` while it fails with `CRM_UNREACHABLE`, after
 * 1 s, 2 s, 4 s… up to `maxDelayMs` between attempts, until it answers or `signal` aborts (undefined).
 * Any other failure (a wrong password, a journey that does not fit) is thrown at once.
 *
 * @example
 * const crm = await connectWhenReachable({ connect, onUnreachable: (error) => logger.warn(error.message), signal });
 */
export async function connectWhenReachable<T>(options: ConnectWhenReachableOptions<T>): Promise<T | undefined> {
  const base = options.baseDelayMs ?? 1000;
  const max = options.maxDelayMs ?? 60_000;
  for (let attempt = 1; !options.signal.aborted; attempt++) {
    try {
      return await options.connect();
    } catch (error) {
      if (!isConnectorError(error, 'CRM_UNREACHABLE')) throw error;
      const delay = Math.min(max, base * 2 ** (attempt - 1));
      options.onUnreachable(error, attempt, delay);
      await pause(delay, options.signal);
    }
  }
  return undefined;
}

/** Waits `ms`, or less when `signal` aborts. */
function pause(ms: number, signal: AbortSignal): Promise<void> {
  return new Promise((resolve) => {
    const done = (): void => {
      clearTimeout(timer);
      signal.removeEventListener('abort', done);
      resolve();
    };
    const timer = setTimeout(done, ms);
    signal.addEventListener('abort', done, { once: true });
  });
}
