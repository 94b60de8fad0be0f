import { basename, resolve } from 'node:path';
import type { JourneySetDefinition } from '@crm-journey/connector';
import type { CliContext } from '../cli/cli-context.ts';
import { UsageError } from '../cli/cli-context.ts';
import type { CommandInput } from '../cli/command-definition.ts';
import type { mapFlags } from '../cli/definitions/map-definition.ts';
import type { MapLocale } from '../map/map-labels.ts';
import type { MapDocument } from '../map/map-session.ts';
import { renderMapHtml } from '../map/render-map.ts';
import { checkOutputPath, writeOutputFile, type OutputFileOptions } from '../output/write-output-file.ts';
import type { ProgressOutput } from '../output/progress-reporter.ts';
import type { PortfolioOverview } from '../report/portfolio-overview.ts';
import { renderPortfolioHtml } from '../report/render-portfolio-html.ts';
import type { SetReportDocument } from '../report/set-report-session.ts';
import { journeyOut, portfolioLine, readSetReport } from './report-set.ts';

/** What `crm-journey map --json` prints for a journey set. */
export interface SetMapDocument {
  readonly journeys: readonly { readonly id: string; readonly name: string; readonly document: MapDocument }[];
  readonly portfolio: PortfolioOverview;
}

/** The map of each journey of a set report (the report draws its map from the same numbers). */
function setMapDocument(result: SetReportDocument): SetMapDocument {
  return {
    journeys: result.journeys.map(({ id, name, document }) => {
      if (!document.map) throw new RangeError(`the report of ${id} has no map`);
      const { period } = document.map;
      return {
        id,
        name,
        document: {
          currentLabel: `${period.from.slice(0, 10)} to ${period.to.slice(0, 10)}`,
          futureLabel: null,
          panels: [{ current: document.map, future: null }],
        },
      };
    }),
    portfolio: result.portfolio,
  };
}

/**
 * `crm-journey map` with several `--journey`: reads the snapshot or the org once, places each customer in
 * its journey, writes one map per journey beside `--out` (`<out>-<journey>.html`) and `--out` itself as the
 * portfolio overview linking to them.
 */
export async function mapSet(
  paths: readonly string[],
  values: CommandInput<typeof mapFlags>['values'],
  context: CliContext & { readonly progress?: ProgressOutput },
  formatMapSummary: (document: MapDocument, out: string) => string,
  options: { readonly asOf: number; readonly from?: number; readonly to?: number },
  outFile: OutputFileOptions | undefined,
): Promise<number> {
  for (const flag of ['segment', 'compare-journey', 'compare-from', 'compare-to'] as const)
    if (values[flag] !== undefined)
      throw new UsageError(
        `crm-journey map: --${flag} applies to one journey; draw the map of that journey alone (one --journey).`,
      );
  if (values['all-segments'])
    throw new UsageError('crm-journey map: --all-segments applies to one journey; draw that journey alone.');
  if (values.format !== 'html')
    throw new UsageError(`crm-journey map: --format ${values.format} draws one journey; a journey set is HTML only.`);
  // Each journey's file is checked before anything is read; the set's ids come from the journey files.
  const checkOut = (set: JourneySetDefinition): void => {
    const out = values.out;
    if (out !== undefined && outFile !== undefined)
      for (const { id } of set.journeys) checkOutputPath(resolve(context.cwd, journeyOut(out, id)), outFile);
  };
  const result = await readSetReport('map', paths, values, context, options, checkOut);
  if (!result) return 1;
  const document = setMapDocument(result);
  const locale: MapLocale = values.locale;
  if (values.out !== undefined && outFile !== undefined) {
    const summaries = (values.json ? context.stderr : context.stdout) satisfies { write(text: string): unknown };
    summaries.write(portfolioLine(result));
    const links: Record<string, string> = {};
    for (const { id, document: map } of document.journeys) {
      const out = journeyOut(values.out, id);
      links[id] = basename(out);
      writeOutputFile(resolve(context.cwd, out), renderMapHtml(map, locale), outFile);
      summaries.write(formatMapSummary(map, out));
    }
    writeOutputFile(
      resolve(context.cwd, values.out),
      renderPortfolioHtml(result.portfolio, 'Journey set map: portfolio overview', links),
      outFile,
    );
    summaries.write(`Portfolio overview of ${document.journeys.length} journeys written to ${values.out}.\n`);
  }
  if (values.json) context.stdout.write(`${JSON.stringify(document, null, 2)}\n`);
  return 0;
}
