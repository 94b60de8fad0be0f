import { resolve } from 'node:path';
import { formatDiagnostic, type CrmConnector, type JourneyDefinition } from '@crm-journey/connector';
import type { CliContext } from '../cli/cli-context.ts';
import { UsageError } from '../cli/cli-context.ts';
import { loadJourney, readInputFile } from '../cli/load-files.ts';
import { loadSnapshotCustomers } from '../cli/load-snapshot.ts';
import { parseAsOf } from '../cli/parse-options.ts';
import type { CommandInput } from '../cli/command-definition.ts';
import type { mapFlags } from '../cli/definitions/map-definition.ts';
import { connectTarget, resolveTarget } from '../config/crm-target.ts';
import { readSecretFlags } from '../config/secret-flags.ts';
import { loadConfig } from '../config/load-config.ts';
import { progressReporter, type ProgressOutput } from '../output/progress-reporter.ts';
import type { MapLocale } from '../map/map-labels.ts';
import { printMapPdf } from '../map/map-pdf.ts';
import { createMapSession, type MapDocument, type MapOptions } from '../map/map-session.ts';
import { renderMapHtml, renderMapSvg } from '../map/render-map.ts';
import { runInputPaths } from '../output/run-input-paths.ts';
import { checkOutputPath, writeOutputFile } from '../output/write-output-file.ts';
import { readPeriodFlags } from '../report/period-flags.ts';
import { mapSet } from './map-set.ts';

async function checkedJourney(connector: CrmConnector, context: CliContext, path: string): Promise<JourneyDefinition> {
  const checked = await connector.checkJourney(readInputFile(context, path, 'journey file'), path);
  for (const diagnostic of [...checked.errors, ...checked.warnings])
    context.stderr.write(`${formatDiagnostic(diagnostic)}\n`);
  if (!checked.journey) throw new UsageError(`crm-journey map: ${path} does not fit the org; fix the errors above.`);
  return checked.journey;
}

/** The one-line summary printed after the file is written. */
export function formatMapSummary(document: MapDocument, out: string): string {
  const first = document.panels[0]?.current;
  const pains = document.panels.reduce(
    (sum, panel) => sum + panel.current.stages.reduce((n, s) => n + s.painPoints.length, 0),
    0,
  );
  return `Journey map of ${first?.customers ?? 0} customers on ${first?.journey.id ?? ''}: ${document.panels.length} canvas(es), ${first?.stages.length ?? 0} stages, ${pains} pain points; written to ${out}.\n`;
}

/**
 * `crm-journey map --journey <file> (--records <snapshot.json> | target flags) [--segment <id> | --all-segments]
 * [--from <date>] [--to <date>] [--as-of <time>] [--compare-journey <file> | --compare-from <date> --compare-to <date>]
 * [--out <map.html>] [--format html|svg|pdf] [--locale en|pl|ru|fa] [--json]`
 */
export async function mapCommand(
  { values }: CommandInput<typeof mapFlags>,
  context: CliContext & { readonly progress?: ProgressOutput },
): Promise<number> {
  const journeys = values.journey ?? [];
  const [journeyPath = ''] = journeys;
  const format = values.format;
  const locale: MapLocale = values.locale;
  if (values.out === undefined && !values.json)
    throw new UsageError('crm-journey map: give --out <map.html>, --json, or both.');
  if (values.out === undefined && values.format !== 'html')
    throw new UsageError(`crm-journey map: --format ${format} needs --out <file>.`);
  if (values.segment !== undefined && values['all-segments'])
    throw new UsageError('crm-journey map: give --segment <id> or --all-segments, not both.');
  const outFile =
    values.out === undefined
      ? undefined
      : {
          path: resolve(context.cwd, values.out),
          command: 'map',
          example: 'map.html',
          inputs: runInputPaths(context.cwd, values),
        };
  if (outFile !== undefined) checkOutputPath(outFile.path, outFile);
  const asOf = parseAsOf('map', values['as-of']);
  const period = readPeriodFlags('map', values);
  if (journeys.length > 1)
    return mapSet(
      journeys,
      values,
      context,
      formatMapSummary,
      {
        asOf,
        ...(period.from === undefined ? {} : { from: period.from }),
        ...(period.to === undefined ? {} : { to: period.to }),
      },
      outFile,
    );
  const options = (journey: JourneyDefinition, compareJourney: JourneyDefinition | undefined): MapOptions => ({
    asOf,
    ...period.options(journey, compareJourney),
    allSegments: values['all-segments'],
  });

  let document: MapDocument;
  if (values.records !== undefined) {
    const journey = loadJourney(context, journeyPath);
    const other = values['compare-journey'] === undefined ? undefined : loadJourney(context, values['compare-journey']);
    const session = createMapSession(journey, options(journey, other));
    for (const set of loadSnapshotCustomers(context, values.records, journey).customers) session.add(set);
    document = session.finish();
  } else {
    const { connector } = await connectTarget(
      resolveTarget('map', readSecretFlags('map', values, context), loadConfig(context, values.config)),
    );
    try {
      const journey = await checkedJourney(connector, context, journeyPath);
      const comparePath = values['compare-journey'];
      const other = comparePath === undefined ? undefined : await checkedJourney(connector, context, comparePath);
      const session = createMapSession(journey, options(journey, other));
      // Progress goes to stderr, so `--json` on stdout stays one clean JSON document.
      const progress = progressReporter(context.progress ?? context.stderr);
      for await (const read of connector.readCustomers(journey, { asOf, onProgress: progress.update }))
        session.add({ customer: read.customer, records: read.records, changes: read.changes }, read.stored);
      progress.done();
      document = session.finish();
    } finally {
      await connector.close();
    }
  }

  if (values.out !== undefined && outFile !== undefined) {
    const html = renderMapHtml(document, locale);
    const content =
      format === 'svg' ? renderMapSvg(document, locale) : format === 'pdf' ? await printMapPdf(html) : html;
    writeOutputFile(outFile.path, content, outFile);
    (values.json ? context.stderr : context.stdout).write(formatMapSummary(document, values.out));
  }
  if (values.json) context.stdout.write(`${JSON.stringify(document, null, 2)}\n`);
  return 0;
}
