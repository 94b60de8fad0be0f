import type { CrmConnector, JourneyDefinition, ReadProgress } from '@crm-journey/connector';
import type { ReportDocument } from './render-report-html.ts';
import { createReportSession, type ReportOptions } from './report-session.ts';

/** Options for {@link buildReportFromConnector}. */
export interface ConnectorReportOptions extends ReportOptions {
  readonly connector: CrmConnector;
  /** The journey, as checked against the org (`connector.checkJourney`). */
  readonly journey: JourneyDefinition;
  readonly onProgress?: (progress: ReadProgress) => void;
  readonly signal?: { readonly aborted: boolean };
}

/**
 * Reads every customer of an org once (streamed, bounded in memory) and builds the report, and the
 * comparison when one is asked for. Writes nothing.
 *
 * @example
 * const document = await buildReportFromConnector({ connector, journey, asOf: Date.now() });
 * writeFileSync('report.html', renderReportHtml(document));
 */
export async function buildReportFromConnector(options: ConnectorReportOptions): Promise<ReportDocument> {
  const { connector, journey } = options;
  const session = createReportSession(journey, options);
  const reader = connector.readCustomers(journey, {
    asOf: options.asOf,
    ...(options.onProgress ? { onProgress: options.onProgress } : {}),
    ...(options.signal ? { signal: options.signal } : {}),
  });
  for await (const read of reader) {
    session.add({ customer: read.customer, records: read.records, changes: read.changes }, read.stored);
  }
  return session.finish();
}
