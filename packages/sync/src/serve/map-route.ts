import { buildMapFromConnector, buildMapInSet, mapPageHtml, parseMapQuery } from '../map/map-page.ts';
import { apiError } from './api-error.ts';
import type { ServeApp } from './serve-app.ts';
import { pickServedSync, type ServedSync } from './served-syncs.ts';

/** What the `/map` page reads. */
export interface MapRouteOptions {
  /** The syncs the API answers for; `?target=` and `?journey=` pick one, as on the customer routes. */
  readonly syncs: () => readonly ServedSync[];
  readonly now: () => number;
}

/** The map's own query: `?target=` and `?journey=` pick the sync and are kept apart from the map's fields. */
function splitQuery(query: Readonly<Record<string, unknown>>): {
  readonly pick: { target?: string; journey?: string };
  readonly map: Record<string, unknown>;
  readonly repeated?: string;
} {
  const { target, journey, ...map } = query;
  const repeated = [
    ['target', target],
    ['journey', journey],
  ].find(([, value]) => value !== undefined && typeof value !== 'string')?.[0] as string | undefined;
  return {
    pick: {
      ...(typeof target === 'string' ? { target } : {}),
      ...(typeof journey === 'string' ? { journey } : {}),
    },
    map,
    ...(repeated === undefined ? {} : { repeated }),
  };
}

/**
 * `GET /map[?target=&journey=&segment=&from=&to=&locale=]`: the journey map of the org as an HTML page,
 * behind the same bearer token as the rest of the API (the app's onRequest hook). `?target=` and
 * `?journey=` pick the sync as on the customer routes (a member's id maps that journey of a set, else its
 * first). The page picks segment, period and language with a plain GET form. It reads the whole org,
 * so one map is drawn at a time; a second request meanwhile gets `429 BUSY`.
 */
export function registerMapRoute(app: ServeApp, options: MapRouteOptions): void {
  let drawing = false;
  app.get('/map', async (request, reply) => {
    const query = splitQuery(request.query as Record<string, unknown>);
    if (query.repeated !== undefined)
      return reply.code(400).send(apiError('INVALID_REQUEST', `Field "${query.repeated}" is given more than once.`));
    const picked = pickServedSync(options.syncs(), query.pick);
    if ('error' in picked) return reply.code(400).send(picked);
    const { connector, set } = await picked.resolve();
    const journey = set.journeys.find((member) => member.id === query.pick.journey) ?? set.journeys[0];
    if (!journey) throw new Error(`the sync ${picked.name} has no journey`);
    const parsed = parseMapQuery(journey, query.map);
    if (typeof parsed === 'string') return reply.code(400).send(apiError('INVALID_REQUEST', parsed));
    if (drawing)
      return reply
        .code(429)
        .header('retry-after', '5')
        .send(apiError('BUSY', 'A journey map is already being drawn from the org; retry in a few seconds.'));
    drawing = true;
    try {
      const mapOptions = { ...parsed.options, asOf: options.now() };
      const document =
        set.journeys.length > 1
          ? await buildMapInSet(connector, set, journey.id, mapOptions)
          : await buildMapFromConnector(connector, journey, mapOptions);
      return await reply
        .type('text/html; charset=utf-8')
        .header('cache-control', 'no-store')
        .send(mapPageHtml(document, journey, parsed, '/map', query.pick));
    } finally {
      drawing = false;
    }
  });
}
