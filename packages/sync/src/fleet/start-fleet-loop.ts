import { isConnectorError } from '@crm-journey/connector';
import type { Logger } from 'pino';
import type { SyncLoop } from '../run/sync-loop.ts';
import type { SyncReadiness } from '../serve/readiness.ts';
import type { RunLabels, ServeMetrics } from '../serve/serve-metrics.ts';
import type { SyncStore } from '../state/sync-store.ts';
import { startFleet, type Fleet, type FleetSync } from './start-fleet.ts';

/** Options for {@link startFleetLoop}. */
export interface FleetLoopOptions {
  readonly url: string;
  readonly store: SyncStore;
  readonly logger: Logger;
  readonly metrics: ServeMetrics;
  readonly leaseSeconds: number;
  /** Customers per read partition (`serve.partitionSize`); default 5,000. */
  readonly partitionSize?: number | undefined;
  /** The syncs this node works on, the same list on every node. */
  readonly syncs: readonly FleetSync[];
  /** How often the node looks at the store for runs other nodes finished (default 2 s). */
  readonly pollMs?: number;
}

/** This node's part of a fleet, seen from `serve`: its jobs, and where each sync stands for `/readyz`. */
export interface FleetLoop extends Pick<SyncLoop, 'isReady' | 'stop'>, Pick<Fleet, 'connection'> {
  /** Every sync's readiness, in the order of `syncs`. */
  readiness(): SyncReadiness[];
}

/** A scope (`<target>|<journey id>`) as metric labels. */
function runLabels(scope: string): RunLabels {
  const cut = scope.lastIndexOf('|');
  return { target: scope.slice(0, cut), journey: scope.slice(cut + 1) };
}

/** What this node knows of one sync. */
interface SyncSeen {
  /** Its store scope, once this node connected to its CRM or coordinated a run of it. */
  scope?: string;
  /** A run of it finished (on any node), or the store had state for it. */
  ready: boolean;
  /** Its CRM did not answer (connecting, or the last run here); cleared by a run finishing. */
  unreachable?: string | undefined;
  /** The watermark when it went unreachable: another node's finished run moves it. */
  watermarkWhenUnreachable?: string | undefined;
  /** Why connecting failed otherwise (a refused login, a journey that does not fit). */
  failed?: string | undefined;
  connecting: boolean;
  nextAttemptAt: number;
  retryMs: number;
}

const MAX_RETRY_MS = 60_000;

/**
 * This node's part of a fleet, seen from `serve` as its sync loop: a fleet worker for every sync. Each
 * sync is ready once any node finished a run of it (or the store had state for it); the node connects to
 * every sync's CRM in the background (retrying with backoff while it is down), so `/readyz` can say
 * which CRM does not answer. The API reads every sync's state through its connection.
 *
 * @example
 * const loop = await startFleetLoop({ url, store, logger, metrics, leaseSeconds: 30, syncs });
 */
export async function startFleetLoop(options: FleetLoopOptions): Promise<FleetLoop> {
  const { store, logger, metrics } = options;
  const pollMs = options.pollMs ?? 2000;
  const seen = new Map<string, SyncSeen>(
    options.syncs.map((sync) => [
      sync.name,
      { ready: false, connecting: false, nextAttemptAt: 0, retryMs: pollMs } satisfies SyncSeen,
    ]),
  );
  const of = (name: string): SyncSeen | undefined => seen.get(name);
  const fleet = await startFleet({
    url: options.url,
    store,
    syncs: options.syncs,
    logger,
    heartbeatSeconds: options.leaseSeconds,
    ...(options.partitionSize === undefined ? {} : { partitionSize: options.partitionSize }),
    superviseIntervalSeconds: Math.max(1, Math.floor(options.leaseSeconds / 5)),
    onRun: (sync, summary, runScope) => {
      const state = of(sync);
      if (state) Object.assign(state, { scope: runScope, ready: true, unreachable: undefined, failed: undefined });
      metrics.recordRun(summary, summary.failures.length > 0 ? 'failed' : 'succeeded', runLabels(runScope));
      logger.info({ sync, ...summary }, 'fleet run finished');
    },
    onError: (sync, error, runScope) => {
      const state = of(sync);
      if (state && isConnectorError(error, 'CRM_UNREACHABLE')) {
        state.scope = runScope;
        state.unreachable = error.message;
        void store.watermark(runScope).then(
          (watermark) => (state.watermarkWhenUnreachable = watermark),
          () => undefined,
        );
      }
      metrics.recordRunError(error, 0, runLabels(runScope));
      logger.error({ err: error, sync }, 'fleet run failed');
    },
  });
  // Connects the sync (the connection the jobs share), backing off while it fails.
  const connect = (name: string, state: SyncSeen): void => {
    if (state.connecting || Date.now() < state.nextAttemptAt) return;
    state.connecting = true;
    fleet.connection(name).then(
      ({ scope }) => {
        Object.assign(state, { scope, connecting: false, unreachable: undefined, failed: undefined });
        state.retryMs = pollMs;
      },
      (error: unknown) => {
        state.connecting = false;
        state.nextAttemptAt = Date.now() + state.retryMs;
        const next = `the node tries again in ${String(Math.round(state.retryMs / 1000))} s.`;
        state.retryMs = Math.min(MAX_RETRY_MS, state.retryMs * 2);
        if (isConnectorError(error, 'CRM_UNREACHABLE')) {
          state.unreachable = `${error.message} ${next}`;
          logger.warn({ sync: name, code: error.code }, state.unreachable);
        } else {
          state.failed = `${error instanceof Error ? error.message : String(error)}; ${next}`;
          logger.error({ sync: name, err: error }, 'fleet: cannot connect the sync');
        }
      },
    );
  };
  const look = async (): Promise<void> => {
    for (const [name, state] of seen) {
      if (state.scope === undefined) {
        connect(name, state);
        continue;
      }
      if (state.ready && state.unreachable === undefined) continue;
      const watermark = await store.watermark(state.scope).catch(() => undefined);
      if (watermark === undefined) continue;
      if (!state.ready) state.ready = true;
      else if (watermark !== state.watermarkWhenUnreachable) state.unreachable = undefined;
    }
  };
  let looking = false;
  const tick = (): void => {
    if (looking) return;
    looking = true;
    void look().finally(() => (looking = false));
  };
  tick();
  const poll = setInterval(tick, pollMs);
  const readiness = (): SyncReadiness[] =>
    options.syncs.map(({ name }) => {
      const state = of(name);
      if (state?.unreachable !== undefined)
        return { sync: name, status: 'CRM_UNREACHABLE', message: state.unreachable };
      if (state?.ready) return { sync: name, status: 'READY' };
      return {
        sync: name,
        status: 'NOT_READY',
        message: state?.failed ?? 'no node has finished a run of it yet',
      };
    });
  return {
    connection: (name) => fleet.connection(name),
    readiness,
    isReady: () => readiness().every((sync) => sync.status === 'READY'),
    stop: async (waitMs) => {
      clearInterval(poll);
      await fleet.stop(waitMs);
      return true;
    },
  };
}
