import type { CrmConnector, JourneyDefinition } from '@crm-journey/connector';
import { buildMapFromConnector, mapPageHtml, parseMapQuery } from '../map/map-page.ts';
import { escapeHtml } from '../report/html-escape.ts';
import { buildReportFromConnector } from '../report/build-report-from-connector.ts';
import { renderReportHtml } from '../report/render-report-html.ts';

/** How the demo's `/report` page reaches the org. */
export interface DemoReportSource {
  /** Opens a connection of its own, so the report never shares one with a running sync. */
  readonly connect: () => Promise<CrmConnector>;
  readonly journey: JourneyDefinition;
}

/**
 * The analytics report of the demo's org as one HTML page, read fresh through the CRM's API each time
 * the page is opened (the same read `crm-journey report --org` does).
 *
 * @example
 * const html = await renderDemoReport({ connect: () => connectSalesforce(login), journey });
 */
export async function renderDemoReport(source: DemoReportSource): Promise<string> {
  const connector = await source.connect();
  try {
    return renderReportHtml(await buildReportFromConnector({ connector, journey: source.journey, asOf: Date.now() }));
  } finally {
    await connector.close();
  }
}

/**
 * The demo's `/map` page: the journey map of its org for the form's segment, period and language, read
 * fresh through the CRM's API on its own connection; a wrong query gets a 400 page naming the field.
 */
export async function renderDemoMap(
  source: DemoReportSource,
  query: Readonly<Record<string, unknown>>,
): Promise<{ status: number; html: string }> {
  const parsed = parseMapQuery(source.journey, query);
  if (typeof parsed === 'string')
    return {
      status: 400,
      html: `<!doctype html><html lang="en"><title>Journey map</title><p>${escapeHtml(parsed)}</p></html>`,
    };
  const connector = await source.connect();
  try {
    const document = await buildMapFromConnector(connector, source.journey, { ...parsed.options, asOf: Date.now() });
    return { status: 200, html: mapPageHtml(document, source.journey, parsed, '/map') };
  } finally {
    await connector.close();
  }
}
