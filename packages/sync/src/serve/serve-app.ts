import type { IncomingMessage, ServerResponse } from 'node:http';
import {
  ConnectorError,
  isConnectorError,
  singleJourneySet,
  type CrmConnector,
  type JourneyDefinition,
  type JourneySetDefinition,
} from '@crm-journey/connector';
import { fastifyCors } from '@fastify/cors';
import {
  fastify,
  LogController,
  type FastifyError,
  type FastifyInstance,
  type FastifyReply,
  type RawServerDefault,
} from 'fastify';
import type { Logger } from 'pino';
import type { SyncStore } from '../state/sync-store.ts';
import { apiError } from './api-error.ts';
import { bearerCheck } from './bearer-token.ts';
import { createEvaluationPool } from './evaluation-pool.ts';
import { explainFromCrm } from './explain-from-crm.ts';
import { clientErrorHandler, describeFrameworkError } from './framework-errors.ts';
import { registerMapRoute } from './map-route.ts';
import { MAX_PLAN_LIMIT, MAX_PLAN_RECORDS, planSample, type PlanRequest } from './plan-sample.ts';
import { readinessAnswer, type Readiness } from './readiness.ts';
import type { ServeMetrics } from './serve-metrics.ts';
import { pickServedSync, servedQuerySchema, type ServedQuery, type ServedSync } from './served-syncs.ts';

/** Default request body limit: a journey file is a few kilobytes; 256 KiB leaves room and bounds memory. */
export const DEFAULT_BODY_LIMIT = 256 * 1024;

/** The CRM a serve app answers for: the connector, the journey (set) it syncs, and its state's scope. */
export interface ServedCrm {
  readonly connector: CrmConnector;
  /** The journey the daemon syncs, and the store and scope of its state. */
  readonly journey: JourneyDefinition;
  /** The journey set the daemon syncs, when it runs several journeys (default: the journey alone). */
  readonly set?: JourneySetDefinition | undefined;
  readonly scope: string;
}

/** A serve app started before its CRM answered: the routes that need it answer 503 until `crm()` has one. */
export interface AwaitedCrm {
  /** The CRM once connected; undefined while it is unreachable. */
  crm(): ServedCrm | undefined;
  /** Why the CRM is not there yet, naming the target (for `/readyz` and the 503 answers). */
  unreachable(): string;
}

/** Options for {@link buildServeApp}: the CRM already connected, or one awaited. */
export type ServeAppOptions = ServeAppSettings & (ServedCrm | AwaitedCrm);

/** The settings of {@link buildServeApp} that do not depend on the CRM. */
export interface ServeAppSettings {
  /** The bearer token every route but the health checks requires. */
  readonly token: string;
  /** Origins allowed to call the API from a browser; none: every cross-origin request is refused. */
  readonly corsOrigins?: readonly string[];
  readonly bodyLimit?: number;
  readonly logger: Logger;
  readonly store: SyncStore;
  /**
   * Every (target, journey) the customer routes, plan and map answer for, chosen by `?target=` and
   * `?journey=`; default: the daemon's own (connector, set and scope). A fleet node lists every sync of
   * `syncs:`; then no route waits for the daemon's own CRM (each sync connects when first used).
   */
  readonly syncs?: readonly ServedSync[] | undefined;
  /** The name of the daemon's own target in the config file, accepted by `?target=` beside its address. */
  readonly targetName?: string | undefined;
  readonly metrics: ServeMetrics;
  /** Readiness: the first run finished, or the store had state. */
  isReady(): boolean;
  /** When given, what `/readyz` answers instead of `isReady` (why not; on a fleet node, per sync). */
  readonly readiness?: (() => Readiness) | undefined;
  /** The clock for explain and plan; default `Date.now`. */
  readonly now?: () => number;
  /**
   * How many explain and plan requests may call the CRM at once (default 2); more get `429 BUSY`, so
   * a token holder cannot spend the org's API allowance faster than this.
   */
  readonly maxCrmRequests?: number;
  /** The time budget of one explain or plan request, reading and evaluating (default 30 s). */
  readonly planTimeoutMs?: number;
  /** The most records one plan reads (default {@link MAX_PLAN_RECORDS}). */
  readonly maxPlanRecords?: number;
}

/** Default time budget of one explain or plan request. */
const DEFAULT_PLAN_TIMEOUT_MS = 30_000;

/** Default number of explain and plan requests that may call the CRM at once. */
const DEFAULT_MAX_CRM_REQUESTS = 2;

/** The serve app: fastify on node:http with the pino logger of the command. */
export type ServeApp = FastifyInstance<RawServerDefault, IncomingMessage, ServerResponse, Logger>;

const PUBLIC_ROUTES = new Set(['/healthz', '/readyz']);

/** Routes that answer without the CRM: the checks and the metrics. */
const CRM_FREE_ROUTES = new Set(['/healthz', '/readyz', '/metrics']);

const customerParams = {
  type: 'object',
  required: ['id'],
  properties: { id: { type: 'string', minLength: 1, maxLength: 64, pattern: '^[A-Za-z0-9_.:-]+$' } },
} as const;

const planBody = {
  type: 'object',
  required: ['journey'],
  additionalProperties: false,
  properties: {
    journey: { type: 'string', minLength: 1 },
    customers: {
      type: 'array',
      maxItems: 200,
      items: { type: 'string', minLength: 1, maxLength: 64, pattern: '^[A-Za-z0-9_.:-]+$' },
    },
    limit: { type: 'integer', minimum: 1, maximum: MAX_PLAN_LIMIT },
  },
} as const;

/** A request stopped at its time budget. */
class PlanTooCostlyError extends Error {}

/**
 * Runs `work` with a signal that aborts after `timeoutMs`, and answers at that time even when a step does
 * not watch the signal (the journey check): the abort becomes a {@link PlanTooCostlyError}.
 */
async function withinBudget<T>(timeoutMs: number, work: (signal: AbortSignal) => Promise<T>): Promise<T> {
  const signal = AbortSignal.timeout(timeoutMs);
  const tooCostly = (): PlanTooCostlyError =>
    new PlanTooCostlyError(
      `The request took over ${String(timeoutMs / 1000)} s and was stopped; plan fewer customers (limit), or a smaller journey.`,
    );
  const deadline = new Promise<never>((_resolve, reject) => {
    signal.addEventListener(
      'abort',
      () => {
        reject(tooCostly());
      },
      { once: true },
    );
  });
  const running = work(signal);
  // The work goes on to its next check of the signal after the answer; its late failure is expected.
  running.catch(() => undefined);
  try {
    return await Promise.race([running, deadline]);
  } catch (error) {
    if (signal.aborted) throw tooCostly();
    throw error;
  }
}

/**
 * Builds the `serve` HTTP API (not yet listening): `/healthz` and `/readyz` without auth; `/metrics`,
 * `GET /v1/customers/:id/journey`, `GET /v1/customers/:id/explain`, `POST /v1/plan` and `GET /map` behind the
 * bearer token. Cross-origin requests are refused unless their origin is listed; bodies are
 * size-limited and schema-checked; every error is `{ error: { code, message } }`.
 *
 * @example
 * const app = buildServeApp({ token, logger, connector, journey, store, scope, metrics, isReady });
 * await app.listen({ host: '127.0.0.1', port: 0 });
 */
export async function buildServeApp(options: ServeAppOptions): Promise<ServeApp> {
  const { store, metrics } = options;
  const awaited = 'crm' in options ? options : undefined;
  const crmOf = (): ServedCrm | undefined => (awaited ? awaited.crm() : (options as ServedCrm));
  // Behind the onRequest gate below, the routes that need the CRM only run once it is there.
  const served = (): ServedCrm => {
    const crm = crmOf();
    if (crm) return crm;
    throw new ConnectorError('CRM_UNREACHABLE', awaited?.unreachable() ?? 'The CRM is not connected.');
  };
  const origins = new Set(options.corsOrigins ?? []);
  const authorized = bearerCheck(options.token);
  const now = options.now ?? Date.now;
  const planTimeoutMs = options.planTimeoutMs ?? DEFAULT_PLAN_TIMEOUT_MS;
  // The daemon's own sync, known once the CRM answered; a fleet node passes every sync of `syncs:`.
  const ownSync = (): ServedSync => {
    const crm = served();
    const set = crm.set ?? singleJourneySet(crm.journey);
    return {
      name: crm.scope,
      targets: [
        ...(options.targetName === undefined ? [] : [options.targetName]),
        crm.scope.slice(0, crm.scope.lastIndexOf('|')),
      ],
      journeys: set.journeys.map((member) => member.id),
      resolve: () => Promise.resolve({ connector: crm.connector, set, scope: crm.scope }),
    };
  };
  const syncsNow = (): readonly ServedSync[] => options.syncs ?? [ownSync()];
  const app = fastify({
    loggerInstance: options.logger,
    // Per-request lines would dominate the log under load; requests are counted in the metrics instead.
    logController: new LogController({ disableRequestLogging: true }),
    bodyLimit: options.bodyLimit ?? DEFAULT_BODY_LIMIT,
    // fastify's own 503 while closing, and its answers to bad URLs and unparsable requests, are not in the
    // API's shape: the hooks and handlers below give them that shape.
    return503OnClosing: false,
    clientErrorHandler,
    frameworkErrors: (error, request, reply) => {
      const { status, code, message } = describeFrameworkError(error);
      request.log.warn({ code: error.code, url: request.url }, 'malformed request refused');
      void (reply as FastifyReply).code(status).send(apiError(code, message));
    },
    // Reject unknown body keys instead of silently dropping them (ajv's default in fastify).
    ajv: { customOptions: { removeAdditional: false } },
  });

  // Evaluation runs on worker threads, one per request that may read the CRM at once: the event loop
  // stays free for the health checks, the metrics and the sync loop.
  const pool = createEvaluationPool({ threads: options.maxCrmRequests ?? DEFAULT_MAX_CRM_REQUESTS });
  app.addHook('onClose', async () => {
    await pool.close();
  });
  let closing = false;
  app.addHook('preClose', (done) => {
    closing = true;
    done();
  });
  app.addHook('onRequest', async (_request, reply) => {
    if (!closing) return undefined;
    return reply
      .code(503)
      .header('connection', 'close')
      .send(apiError('SHUTTING_DOWN', 'The service is stopping; retry against another instance or later.'));
  });
  // Browsers send Origin on cross-origin calls; anything not listed is refused before anything else.
  app.addHook('onRequest', async (request, reply) => {
    const origin = request.headers.origin;
    if (origin !== undefined && !origins.has(origin)) {
      request.log.warn({ origin, url: request.url }, 'cross-origin request refused');
      return reply
        .code(403)
        .send(apiError('ORIGIN_NOT_ALLOWED', `Origin ${origin} may not call this API; list it in serve.corsOrigins.`));
    }
    return undefined;
  });
  if (origins.size > 0)
    await app.register(fastifyCors, {
      origin: [...origins],
      methods: ['GET', 'POST'],
      allowedHeaders: ['authorization', 'content-type'],
      maxAge: 600,
    });
  app.addHook('onRequest', async (request, reply) => {
    if (PUBLIC_ROUTES.has(request.url.split('?')[0] ?? '')) return undefined;
    if (authorized(request.headers.authorization)) return undefined;
    request.log.warn({ url: request.url, ip: request.ip }, 'request without a valid token refused');
    return reply
      .code(401)
      .header('www-authenticate', 'Bearer realm="crm-journey"')
      .send(apiError('UNAUTHORIZED', 'Send Authorization: Bearer <token> with the token serve was started with.'));
  });
  app.addHook('onRequest', async (request, reply) => {
    if (options.syncs || crmOf() || CRM_FREE_ROUTES.has(request.url.split('?')[0] ?? '')) return undefined;
    return reply
      .code(503)
      .header('retry-after', '5')
      .send(apiError('CRM_UNREACHABLE', awaited?.unreachable() ?? ''));
  });
  app.addHook('onResponse', async (request, reply) => {
    metrics.recordRequest(request.routeOptions.url ?? 'unmatched', request.method, reply.statusCode);
  });
  app.setNotFoundHandler((request, reply) =>
    reply.code(404).send(apiError('NOT_FOUND', `No route ${request.method} ${request.url.split('?')[0] ?? ''}.`)),
  );
  app.setErrorHandler((error: FastifyError, request, reply) => {
    if (error instanceof PlanTooCostlyError) return reply.code(503).send(apiError('PLAN_TOO_COSTLY', error.message));
    if (isConnectorError(error)) {
      request.log.error({ err: error, code: error.code }, 'CRM request failed');
      return reply.code(502).send(apiError(error.code, error.message));
    }
    const { status, code, message } = describeFrameworkError(error);
    if (status >= 500) request.log.error({ err: error }, 'request failed');
    return reply.code(status).send(apiError(code, message));
  });

  app.get('/healthz', (_request, reply) => reply.send({ status: 'ok' }));
  app.get('/readyz', (_request, reply) => {
    if (options.readiness) {
      const { status, body } = readinessAnswer(options.readiness());
      return reply.code(status).send(body);
    }
    if (!crmOf()) return reply.code(503).send(apiError('CRM_UNREACHABLE', awaited?.unreachable() ?? ''));
    return options.isReady()
      ? reply.send({ status: 'ready' })
      : reply.code(503).send(apiError('NOT_READY', 'The first sync run has not finished yet.'));
  });
  app.get('/metrics', async (_request, reply) =>
    reply.type(metrics.registry.contentType).send(await metrics.registry.metrics()),
  );
  app.get<{ Params: { id: string }; Querystring: ServedQuery }>(
    '/v1/customers/:id/journey',
    { schema: { params: customerParams, querystring: servedQuerySchema } },
    async (request, reply) => {
      const picked = pickServedSync(syncsNow(), request.query);
      if ('error' in picked) return reply.code(400).send(picked);
      const { scope: syncScope } = await picked.resolve();
      const state = await store.previous(syncScope, request.params.id);
      if (!state)
        return reply
          .code(404)
          .send(
            apiError(
              'CUSTOMER_NOT_FOUND',
              `No journey state for customer ${request.params.id} in ${picked.name} (not synced yet, or not a customer).`,
            ),
          );
      return { customerId: request.params.id, sync: picked.name, state };
    },
  );
  // Explain and plan spend the org's API allowance: only a few may run at once; the rest are told to retry.
  const maxCrmRequests = options.maxCrmRequests ?? DEFAULT_MAX_CRM_REQUESTS;
  let crmRequests = 0;
  app.addHook('preHandler', async (request, reply) => {
    const route = request.routeOptions.url;
    if (route !== '/v1/customers/:id/explain' && route !== '/v1/plan') return undefined;
    if (crmRequests >= maxCrmRequests) {
      return reply
        .code(429)
        .header('retry-after', '1')
        .send(
          apiError(
            'BUSY',
            `${maxCrmRequests} explain or plan request(s) are already reading the CRM; retry in a second.`,
          ),
        );
    }
    crmRequests += 1;
    let released = false;
    const release = (): void => {
      if (!released) crmRequests -= 1;
      released = true;
    };
    reply.raw.once('finish', release);
    reply.raw.once('close', release);
    return undefined;
  });
  app.get<{ Params: { id: string }; Querystring: ServedQuery }>(
    '/v1/customers/:id/explain',
    { schema: { params: customerParams, querystring: servedQuerySchema } },
    async (request, reply) => {
      const { id } = request.params;
      const picked = pickServedSync(syncsNow(), request.query);
      if ('error' in picked) return reply.code(400).send(picked);
      const chosen = await picked.resolve();
      const previous = await store.previous(chosen.scope, id);
      const found = await withinBudget(planTimeoutMs, (signal) =>
        explainFromCrm(chosen.connector, pool, chosen.set, id, previous, now(), signal),
      );
      if (!found)
        return reply
          .code(404)
          .send(
            apiError('CUSTOMER_NOT_FOUND', `The CRM has no customer ${id} (a root record or an unconverted lead).`),
          );
      return { customerId: id, sync: picked.name, ...found };
    },
  );
  app.post<{ Body: PlanRequest; Querystring: ServedQuery }>(
    '/v1/plan',
    { schema: { body: planBody, querystring: servedQuerySchema } },
    async (request, reply) => {
      const picked = pickServedSync(syncsNow(), request.query);
      if ('error' in picked) return reply.code(400).send(picked);
      const { connector } = await picked.resolve();
      const result = await withinBudget(planTimeoutMs, (signal) =>
        planSample(connector, pool, request.body, now(), {
          signal,
          maxRecords: options.maxPlanRecords ?? MAX_PLAN_RECORDS,
        }),
      );
      if (!result.journey)
        return reply
          .code(400)
          .send(
            apiError(
              'JOURNEY_INVALID',
              `The journey has ${result.errors.length} error(s) against this org; see diagnostics.`,
              [...result.errors, ...result.warnings],
            ),
          );
      return result;
    },
  );
  registerMapRoute(app, { syncs: syncsNow, now });
  return app;
}
