import {
  deploySalesforceMetadata,
  SALESFORCE_API_VERSION,
  type DeployedComponent,
  type DeployMetadataResult,
} from '@crm-journey/connector/salesforce';
import { buildSalesforcePackage, LWC_BUNDLE, PERMISSION_SET } from '../admin/salesforce-package.ts';
import { readHostFiles, readPanelBundle } from '@crm-journey/journey-panel/assets';
import { UsageError, type CliContext } from '../cli/cli-context.ts';
import { loadJourneysFor } from '../cli/load-files.ts';
import type { CommandInput } from '../cli/command-definition.ts';
import type { installFlags } from '../cli/definitions/install-definition.ts';
import { resolveTarget } from '../config/crm-target.ts';
import { loadConfig } from '../config/load-config.ts';
import { formatTable } from '../output/format-table.ts';
import { readSecretFlags } from '../config/secret-flags.ts';

/** What to do about a failed component, by its type. */
const FIXES: Readonly<Record<string, string>> = {
  CustomField:
    'A field of that name may already exist with another type: change or delete it in Setup > Object Manager, then install again.',
  PermissionSet: 'Check that every field it names was deployed (see the field failures above), then install again.',
  StaticResource: 'Rebuild the panel (`pnpm --filter @crm-journey/journey-panel build`) and install again.',
  LightningComponentBundle:
    'Enable Lightning Web Security (Setup > Session Settings) and check the org allows lwc:external, then install again.',
};

function failureLine(component: DeployedComponent): string {
  const where = `${component.fileName}${component.line === undefined ? '' : `:${component.line}${component.column === undefined ? '' : `:${component.column}`}`}`;
  const fix = FIXES[component.type] ?? 'Fix the file named above and install again.';
  return `  ${component.type} ${component.fullName} (${where}): ${component.problem ?? 'failed'}\n    fix: ${fix}`;
}

/** The human report of a deploy. */
export function formatInstallReport(result: DeployMetadataResult, target: string): string {
  const rows = result.components
    .filter((component) => component.outcome !== 'failed')
    .map((component) => [component.outcome, component.type, component.fullName]);
  const count = (outcome: DeployedComponent['outcome']): number =>
    result.components.filter((component) => component.outcome === outcome).length;
  const lines = rows.length > 0 ? [formatTable(['Result', 'Type', 'Component'], rows), ''] : [];
  if (!result.success) {
    lines.push(`The deploy ${result.id} to ${target} failed (${result.status}); nothing was changed:`);
    for (const component of result.components.filter((c) => c.outcome === 'failed')) lines.push(failureLine(component));
    return `${lines.join('\n')}\n`;
  }
  const tally = `${count('created')} created, ${count('changed')} changed, ${count('unchanged')} unchanged`;
  if (result.checkOnly) {
    lines.push(
      `Validated ${result.components.length} components against ${target} (${tally} if deployed); nothing was changed.`,
    );
  } else {
    lines.push(
      `Installed ${result.components.length} components into ${target}: ${tally} (deploy ${result.id}).`,
      '',
      'Next:',
      `  1. Assign the ${PERMISSION_SET} permission set to the sync user and every rep who sees the panel`,
      `     (sf org assign permset --name ${PERMISSION_SET} --target-org <alias>, or Setup > Permission Sets).`,
      `  2. Add "Customer journey" (${LWC_BUNDLE}) to the Account, Contact, Lead, Opportunity and Case record`,
      '     pages in Lightning App Builder and set "Customer record" to the journey root.',
    );
  }
  return `${lines.join('\n')}\n`;
}

/**
 * `crm-journey install salesforce (--org <alias> | --instance-url <url> --access-token <token> |
 * --target <name> [--config <file>]) [--check-only] [--journey <file>...] [--json]`
 */
export async function installCommand(
  { values, positionals }: CommandInput<typeof installFlags>,
  context: CliContext,
): Promise<number> {
  if (positionals.length !== 1 || positionals[0] !== 'salesforce') {
    throw new UsageError(
      positionals[0] === 'sugarcrm'
        ? 'crm-journey install: SugarCRM installs through Module Loader; run `crm-journey package sugarcrm --out <zip>` and upload the zip.'
        : 'crm-journey install: name the CRM: `crm-journey install salesforce --org <alias>`.',
    );
  }
  const journeys = loadJourneysFor(context, values.journey ?? [], 'salesforce', 'package sugarcrm');
  const log = (line: string): void => void context.stderr.write(line);
  const bundle = await readPanelBundle('closed', log);
  const pkg = buildSalesforcePackage({
    journeys,
    panelBundle: bundle.code,
    hostFiles: readHostFiles('salesforce', 'force-app/main/default'),
    apiVersion: SALESFORCE_API_VERSION,
  });
  const settings = resolveTarget(
    'install',
    readSecretFlags('install', values, context),
    loadConfig(context, values.config),
  );
  if (settings.crm !== 'salesforce') {
    throw new UsageError(
      'crm-journey install salesforce: the target is a SugarCRM instance; name a Salesforce org (--org, --instance-url, or a salesforce --target).',
    );
  }
  const { crm: _crm, ...connect } = settings;
  const checkOnly = values['check-only'];
  log(`${checkOnly ? 'Validating' : 'Deploying'} ${pkg.members.length} components through the Metadata API...\n`);
  let last = '';
  const result = await deploySalesforceMetadata(connect, pkg.zip, {
    checkOnly,
    onProgress: (progress) => {
      const line = `  ${progress.status}: ${progress.deployed}/${progress.total} components${progress.errors > 0 ? `, ${progress.errors} errors` : ''}\n`;
      if (line !== last) log(line);
      last = line;
    },
  });
  const target = connect.aliasOrUsername ?? result.instanceUrl;
  context.stdout.write(
    values.json ? `${JSON.stringify({ target, ...result })}\n` : formatInstallReport(result, target),
  );
  return result.success ? 0 : 1;
}
