import { basename, extname, resolve } from 'node:path';
import type { CliContext } from '../cli/cli-context.ts';
import { UsageError } from '../cli/cli-context.ts';
import type { CommandInput } from '../cli/command-definition.ts';
import type { reportFlags } from '../cli/definitions/report-definition.ts';
import { loadSnapshotCustomers } from '../cli/load-snapshot.ts';
import { loadJourneySet } from '../cli/load-journey-set.ts';
import { connectTarget, resolveTarget } from '../config/crm-target.ts';
import { readSecretFlags } from '../config/secret-flags.ts';
import { loadConfig } from '../config/load-config.ts';
import { progressReporter, type ProgressOutput } from '../output/progress-reporter.ts';
import { renderPortfolioHtml } from '../report/render-portfolio-html.ts';
import { renderReportHtml } from '../report/render-report-html.ts';
import type { ReportOptions } from '../report/report-session.ts';
import type { TargetFlags } from '../config/crm-target.ts';
import { checkJourneySetWithOrg } from '../run/check-journey-set.ts';
import {
  buildSetReportFromConnector,
  createSetReportSession,
  type SetReportDocument,
} from '../report/set-report-session.ts';
import { journeySetReadDefinition, type JourneyReport, type JourneySetDefinition } from '@crm-journey/connector';
import { checkOutputPath, writeOutputFile, type OutputFileOptions } from '../output/write-output-file.ts';

/** What `report` hands over for a journey set, its dates already parsed. */
export interface ReportSetInput {
  readonly paths: readonly string[];
  readonly values: CommandInput<typeof reportFlags>['values'];
  readonly context: CliContext & { readonly progress?: ProgressOutput };
  readonly asOf: number;
  readonly from: number | undefined;
  readonly to: number | undefined;
  readonly formatSummary: (report: JourneyReport, out: string) => string;
  /** How each `--out` file is checked and written. */
  readonly outFile: OutputFileOptions;
}

/** `<out>-<journey>.html` beside `--out`: one offline report (or map) per journey of the set. */
export function journeyOut(out: string, id: string): string {
  const extension = extname(out);
  return `${extension === '' ? out : out.slice(0, -extension.length)}-${id}${extension === '' ? '.html' : extension}`;
}

/** The flags reading a set needs: a snapshot, or the target flags and the config file. */
type SetSourceFlags = TargetFlags & { readonly records?: string | undefined; readonly config?: string | undefined };

/**
 * Reads the snapshot or the org once for the whole set and builds the report of each journey with the
 * portfolio overview (`report` and `map` of a journey set); undefined when a journey does not fit the org.
 */
export async function readSetReport(
  command: 'report' | 'map',
  paths: readonly string[],
  values: SetSourceFlags,
  context: CliContext & { readonly progress?: ProgressOutput },
  options: ReportOptions,
  checkOut: (set: JourneySetDefinition) => void = () => undefined,
): Promise<SetReportDocument | undefined> {
  if (values.records !== undefined) {
    const set = loadJourneySet(context, paths, command);
    checkOut(set);
    const definition = journeySetReadDefinition(set);
    const session = createSetReportSession(set, options);
    for (const customer of loadSnapshotCustomers(context, values.records, definition).customers) session.add(customer);
    return session.finish();
  }
  const settings = resolveTarget(
    command,
    readSecretFlags(command, values, context),
    loadConfig(context, values.config),
  );
  const { connector, target } = await connectTarget(settings);
  try {
    const set = await checkJourneySetWithOrg(
      connector,
      context,
      paths,
      target,
      command === 'map' ? 'mapped' : 'reported',
    );
    if (!set) return undefined;
    checkOut(set);
    const progress = progressReporter(context.progress ?? context.stderr);
    const result = await buildSetReportFromConnector(connector, set, { ...options, onProgress: progress.update });
    progress.done();
    return result;
  } finally {
    await connector.close();
  }
}

/** The one-line portfolio summary printed before the per-journey lines. */
export function portfolioLine(result: SetReportDocument): string {
  const { customersPerJourney, inNoJourney } = result.portfolio;
  return `Journey set: ${Object.entries(customersPerJourney)
    .map(([id, n]) => `${id} ${n}`)
    .join(', ')}; in no journey: ${inNoJourney}.\n`;
}

/**
 * `crm-journey report` with several `--journey`: reads the snapshot or the org once, places each customer
 * in its journey and writes one report per journey beside `--out`, and `--out` itself as the portfolio
 * overview linking to them.
 */
export async function reportSet(input: ReportSetInput): Promise<number> {
  const { paths, values, context, asOf, from, to } = input;
  if (values.out === undefined && !values.json)
    throw new UsageError('crm-journey report: give --out <report.html>, --json, or both.');
  for (const flag of ['segment', 'compare-journey', 'compare-from', 'compare-to'] as const)
    if (values[flag] !== undefined)
      throw new UsageError(
        `crm-journey report: --${flag} applies to one journey; run the report of that journey alone (one --journey).`,
      );
  // Each journey's file is checked before anything is read; the set's ids come from the journey files.
  const checkOut = (set: JourneySetDefinition): void => {
    const out = values.out;
    if (out !== undefined)
      for (const path of [out, ...set.journeys.map(({ id }) => journeyOut(out, id))])
        checkOutputPath(resolve(context.cwd, path), input.outFile);
  };
  const options = { asOf, ...(from === undefined ? {} : { from }), ...(to === undefined ? {} : { to }) };
  const result = await readSetReport('report', paths, values, context, options, checkOut);
  if (!result) return 1;
  if (values.out !== undefined) {
    const summaries = (values.json ? context.stderr : context.stdout) satisfies { write(text: string): unknown };
    summaries.write(portfolioLine(result));
    const links: Record<string, string> = {};
    for (const { id, document } of result.journeys) {
      const out = journeyOut(values.out, id);
      links[id] = basename(out);
      writeOutputFile(resolve(context.cwd, out), renderReportHtml(document), input.outFile);
      summaries.write(input.formatSummary(document.report, out));
    }
    writeOutputFile(
      resolve(context.cwd, values.out),
      renderPortfolioHtml(result.portfolio, 'Journey set report: portfolio overview', links),
      input.outFile,
    );
    summaries.write(`Portfolio overview of ${result.journeys.length} journeys written to ${values.out}.\n`);
  }
  if (values.json) context.stdout.write(`${JSON.stringify(result, null, 2)}\n`);
  return 0;
}
