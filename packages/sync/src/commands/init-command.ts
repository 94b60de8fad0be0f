import { existsSync } from 'node:fs';
import { basename, extname, resolve } from 'node:path';
import { formatDiagnostic, validateJourney, type Diagnostic } from '@crm-journey/connector';
import { openSalesforceAdminApi } from '@crm-journey/connector/salesforce';
import { openSugarAdminApi } from '@crm-journey/connector/sugarcrm';
import { defaultOrgFacts, readSalesforceFacts, readSugarFacts, type OrgFacts } from '../admin/org-facts.ts';
import { renderStartingJourney } from '../admin/starting-journey.ts';
import { UsageError, type CliContext } from '../cli/cli-context.ts';
import type { CommandInput } from '../cli/command-definition.ts';
import type { initFlags } from '../cli/definitions/init-definition.ts';
import { TARGET_FLAGS } from '../cli/definitions/target-flags.ts';
import { connectTarget, resolveTarget, type TargetSettings } from '../config/crm-target.ts';
import { loadConfig } from '../config/load-config.ts';
import { writeFileAtomically } from '../output/write-file-atomically.ts';
import { readSecretFlags } from '../config/secret-flags.ts';

/** A journey id from a file name: `journeys/Acme Retail.yaml` → `acme-retail`. */
export function journeyIdFromFile(file: string): string {
  const words = basename(file, extname(file))
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^[^a-z]+|-+$/g, '');
  return (words || 'journey').slice(0, 40).replace(/-+$/, '');
}

async function readFacts(settings: TargetSettings): Promise<OrgFacts> {
  if (settings.crm === 'salesforce') {
    const { crm: _crm, ...options } = settings;
    return readSalesforceFacts(await openSalesforceAdminApi(options));
  }
  const { crm: _crm, ...options } = settings;
  const sugar = await openSugarAdminApi(options);
  try {
    return await readSugarFacts(sugar);
  } finally {
    await sugar.close();
  }
}

/** The journey checked against the org (or, offline, on its own). */
async function checkAgainst(settings: TargetSettings | undefined, text: string, file: string) {
  if (!settings) return { ...validateJourney(text, file), against: 'on its own (offline)' };
  const { connector, target } = await connectTarget(settings);
  try {
    return { ...(await connector.checkJourney(text, file)), against: `against ${target}` };
  } finally {
    await connector.close();
  }
}

/**
 * `crm-journey init (target flags | --crm salesforce|sugarcrm) [--out <file>] [--force] [--id <id>]
 * [--name <name>]`: writes a starting journey from the org's own metadata and validates it at once.
 */
export async function initCommand({ values }: CommandInput<typeof initFlags>, context: CliContext): Promise<number> {
  const targetFlags = Object.keys(TARGET_FLAGS).filter(
    (flag) => values[flag as keyof typeof TARGET_FLAGS] !== undefined,
  );
  if (values.crm !== undefined && targetFlags.length > 0)
    throw new UsageError(
      `crm-journey init: --crm writes from the default picklists without an org; drop it to read the org named by --${targetFlags[0] ?? ''}.`,
    );
  const path = resolve(context.cwd, values.out);
  const refuse = (): UsageError =>
    new UsageError(`crm-journey init: ${values.out} exists; give --force to replace it, or another --out.`);
  if (!values.force && existsSync(path)) throw refuse();
  const settings =
    values.crm === undefined
      ? resolveTarget('init', readSecretFlags('init', values, context), loadConfig(context, values.config))
      : undefined;
  const facts = settings ? await readFacts(settings) : defaultOrgFacts(values.crm ?? 'salesforce');
  const text = renderStartingJourney(facts, {
    id: values.id ?? journeyIdFromFile(values.out),
    name: values.name ?? 'Customer journey',
    date: new Date().toISOString().slice(0, 10),
  });
  const checked = await checkAgainst(settings, text, values.out);
  if (!writeFileAtomically(path, text, values.force)) throw refuse();
  // Journey fields not installed yet are the next step, not a fault of the file.
  const notInstalled = (diagnostic: Diagnostic): boolean => diagnostic.rule === 'journey-fields-missing';
  const errors = checked.errors.filter((diagnostic) => !notInstalled(diagnostic));
  for (const diagnostic of [...errors, ...checked.warnings]) context.stderr.write(`${formatDiagnostic(diagnostic)}\n`);
  const open = facts.stages.filter((stage) => !stage.closed).length;
  const lines = [
    `Wrote ${values.out} from ${facts.source}: 7 stages over ${facts.stages.length} opportunity stages (${open} open), ${facts.leadStatuses.length} lead statuses and ${facts.caseStatuses.length} case statuses.`,
    errors.length === 0
      ? `Checked ${checked.against}: valid (${checked.warnings.length} warning${checked.warnings.length === 1 ? '' : 's'}).`
      : `Checked ${checked.against}: ${errors.length} error${errors.length === 1 ? '' : 's'} (above); fix them before a sync.`,
    '',
    'Next:',
    `  1. Read the lines marked DECIDE in ${values.out} and adjust the mapping with the business.`,
  ];
  if (checked.errors.some(notInstalled))
    lines.push(
      `  2. Install the journey fields: ${facts.crm === 'salesforce' ? 'crm-journey install salesforce <target flags>' : 'crm-journey package sugarcrm --out crm-journey.zip (then Admin > Module Loader)'}.`,
    );
  lines.push(
    `  ${checked.errors.some(notInstalled) ? '3' : '2'}. See where customers land: crm-journey sync --journey ${values.out} <target flags> --dry-run`,
  );
  context.stdout.write(`${lines.join('\n')}\n`);
  return errors.length > 0 ? 1 : 0;
}
