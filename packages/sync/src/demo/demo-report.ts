import type { CrmConnector, JourneyDefinition } from '@crm-journey/connector';
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
