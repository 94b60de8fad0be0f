import type { Logger } from 'pino';
import type { SyncLoop } from '../run/sync-loop.ts';
import type { RunLabels, ServeMetrics } from '../serve/serve-metrics.ts';
import type { SyncStore } from '../state/sync-store.ts';
import { startFleet, type Fleet, type FleetSync } from './start-fleet.ts';

/** Options for {@link startFleetLoop}. */
export interface FleetLoopOptions {
  readonly url: string;
  readonly store: SyncStore;
  /** The scope `serve`'s API answers for: the node is ready once any node finished a run of it. */
  readonly scope: string;
  readonly logger: Logger;
  readonly metrics: ServeMetrics;
  readonly leaseSeconds: number;
  /** Customers per read partition (`serve.partitionSize`); default 5,000. */
  readonly partitionSize?: number | undefined;
  /** The syncs this node works on, the same list on every node. */
  readonly syncs: readonly FleetSync[];
}

/** A scope (`<target>|<journey id>`) as metric labels. */
function runLabels(scope: string): RunLabels {
  const cut = scope.lastIndexOf('|');
  return { target: scope.slice(0, cut), journey: scope.slice(cut + 1) };
}

/**
 * This node's part of a fleet, seen from `serve` as its sync loop: a fleet worker for the sync, ready
 * once any node finished a run of the scope; the API reads every sync's state through its connection.
 *
 * @example
 * const loop = await startFleetLoop({ url, store, scope, logger, metrics, leaseSeconds: 30, syncs });
 */
export async function startFleetLoop(
  options: FleetLoopOptions,
): Promise<Pick<SyncLoop, 'isReady' | 'stop'> & Pick<Fleet, 'connection'>> {
  const { store, scope, logger, metrics } = options;
  let ready = (await store.watermark(scope)) !== undefined;
  const fleet = await startFleet({
    url: options.url,
    store,
    syncs: options.syncs,
    logger,
    heartbeatSeconds: options.leaseSeconds,
    ...(options.partitionSize === undefined ? {} : { partitionSize: options.partitionSize }),
    superviseIntervalSeconds: Math.max(1, Math.floor(options.leaseSeconds / 5)),
    onRun: (sync, summary, runScope) => {
      metrics.recordRun(summary, summary.failures.length > 0 ? 'failed' : 'succeeded', runLabels(runScope));
      logger.info({ sync, ...summary }, 'fleet run finished');
    },
    onError: (sync, error, runScope) => {
      metrics.recordRunError(error, 0, runLabels(runScope));
      logger.error({ err: error, sync }, 'fleet run failed');
    },
  });
  const poll = setInterval(() => {
    if (!ready)
      void store.watermark(scope).then(
        (found) => (ready = found !== undefined),
        () => undefined,
      );
  }, 2000);
  return {
    connection: (name) => fleet.connection(name),
    isReady: () => ready,
    stop: async (waitMs) => {
      clearInterval(poll);
      await fleet.stop(waitMs);
      return true;
    },
  };
}
