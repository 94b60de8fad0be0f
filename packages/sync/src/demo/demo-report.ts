import type { CrmConnector, JourneySetDefinition } from '@crm-journey/connector';
import { buildMapInSet, mapPageHtml, parseMapQuery } from '../map/map-page.ts';
import { escapeHtml } from '../report/html-escape.ts';
import { renderPortfolioHtml } from '../report/render-portfolio-html.ts';
import { renderReportHtml } from '../report/render-report-html.ts';
import { buildSetReportFromConnector, type SetReportDocument } from '../report/set-report-session.ts';

/** How the demo's `/report` and `/map` pages reach the org. */
export interface DemoReportSource {
  /** Opens a connection of its own, so the report never shares one with a running sync. */
  readonly connect: () => Promise<CrmConnector>;
  /** The demo's journeys: one journey, or the B2B + B2C set. */
  readonly set: JourneySetDefinition;
}

const page = (status: number, title: string, text: string): { status: number; html: string } => ({
  status,
  html: `<!doctype html><html lang="en"><title>${escapeHtml(title)}</title><p>${escapeHtml(text)}</p></html>`,
});

// The org read once for the whole set, on a connection of its own.
async function readSet(source: DemoReportSource, options: { from?: number; to?: number }): Promise<SetReportDocument> {
  const connector = await source.connect();
  try {
    return await buildSetReportFromConnector(connector, source.set, { ...options, asOf: Date.now() });
  } finally {
    await connector.close();
  }
}

// `journey` picks one journey of a set; a set without it gets the portfolio overview.
function pickJourney(
  source: DemoReportSource,
  query: Readonly<Record<string, unknown>>,
): { id: string | undefined; rest: Record<string, unknown> } | string {
  const { journey, ...rest } = query;
  const ids = source.set.journeys.map((item) => item.id);
  if (journey === undefined || journey === '') return { id: ids.length === 1 ? ids[0] : undefined, rest };
  if (typeof journey !== 'string' || !ids.includes(journey)) return `Field "journey" must be one of ${ids.join(', ')}.`;
  return { id: journey, rest };
}

/**
 * The demo's `/report` page, read fresh through the CRM's API each time it is opened: a journey's report
 * (`?journey=<id>`, or the only journey), or for a set the portfolio overview linking to each journey's.
 *
 * @example
 * const { html } = await renderDemoReport({ connect, set }, { journey: 'salesforce-b2c' });
 */
export async function renderDemoReport(
  source: DemoReportSource,
  query: Readonly<Record<string, unknown>> = {},
): Promise<{ status: number; html: string }> {
  const picked = pickJourney(source, query);
  if (typeof picked === 'string') return page(400, 'Analytics report', picked);
  const unknown = Object.keys(picked.rest);
  if (unknown.length > 0)
    return page(400, 'Analytics report', `Unknown field "${unknown[0] ?? ''}"; the report takes journey.`);
  const result = await readSet(source, {});
  const chosen = result.journeys.find((journey) => journey.id === picked.id);
  if (chosen) return { status: 200, html: renderReportHtml(chosen.document) };
  const links = Object.fromEntries(result.journeys.map(({ id }) => [id, `/report?journey=${encodeURIComponent(id)}`]));
  return { status: 200, html: renderPortfolioHtml(result.portfolio, 'Analytics report: portfolio overview', links) };
}

/**
 * The demo's `/map` page: a journey's map (`?journey=<id>`, or the only journey) for the form's segment,
 * period and language, or for a set the portfolio overview linking to each journey's map; read fresh
 * through the CRM's API on its own connection. A wrong query gets a 400 page naming the field.
 */
export async function renderDemoMap(
  source: DemoReportSource,
  query: Readonly<Record<string, unknown>>,
): Promise<{ status: number; html: string }> {
  const picked = pickJourney(source, query);
  if (typeof picked === 'string') return page(400, 'Journey map', picked);
  const journey = source.set.journeys.find((item) => item.id === picked.id);
  if (journey === undefined) {
    const unknown = Object.keys(picked.rest);
    if (unknown.length > 0)
      return page(400, 'Journey map', `Unknown field "${unknown[0] ?? ''}"; pick a journey first.`);
    const result = await readSet(source, {});
    const links = Object.fromEntries(result.journeys.map(({ id }) => [id, `/map?journey=${encodeURIComponent(id)}`]));
    return { status: 200, html: renderPortfolioHtml(result.portfolio, 'Journey map: portfolio overview', links) };
  }
  const parsed = parseMapQuery(journey, picked.rest);
  if (typeof parsed === 'string') return page(400, 'Journey map', parsed);
  const connector = await source.connect();
  try {
    const asOf = Date.now();
    const document = await buildMapInSet(connector, source.set, journey.id, { ...parsed.options, asOf });
    const hidden = source.set.journeys.length === 1 ? {} : { journey: journey.id };
    return { status: 200, html: mapPageHtml(document, journey, parsed, '/map', hidden) };
  } finally {
    await connector.close();
  }
}
