import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { ConnectorError } from '@crm-journey/connector';
import { readHostFiles, readPanelBundle } from '@crm-journey/journey-panel/assets';
import { buildSugarPackage } from '../admin/sugar-package.ts';
import { UsageError, type CliContext } from '../cli/cli-context.ts';
import { loadJourneysFor } from '../cli/load-files.ts';
import type { CommandInput } from '../cli/command-definition.ts';
import type { packageFlags } from '../cli/definitions/package-definition.ts';

/** The sync package's version, which the Module Loadable Package carries. */
function packageVersion(): string {
  const text = readFileSync(new URL('../../package.json', import.meta.url), 'utf8');
  return (JSON.parse(text) as { version: string }).version;
}

/** `crm-journey package sugarcrm --out <zip> [--journey <file>...] [--json]` */
export async function packageCommand(
  { values, positionals }: CommandInput<typeof packageFlags>,
  context: CliContext,
): Promise<number> {
  if (positionals.length !== 1 || positionals[0] !== 'sugarcrm') {
    throw new UsageError(
      positionals[0] === 'salesforce'
        ? 'crm-journey package: Salesforce installs through the Metadata API; run `crm-journey install salesforce --org <alias>`.'
        : 'crm-journey package: name the CRM: `crm-journey package sugarcrm --out <zip>`.',
    );
  }
  const out = values.out;
  const journeys = loadJourneysFor(context, values.journey ?? [], 'sugarcrm', 'install salesforce');
  const bundle = await readPanelBundle('open', (line) => void context.stderr.write(line));
  const pkg = buildSugarPackage({
    journeys,
    panelBundle: bundle.code,
    hostFiles: readHostFiles('sugarcrm', 'custom'),
    version: packageVersion(),
  });
  const path = resolve(context.cwd, out);
  try {
    mkdirSync(dirname(path), { recursive: true });
    writeFileSync(path, pkg.zip);
  } catch (error) {
    throw new ConnectorError('INPUT_UNREADABLE', `Cannot write the package to ${out}: ${(error as Error).message}.`, {
      actions: ['Pass --out a path in a directory you can write to.'],
    });
  }
  const modules = [...new Set(pkg.fields.map((field) => field.module))];
  if (values.json) {
    context.stdout.write(
      `${JSON.stringify({ out: path, bytes: pkg.zip.length, files: Object.keys(pkg.files), fields: pkg.fields })}\n`,
    );
    return 0;
  }
  context.stdout.write(
    [
      `Wrote ${out} (${(pkg.zip.length / 1024).toFixed(1)} KB, ${Object.keys(pkg.files).length} files): the journey fields on ${modules.join(', ')} and the "Customer journey" dashlet.`,
      '',
      'Next:',
      '  1. In Sugar, Admin > Module Loader: upload the zip, then Install (it passes the Package Scanner).',
      '  2. Open an Account (or Contact, Lead, Opportunity, Case) record, open its dashboard and add the',
      '     "Customer journey" dashlet.',
      '',
    ].join('\n'),
  );
  return 0;
}
