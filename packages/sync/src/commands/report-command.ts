import { resolve } from 'node:path';
import {
  formatDiagnostic,
  type CrmConnector,
  type JourneyDefinition,
  type JourneyReport,
} from '@crm-journey/connector';
import type { CliContext } from '../cli/cli-context.ts';
import { UsageError } from '../cli/cli-context.ts';
import { loadJourney, readInputFile } from '../cli/load-files.ts';
import { loadSnapshotCustomers } from '../cli/load-snapshot.ts';
import type { CommandInput } from '../cli/command-definition.ts';
import type { reportFlags } from '../cli/definitions/report-definition.ts';
import { parseAsOf } from '../cli/parse-options.ts';
import { loadConfig } from '../config/load-config.ts';
import { progressReporter, type ProgressOutput } from '../output/progress-reporter.ts';
import { renderReportHtml, type ReportDocument } from '../report/render-report-html.ts';
import { createReportSession, type ReportOptions } from '../report/report-session.ts';
import { readSecretFlags } from '../config/secret-flags.ts';
import { readPeriodFlags } from '../report/period-flags.ts';
import { runInputPaths } from '../output/run-input-paths.ts';
import { checkOutputPath, writeOutputFile, type OutputFileOptions } from '../output/write-output-file.ts';

/** The one-paragraph summary printed after the HTML is written. */
export function formatReportSummary(report: JourneyReport, out: string): string {
  const lines = [
    `Report of ${report.customers} customers on ${report.journey.id} (revision ${report.journey.revision}), ${report.period.from} to ${report.period.to}, written to ${out}.`,
  ];
  if (report.bottlenecks.length > 0)
    lines.push('Bottlenecks:', ...report.bottlenecks.map((item) => `  - ${item.sentence}`));
  return `${lines.join('\n')}\n`;
}

async function checkedJourney(
  connector: CrmConnector,
  context: CliContext,
  path: string,
  target: string,
): Promise<JourneyDefinition> {
  const checked = await connector.checkJourney(readInputFile(context, path, 'journey file'), path);
  for (const diagnostic of [...checked.errors, ...checked.warnings])
    context.stderr.write(`${formatDiagnostic(diagnostic)}\n`);
  if (!checked.journey)
    throw new UsageError(
      `crm-journey report: ${path} does not fit ${target}; fix the errors above. Nothing was reported.`,
    );
  return checked.journey;
}

/**
 * `crm-journey report --journey <file> (--records <snapshot.json> | target flags) [--from <date>] [--to <date>]
 * [--segment <id>] [--as-of <ISO time>] [--compare-journey <file> | --compare-from <date> --compare-to <date>]
 * [--out <report.html>] [--json]`
 */
export async function reportCommand(
  { values }: CommandInput<typeof reportFlags>,
  context: CliContext & { readonly progress?: ProgressOutput },
): Promise<number> {
  const journeys = values.journey ?? [];
  const [journeyPath = ''] = journeys;
  if (values.out === undefined && !values.json)
    throw new UsageError('crm-journey report: give --out <report.html>, --json, or both.');
  const outFile: OutputFileOptions = {
    command: 'report',
    example: 'report.html',
    inputs: runInputPaths(context.cwd, values),
  };
  if (values.out !== undefined && journeys.length === 1) checkOutputPath(resolve(context.cwd, values.out), outFile);
  const asOf = parseAsOf('report', values['as-of']);
  const period = readPeriodFlags('report', values);
  if (journeys.length > 1) {
    // Loaded when used, as the CRM connectors below: a report on one snapshot needs neither.
    const { reportSet } = await import('./report-set.ts');
    return reportSet({
      paths: journeys,
      values,
      context,
      asOf,
      from: period.from,
      to: period.to,
      formatSummary: formatReportSummary,
      outFile,
    });
  }
  const options = (journey: JourneyDefinition, compareJourney: JourneyDefinition | undefined): ReportOptions => ({
    asOf,
    ...period.options(journey, compareJourney),
  });

  let document: ReportDocument;
  if (values.records !== undefined) {
    const journey = loadJourney(context, journeyPath);
    const other = values['compare-journey'] === undefined ? undefined : loadJourney(context, values['compare-journey']);
    const session = createReportSession(journey, options(journey, other));
    for (const set of loadSnapshotCustomers(context, values.records, journey).customers) session.add(set);
    document = session.finish();
  } else {
    // The connectors (jsforce, @salesforce/core, axios: about 35 MB of RSS) load only to read an org.
    const { connectTarget, resolveTarget } = await import('../config/crm-target.ts');
    const { buildReportFromConnector } = await import('../report/build-report-from-connector.ts');
    const settings = resolveTarget(
      'report',
      readSecretFlags('report', values, context),
      loadConfig(context, values.config),
    );
    const { connector, target } = await connectTarget(settings);
    try {
      const journey = await checkedJourney(connector, context, journeyPath, target);
      const compareJourney = values['compare-journey'];
      const other =
        compareJourney === undefined ? undefined : await checkedJourney(connector, context, compareJourney, target);
      // Progress goes to stderr, so `--json` on stdout stays one clean JSON document.
      const progress = progressReporter(context.progress ?? context.stderr);
      document = await buildReportFromConnector({
        ...options(journey, other),
        connector,
        journey,
        onProgress: progress.update,
      });
      progress.done();
    } finally {
      await connector.close();
    }
  }

  if (values.out !== undefined) {
    writeOutputFile(resolve(context.cwd, values.out), renderReportHtml(document), outFile);
    (values.json ? context.stderr : context.stdout).write(formatReportSummary(document.report, values.out));
  }
  if (values.json) context.stdout.write(`${JSON.stringify(document, null, 2)}\n`);
  return 0;
}
