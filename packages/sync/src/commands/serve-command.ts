import { dirname, join } from 'node:path';
import type { CliContext } from '../cli/cli-context.ts';
import { UsageError } from '../cli/cli-context.ts';
import { readInputFile } from '../cli/load-files.ts';
import type { CommandInput } from '../cli/command-definition.ts';
import type { serveFlags } from '../cli/definitions/serve-definition.ts';
import { connectTarget, targetSecrets } from '../config/crm-target.ts';
import type { LoadedConfig } from '../config/load-config.ts';
import { resolveRunSettings } from '../config/run-settings.ts';
import { createLogger, loggerSettings } from '../logging/create-logger.ts';
import type { JourneySetDefinition } from '@crm-journey/connector';
import { buildServeApp, DEFAULT_BODY_LIMIT, type ServedCrm } from '../serve/serve-app.ts';
import { connectWhenReachable } from '../serve/connect-when-reachable.ts';
import { MIN_TOKEN_LENGTH } from '../serve/bearer-token.ts';
import { createServeMetrics } from '../serve/serve-metrics.ts';
import type { ServedSync } from '../serve/served-syncs.ts';
import { startServeSync } from '../serve/start-serve-sync.ts';
import { readinessOfSyncs, type Readiness, type SyncReadiness } from '../serve/readiness.ts';
import { holdStateFile } from '../state/hold-state-file.ts';
import { fleetSyncsFromConfig } from '../fleet/fleet-syncs-from-config.ts';
import { startFleetLoop } from '../fleet/start-fleet-loop.ts';
import { isPostgresUrl, openStore, storeSecrets } from '../state/open-store.ts';
import type { SyncStore } from '../state/sync-store.ts';
import type { SyncLoop } from '../run/sync-loop.ts';
import { checkJourneySetWithOrg } from '../run/check-journey-set.ts';

/** A connected CRM with the journeys checked against it. */
interface Connected extends ServedCrm {
  readonly set: JourneySetDefinition;
  readonly target: string;
}

/** The lone sync loop, or this node's part of a fleet: what readiness and stopping need of either. */
type Loop = Pick<SyncLoop, 'isReady' | 'stop'> & {
  /** Lone serve: why the CRM counts as gone (the last run failed with CRM_UNREACHABLE). */
  readonly crmUnreachable?: () => string | undefined;
  /** Fleet node: every sync's readiness. */
  readonly readiness?: () => SyncReadiness[];
};

/** Default port of the API. */
export const DEFAULT_SERVE_PORT = 8787;
const DEFAULT_INTERVAL_MS = 5 * 60_000;
const DEFAULT_LEASE_SECONDS = 30;

function parsePort(text: string): number {
  const n = Number(text);
  if (!Number.isInteger(n) || n < 0 || n > 65_535)
    throw new UsageError(`crm-journey serve: --port takes a port number from 0 to 65535; got "${text}".`);
  return n;
}

function parseBodyLimit(text: string): number {
  const n = Number(text);
  if (!Number.isInteger(n) || n < 1024 || n > 64 * 1024 * 1024)
    throw new UsageError(`crm-journey serve: --body-limit takes bytes from 1024 to 67108864; got "${text}".`);
  return n;
}

/** The API token: `--token-file`, else `CRM_JOURNEY_TOKEN`, else the config's `serve.token`; refused when missing or short. */
function resolveToken(context: CliContext, tokenFile: string | undefined, config: LoadedConfig | undefined): string {
  const fromConfig = config?.config.serve.token;
  const token =
    tokenFile !== undefined
      ? readInputFile(context, tokenFile, 'token file').trim()
      : (process.env['CRM_JOURNEY_TOKEN'] ??
        (fromConfig === undefined || !config ? undefined : config.expand(['serve', 'token'], fromConfig)));
  if (token === undefined || token === '')
    throw new UsageError(
      'crm-journey serve: no API token. Give --token-file <file>, set CRM_JOURNEY_TOKEN, or set serve.token in crm-journey.config.yaml (e.g. token: ${CRM_JOURNEY_TOKEN}); `openssl rand -hex 32` makes a good one.',
    );
  if (token.length < MIN_TOKEN_LENGTH)
    throw new UsageError(
      `crm-journey serve: the API token is ${token.length} characters; use at least ${MIN_TOKEN_LENGTH} (e.g. \`openssl rand -hex 32\`).`,
    );
  return token;
}

function parseLeaseSeconds(value: number | undefined, file: string | undefined): number {
  if (value === undefined) return DEFAULT_LEASE_SECONDS;
  if (value < 10)
    throw new UsageError(
      `${file ?? 'crm-journey.config.yaml'}: serve.leaseSeconds is ${value}; pg-boss takes at least 10. Write e.g. leaseSeconds: 30.`,
    );
  return value;
}

/** Resolves when the process is asked to stop (SIGTERM, SIGINT) or `signal` aborts. */
function stopRequested(signal: AbortSignal | undefined): Promise<string> {
  return new Promise((resolveStop) => {
    const stop = (reason: string): void => {
      process.off('SIGINT', onInt);
      process.off('SIGTERM', onTerm);
      resolveStop(reason);
    };
    const onInt = (): void => {
      stop('SIGINT');
    };
    const onTerm = (): void => {
      stop('SIGTERM');
    };
    process.once('SIGINT', onInt);
    process.once('SIGTERM', onTerm);
    signal?.addEventListener('abort', () => {
      stop('abort');
    });
  });
}

/**
 * `crm-journey serve [--journey <file>] [target flags | --target <name>] [--config <file>] [--host H]
 * [--port N] [--token-file <file>] [--cors-origin <origin>]... [--body-limit <bytes>] [--interval <duration>]
 * [--state <path> | --store <postgres://… | path>] [--batch-size N] [--verbose]`: the sync on an interval plus the HTTP API. SIGTERM or
 * SIGINT stops it: the API stops accepting, the run in flight checkpoints, the store closes, exit 0.
 */
export async function serveCommand(
  { values }: CommandInput<typeof serveFlags>,
  context: CliContext,
  signal?: AbortSignal,
): Promise<number> {
  const settings = resolveRunSettings('serve', values, context);
  const serveConfig = settings.config?.config.serve ?? {};
  const token = resolveToken(context, values['token-file'], settings.config);
  const host = values.host ?? serveConfig.host ?? '127.0.0.1';
  const port = values.port === undefined ? (serveConfig.port ?? DEFAULT_SERVE_PORT) : parsePort(values.port);
  const corsOrigins = values['cors-origin'] ?? serveConfig.corsOrigins ?? [];
  const bodyLimit =
    values['body-limit'] === undefined
      ? (serveConfig.bodyLimit ?? DEFAULT_BODY_LIMIT)
      : parseBodyLimit(values['body-limit']);
  // A service logs JSON lines on stdout (for the log collector) unless a human asked for --verbose.
  const { logger } = createLogger({
    output: context.stdout,
    ...loggerSettings(context.stdout, values.verbose, true),
    secrets: [token, ...targetSecrets(settings.target), ...storeSecrets(settings.store)],
  });
  for (const warning of settings.warnings) logger.warn({ code: warning.code }, warning.message);
  const describeCacheDir = join(dirname(settings.statePath), 'describe-cache');
  const fleet = isPostgresUrl(settings.store);
  // Connects and checks the journeys against the org; undefined when they do not fit (said on stderr).
  const connectServed = async (): Promise<Connected | undefined> => {
    const { connector, target } = await connectTarget(settings.target, process.env, { describeCacheDir });
    try {
      const set = await checkJourneySetWithOrg(connector, context, settings.journeyPaths, target, 'served');
      const [journey] = set?.journeys ?? [];
      if (!set || !journey) {
        await connector.close();
        return undefined;
      }
      // The same scope as `sync` of the same journeys: serve continues the state sync left.
      const scope = `${target}|${set.journeys.map((member) => member.id).join('+')}`;
      return { connector, journey, set, scope, target };
    } catch (error) {
      await connector.close();
      throw error;
    }
  };
  const intervalMs = settings.intervalMs ?? DEFAULT_INTERVAL_MS;
  const configSyncs =
    settings.config && settings.config.config.syncs.length > 0
      ? fleetSyncsFromConfig(settings.config, context, process.env, {
          intervalMs,
          batchSize: settings.batchSize,
          describeCacheDir,
        })
      : undefined;
  // A fleet node with `syncs:` answers for those, each connecting (and waiting for its CRM) on its own;
  // otherwise the node's own CRM is waited for at start (the API answers meanwhile, /readyz says why).
  const ownCrm = !(fleet && configSyncs);
  const stopping = new AbortController();
  let unreachable = '';
  let firstUnreachable: () => void = () => undefined;
  const wentUnreachable = new Promise<undefined>(
    (resolveFirst) =>
      (firstUnreachable = () => {
        resolveFirst(undefined);
      }),
  );
  const connecting = !ownCrm
    ? Promise.resolve(undefined)
    : connectWhenReachable({
        connect: connectServed,
        signal: stopping.signal,
        onUnreachable: (error, attempt, nextInMs) => {
          unreachable = `${error.message} serve tries again in ${String(Math.round(nextInMs / 1000))} s (attempt ${String(attempt + 1)}).`;
          logger.warn({ code: error.code, attempt, retryInMs: nextInMs }, unreachable);
          firstUnreachable();
        },
      });
  const first = ownCrm
    ? await Promise.race([connecting.then((connected) => ({ connected })), wentUnreachable])
    : undefined;
  if (first && !first.connected) return 1;
  let crm = first?.connected;
  // Nothing may keep retrying in the background of a serve that gives up before it listens.
  const giveUp = async (): Promise<void> => {
    stopping.abort();
    await (crm ?? (await connecting.catch(() => undefined)))?.connector.close();
  };
  let store: SyncStore;
  try {
    store = await openStore(settings.store);
  } catch (error) {
    await giveUp();
    throw error;
  }
  try {
    // One writer per state file; closing the store gives it up (a no-op on a fleet's PostgreSQL store).
    await holdStateFile(store, store.location, { command: 'crm-journey serve' });
  } catch (error) {
    await store.close();
    await giveUp();
    throw error;
  }
  const metrics = createServeMetrics();
  // A shared PostgreSQL store makes this node one worker of a fleet; otherwise the sync loop runs here.
  const startLoop = async (connected: Connected | undefined): Promise<Loop> => {
    if (!fleet && connected) {
      const { connector, journey, set, scope } = connected;
      return startServeSync({
        connector,
        journey,
        set,
        store,
        scope,
        intervalMs,
        batchSize: settings.batchSize,
        metrics,
        logger,
      });
    }
    const fleetLoop = await startFleetLoop({
      url: settings.store,
      store,
      logger,
      metrics,
      leaseSeconds: parseLeaseSeconds(serveConfig.leaseSeconds, settings.config?.file),
      partitionSize: serveConfig.partitionSize,
      syncs: configSyncs ?? [
        {
          name: connected?.scope ?? '',
          intervalMs,
          batchSize: settings.batchSize,
          connect: async (now) => {
            const own = await connectTarget(settings.target, process.env, { describeCacheDir, now });
            if (!connected) throw new Error('a fleet node without syncs: starts its loop once its CRM answered');
            return { connector: own.connector, set: connected.set, scope: connected.scope };
          },
        },
      ],
    });
    // A fleet node answers for every sync of the fleet, from the shared store, through the sync's connection.
    if (configSyncs)
      fleetSyncs = configSyncs.map((sync) => ({
        name: sync.name,
        targets: [sync.target],
        journeys: sync.journeyIds,
        resolve: () => fleetLoop.connection(sync.name),
      }));
    return fleetLoop;
  };
  let fleetSyncs: ServedSync[] | undefined;
  let loop = crm || !ownCrm ? await startLoop(crm) : undefined;
  // Otherwise the API answers for the node's own target (by its address or its name) and journeys.
  const targetName = values.target ?? settings.config?.config.defaults.target;
  const app = await buildServeApp({
    token,
    corsOrigins,
    bodyLimit,
    logger,
    crm: () => crm,
    unreachable: () => unreachable,
    store,
    targetName,
    syncs: fleetSyncs,
    metrics,
    isReady: () => loop?.isReady() ?? false,
    readiness: (): Readiness => {
      const perSync = loop?.readiness?.();
      if (perSync) return readinessOfSyncs(perSync);
      if (!crm) return { ready: false, code: 'CRM_UNREACHABLE', message: unreachable };
      const gone = loop?.crmUnreachable?.();
      if (gone !== undefined) return { ready: false, code: 'CRM_UNREACHABLE', message: gone };
      return loop?.isReady()
        ? { ready: true }
        : { ready: false, code: 'NOT_READY', message: 'The first sync run has not finished yet.' };
    },
  });
  try {
    const address = await app.listen({ host, port });
    if (host !== '127.0.0.1' && host !== '::1' && host !== 'localhost')
      logger.warn({ host }, 'the API listens beyond this machine over plain HTTP; put it behind TLS');
    logger.info(
      {
        url: address,
        target: crm?.target,
        journey: crm?.journey.id,
        revision: crm?.journey.revision,
        store: store.location,
      },
      'serve listening',
    );
  } catch (error) {
    await loop?.stop();
    await store.close();
    await giveUp();
    throw new UsageError(
      `crm-journey serve: cannot listen on ${host}:${port}: ${(error as Error).message}. Pick another --port or --host.`,
    );
  }
  // The CRM came back: check the journeys, then sync as if it had been there at start.
  const ended = new AbortController();
  // Why serve ended on its own: the journeys do not fit the org that came back, or connecting failed.
  let failure: 'journey' | Error | undefined;
  const arrived =
    crm || !ownCrm
      ? Promise.resolve()
      : connecting.then(
          async (connected) => {
            if (stopping.signal.aborted) {
              await connected?.connector.close();
              return;
            }
            if (!connected) failure = 'journey';
            else {
              logger.info(
                { target: connected.target, journey: connected.journey.id },
                'the CRM answers: serve syncs now',
              );
              loop = await startLoop(connected);
              crm = connected;
            }
            if (failure) ended.abort();
          },
          (error: unknown) => {
            failure = error instanceof Error ? error : new Error(String(error));
            ended.abort();
          },
        );
  const reason = await stopRequested(signal === undefined ? ended.signal : AbortSignal.any([signal, ended.signal]));
  stopping.abort();
  logger.info({ reason }, 'serve stopping: finishing the run in flight');
  await arrived;
  const [, finished] = await Promise.all([app.close(), loop?.stop() ?? true]);
  if (!finished) logger.warn('the run in flight did not stop within 10 s; closing its connections under it');
  await store.close();
  await crm?.connector.close();
  logger.info('serve stopped');
  if (failure instanceof Error) throw failure;
  return failure === 'journey' ? 1 : 0;
}
