import {
  isConnectorError,
  type CrmConnector,
  type JourneyDefinition,
  type JourneySetDefinition,
} from '@crm-journey/connector';
import type { Logger } from 'pino';
import { logSyncRun } from '../logging/log-sync-run.ts';
import { runSync } from '../run/run-sync.ts';
import { startSyncLoop, type SyncLoop } from '../run/sync-loop.ts';
import type { SyncStore } from '../state/sync-store.ts';
import type { ServeMetrics } from './serve-metrics.ts';

/** Options for {@link startServeSync}. */
export interface ServeSyncOptions {
  readonly connector: CrmConnector;
  readonly journey: JourneyDefinition;
  /** Several journeys on one root object, read once per run; default: the journey alone. */
  readonly set?: JourneySetDefinition | undefined;
  readonly store: SyncStore;
  readonly scope: string;
  readonly intervalMs: number;
  readonly batchSize?: number | undefined;
  readonly metrics: ServeMetrics;
  readonly logger: Logger;
}

/** The sync loop of `serve`, and whether its CRM stopped answering. */
export interface ServeSync extends SyncLoop {
  /** The message of the last run's `CRM_UNREACHABLE` failure, until a run succeeds again; else undefined. */
  crmUnreachable(): string | undefined;
}

/**
 * The daemon half of `serve`: the shared sync loop with a run at once, then one every interval; every
 * run is logged and counted in the metrics. Ready at once when the store already has state for the scope;
 * a run that fails with `CRM_UNREACHABLE` makes the CRM count as gone until a run finishes again.
 *
 * @example
 * const loop = await startServeSync({ connector, journey, store, scope, intervalMs: 300_000, metrics, logger });
 * await loop.stop();
 */
export async function startServeSync(options: ServeSyncOptions): Promise<ServeSync> {
  const { store, scope, logger, metrics } = options;
  const ready = (await store.watermark(scope)) !== undefined;
  let unreachable: string | undefined;
  const loop = startSyncLoop({
    run: (signal) => {
      logger.debug({ scope }, 'sync run started');
      return runSync({
        connector: options.connector,
        journey: options.journey,
        ...(options.set === undefined ? {} : { set: options.set }),
        store,
        scope,
        ...(options.batchSize === undefined ? {} : { batchSize: options.batchSize }),
        signal,
      });
    },
    intervalMs: options.intervalMs,
    firstRunDelayMs: 0,
    ready,
    onRun: (summary, interrupted) => {
      unreachable = undefined;
      metrics.recordRun(summary, interrupted ? 'interrupted' : summary.failures.length > 0 ? 'failed' : 'succeeded');
      logSyncRun(logger, summary, interrupted);
    },
    onError: (error, durationMs) => {
      if (isConnectorError(error, 'CRM_UNREACHABLE'))
        unreachable = `${error.message} The next run is in ${String(Math.round(options.intervalMs / 1000))} s.`;
      metrics.recordRunError(error, durationMs);
      logger.error({ err: error }, 'sync run failed');
    },
  });
  return {
    runNow: () => loop.runNow(),
    get last() {
      return loop.last;
    },
    isReady: () => loop.isReady(),
    stop: (waitMs) => loop.stop(waitMs),
    crmUnreachable: () => unreachable,
  };
}
