import type { CrmConnector, JourneyDefinition } from '@crm-journey/connector';
import { buildMapFromConnector, mapPageHtml, parseMapQuery } from '../map/map-page.ts';
import { apiError } from './api-error.ts';
import type { ServeApp } from './serve-app.ts';

/** What the `/map` page reads. */
export interface MapRouteOptions {
  /** The connected CRM's connector and journey (the app only routes here once there is one). */
  readonly served: () => { readonly connector: CrmConnector; readonly journey: JourneyDefinition };
  readonly now: () => number;
}

/**
 * `GET /map[?segment=&from=&to=&locale=]`: the journey map of the org as an HTML page, behind the same
 * bearer token as the rest of the API (the app's onRequest hook). The page picks segment, period and
 * language with a plain GET form. It reads the whole org, so one map is drawn at a time; a second
 * request meanwhile gets `429 BUSY`.
 */
export function registerMapRoute(app: ServeApp, options: MapRouteOptions): void {
  let drawing = false;
  app.get('/map', async (request, reply) => {
    const { connector, journey } = options.served();
    const parsed = parseMapQuery(journey, request.query as Record<string, unknown>);
    if (typeof parsed === 'string') return reply.code(400).send(apiError('INVALID_REQUEST', parsed));
    if (drawing)
      return reply
        .code(429)
        .header('retry-after', '5')
        .send(apiError('BUSY', 'A journey map is already being drawn from the org; retry in a few seconds.'));
    drawing = true;
    try {
      const document = await buildMapFromConnector(connector, journey, {
        ...parsed.options,
        asOf: options.now(),
      });
      return await reply
        .type('text/html; charset=utf-8')
        .header('cache-control', 'no-store')
        .send(mapPageHtml(document, journey, parsed, '/map'));
    } finally {
      drawing = false;
    }
  });
}
