import { ConnectorError } from '@crm-journey/connector';
import { HOLDER_STALE_MS, type StoreHolder } from './store-holder.ts';
import type { SyncStore } from './sync-store.ts';

/** Options for {@link holdStateFile}. */
export interface HoldStateFileOptions {
  /** What holds the file, shown to a second process, e.g. `crm-journey sync`. */
  readonly command: string;
  /** How long to wait for another process to give the file up; 0 (default) fails at once. */
  readonly waitMs?: number;
  readonly pollMs?: number;
  /** Told once when this process starts waiting. */
  readonly onWait?: (message: string) => void;
}

const HEARTBEAT_MS = 60_000;

const describe = (path: string, other: StoreHolder): string =>
  `State file ${path} is in use by ${other.command} (pid ${String(other.pid)} on ${other.host}) since ${other.since}`;

/**
 * Takes the state file for this process before anything is written, waiting up to `waitMs` for another
 * holder; returns the function that gives it up. A second process fails with `STATE_LOCKED` naming the
 * holder, having written nothing.
 *
 * @example
 * const release = await holdStateFile(store, statePath, { command: 'crm-journey sync', waitMs: 0 });
 */
export async function holdStateFile(
  store: SyncStore,
  path: string,
  options: HoldStateFileOptions,
): Promise<() => Promise<void>> {
  const waitMs = options.waitMs ?? 0;
  const started = Date.now();
  let told = false;
  for (;;) {
    const result = await store.acquire(options.command);
    if ('mine' in result) {
      const heartbeat = setInterval(() => {
        // A missed heartbeat is retried a minute later; the holder is stale only after five.
        store.renew().catch(() => undefined);
      }, HEARTBEAT_MS);
      heartbeat.unref();
      return async () => {
        clearInterval(heartbeat);
        await store.release();
      };
    }
    if (Date.now() - started >= waitMs) {
      throw new ConnectorError('STATE_LOCKED', `${describe(path, result.other)}; nothing was read or written.`, {
        actions: [
          'Let that run finish, or run again with --wait <duration> (e.g. --wait 10m) to wait for it.',
          'Two syncs of one org need one state file each (--state): they never share one.',
          `A holder on another host that stopped without giving the file up frees it ${String(HOLDER_STALE_MS / 60_000)} minutes after its last heartbeat; one on this host, as soon as its process is gone.`,
        ],
      });
    }
    if (!told)
      options.onWait?.(`${describe(path, result.other)}; waiting up to ${String(Math.round(waitMs / 1000))} s.`);
    told = true;
    await new Promise((resolve) => setTimeout(resolve, Math.min(options.pollMs ?? 1000, waitMs)));
  }
}
