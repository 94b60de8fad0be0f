import { homedir } from 'node:os';
import { join, resolve } from 'node:path';
import { formatDiagnostic, type Crm } from '@crm-journey/connector';
import { openSalesforceAdminApi } from '@crm-journey/connector/salesforce';
import { openSugarAdminApi } from '@crm-journey/connector/sugarcrm';
import { couldNotCheck, formatDoctorReport, type DoctorItem } from '../admin/doctor-item.ts';
import { checkSalesforceOrg } from '../admin/doctor-salesforce.ts';
import { checkPostgresStore } from '../admin/doctor-postgres-store.ts';
import { checkStateStore } from '../admin/doctor-state-store.ts';
import { checkSugarInstance } from '../admin/doctor-sugar.ts';
import { FACT_FIELDS } from '../admin/org-facts.ts';
import { UsageError, type CliContext } from '../cli/cli-context.ts';
import type { CommandInput } from '../cli/command-definition.ts';
import type { doctorFlags } from '../cli/definitions/doctor-definition.ts';
import { readInputFile } from '../cli/load-files.ts';
import { connectTarget, resolveTarget, type TargetSettings } from '../config/crm-target.ts';
import { loadConfig, type LoadedConfig } from '../config/load-config.ts';
import { readSecretFlags } from '../config/secret-flags.ts';
import { isPostgresUrl } from '../state/open-store.ts';

/** The journey fits the org: checkJourney's errors, except the journey fields (an item of their own). */
async function journeyItem(
  settings: TargetSettings,
  context: CliContext,
  file: string,
): Promise<{ item: DoctorItem; root: string | undefined }> {
  const title = `Journey ${file}`;
  try {
    const { connector } = await connectTarget(settings);
    try {
      const checked = await connector.checkJourney(readInputFile(context, file, 'journey file'), file);
      const errors = checked.errors.filter((diagnostic) => diagnostic.rule !== 'journey-fields-missing');
      const root = checked.journey?.root;
      return errors.length === 0
        ? { item: { id: 'journey', title, status: 'pass', detail: 'fits the org.' }, root }
        : {
            item: {
              id: 'journey',
              title,
              status: 'fail',
              detail: `${errors.length} error${errors.length === 1 ? '' : 's'}: ${errors.slice(0, 3).map(formatDiagnostic).join(' | ')}`,
              fix: `Fix the file; \`crm-journey validate ${file}\` checks it on its own.`,
            },
            root,
          };
    } finally {
      await connector.close();
    }
  } catch (error) {
    return { item: couldNotCheck('journey', title, error), root: undefined };
  }
}

function fromConfig(config: LoadedConfig | undefined, key: 'journey' | 'state' | 'store'): string | undefined {
  const value = config?.config.defaults[key];
  if (value === undefined || !config) return undefined;
  const expanded = config.expand(['defaults', key], value);
  return key === 'store' && isPostgresUrl(expanded) ? expanded : config.resolvePath(expanded);
}

/** The store to check: `--store` (a URL or a path), `--state`, else the config's, else the default file. */
function storeToCheck(
  values: { readonly state?: string | undefined; readonly store?: string | undefined },
  config: LoadedConfig | undefined,
  cwd: string,
): string {
  if (values.state !== undefined && values.store !== undefined)
    throw new UsageError(
      'crm-journey doctor: give --store or --state, not both (--store takes a postgres:// URL or the state file’s path).',
    );
  const given = values.store ?? values.state;
  if (given !== undefined) return isPostgresUrl(given) ? given : resolve(cwd, given);
  return fromConfig(config, 'store') ?? fromConfig(config, 'state') ?? join(homedir(), '.crm-journey', 'state.sqlite');
}

async function orgItems(settings: TargetSettings, root: string): Promise<{ items: DoctorItem[]; target: string }> {
  if (settings.crm === 'salesforce') {
    const { crm: _crm, ...options } = settings;
    const org = await openSalesforceAdminApi(options);
    return { items: await checkSalesforceOrg(org, root), target: `salesforce:${org.instanceUrl}` };
  }
  const { crm: _crm, ...options } = settings;
  const sugar = await openSugarAdminApi(options);
  try {
    return { items: await checkSugarInstance(sugar, root), target: `sugarcrm:${sugar.url}` };
  } finally {
    await sugar.close();
  }
}

/**
 * `crm-journey doctor (target flags) [--journey <file>] [--state <path> | --store <postgres://… | path>] [--json]`: whether the org is
 * ready, each item with its fix; exit 1 when an item fails (items that could not be checked do not).
 */
export async function doctorCommand(
  { values }: CommandInput<typeof doctorFlags>,
  context: CliContext,
): Promise<number> {
  const config = loadConfig(context, values.config);
  const settings = resolveTarget('doctor', readSecretFlags('doctor', values, context), config);
  const journeyFile = values.journey ?? fromConfig(config, 'journey');
  const store = storeToCheck(values, config, context.cwd);
  const journey = journeyFile === undefined ? undefined : await journeyItem(settings, context, journeyFile);
  const crm: Crm = settings.crm;
  const { items, target } = await orgItems(settings, journey?.root ?? FACT_FIELDS[crm].root);
  const storeItems = isPostgresUrl(store) ? await checkPostgresStore(store) : [checkStateStore(store)];
  const all = [...items, ...(journey ? [journey.item] : []), ...storeItems];
  const ready = all.every((item) => item.status !== 'fail');
  context.stdout.write(
    values.json ? `${JSON.stringify({ target, ready, items: all }, null, 2)}\n` : formatDoctorReport(target, all),
  );
  return ready ? 0 : 1;
}
