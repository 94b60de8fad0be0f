import { suggestName, type CrmConnector } from '@crm-journey/connector';
import { UsageError } from '../cli/cli-context.ts';
import type { Environment, LoadedConfig } from './load-config.ts';

/** The command-line flags that name a CRM target (see cli/definitions/target-flags.ts). */
export interface TargetFlags {
  readonly target?: string | undefined;
  readonly org?: string | undefined;
  readonly 'instance-url'?: string | undefined;
  readonly 'access-token'?: string | undefined;
  readonly 'access-token-file'?: string | undefined;
  readonly 'sugar-url'?: string | undefined;
  readonly 'sugar-user'?: string | undefined;
  readonly 'sugar-password'?: string | undefined;
  readonly 'sugar-password-file'?: string | undefined;
  readonly 'sugar-platform'?: string | undefined;
}

/** How to reach the CRM; unset values fall back to the connectors' environment variables. */
export type TargetSettings =
  | {
      readonly crm: 'salesforce';
      readonly aliasOrUsername?: string;
      readonly instanceUrl?: string;
      readonly accessToken?: string;
    }
  | {
      readonly crm: 'sugarcrm';
      readonly url?: string;
      readonly username?: string;
      readonly password?: string;
      readonly platform?: string;
    };

/** Environment variables whose values are credentials, censored in every log line. */
const SECRET_ENV_VARS = [
  'SF_ACCESS_TOKEN',
  'SF_REFRESH_TOKEN',
  'SF_CLIENT_SECRET',
  'SUGAR_PASSWORD',
  'CRM_JOURNEY_TOKEN',
] as const;

/** `T` with its possibly-undefined properties made optional instead (for `exactOptionalPropertyTypes`). */
type WithoutUndefined<T> = { [K in keyof T as undefined extends T[K] ? never : K]: T[K] } & {
  [K in keyof T as undefined extends T[K] ? K : never]?: Exclude<T[K], undefined>;
};

function defined<T extends Record<string, unknown>>(object: T): WithoutUndefined<T> {
  return Object.fromEntries(Object.entries(object).filter(([, value]) => value !== undefined)) as WithoutUndefined<T>;
}

/** The named target of the config, its `${ENV_VAR}` references expanded. */
function configTarget(command: string, loaded: LoadedConfig | undefined, name: string): TargetSettings {
  const targets = loaded?.config.targets ?? {};
  const target = targets[name];
  if (!loaded || !target) {
    const suggestion = suggestName(name, Object.keys(targets));
    throw new UsageError(
      loaded
        ? `crm-journey ${command}: --target ${name}: ${loaded.file} has no target "${name}". ${suggestion === undefined ? `Its targets: ${Object.keys(targets).join(', ') || '(none)'}.` : `Did you mean "${suggestion}"?`}`
        : `crm-journey ${command}: --target ${name} needs a config file: create crm-journey.config.yaml here or give --config <path>.`,
    );
  }
  const value = (key: keyof typeof target): string | undefined => {
    const raw = target[key];
    return raw === undefined ? undefined : loaded.expand(['targets', name, key], raw);
  };
  return target.crm === 'salesforce'
    ? defined({
        crm: 'salesforce' as const,
        aliasOrUsername: value('org'),
        instanceUrl: value('instanceUrl'),
        accessToken: value('accessToken'),
      })
    : defined({
        crm: 'sugarcrm' as const,
        url: value('url'),
        username: value('user'),
        password: value('password'),
        platform: value('platform'),
      });
}

/**
 * Decides which CRM to connect to. Precedence: target flags on the command line (merged over the
 * selected config target when both are the same CRM), then `--target <name>` or the config's
 * `defaults.target`, then the connectors' environment variables (`SF_*`, `SUGAR_URL`).
 *
 * @example
 * const settings = resolveTarget('sync', values, loadConfig(context, values.config));
 */
export function resolveTarget(
  command: string,
  flags: TargetFlags,
  loaded: LoadedConfig | undefined,
  env: Environment = process.env,
): TargetSettings {
  const name = flags.target ?? loaded?.config.defaults.target;
  const base = name === undefined ? undefined : configTarget(command, loaded, name);
  const sugarFlags = flags['sugar-url'] ?? flags['sugar-user'] ?? flags['sugar-password'] ?? flags['sugar-platform'];
  const salesforceFlags = flags.org ?? flags['instance-url'] ?? flags['access-token'];
  if (sugarFlags !== undefined && salesforceFlags === undefined) {
    const from = base?.crm === 'sugarcrm' ? base : { crm: 'sugarcrm' as const };
    return defined({
      ...from,
      url: flags['sugar-url'] ?? from.url,
      username: flags['sugar-user'] ?? from.username,
      password: flags['sugar-password'] ?? from.password,
      platform: flags['sugar-platform'] ?? from.platform,
    });
  }
  if (salesforceFlags !== undefined) {
    const from = base?.crm === 'salesforce' ? base : { crm: 'salesforce' as const };
    // An alias and an instance URL are two ways in: the one on the command line replaces the other.
    if (flags.org !== undefined) return { crm: 'salesforce', aliasOrUsername: flags.org };
    return defined({
      crm: 'salesforce' as const,
      instanceUrl: flags['instance-url'] ?? from.instanceUrl,
      accessToken: flags['access-token'] ?? from.accessToken,
      aliasOrUsername: flags['instance-url'] === undefined ? from.aliasOrUsername : undefined,
    });
  }
  if (base) return base;
  return env['SUGAR_URL'] !== undefined && env['SF_INSTANCE_URL'] === undefined
    ? { crm: 'sugarcrm' }
    : { crm: 'salesforce' };
}

/** The credentials in a target and the environment, to censor in logs. */
export function targetSecrets(settings: TargetSettings, env: Environment = process.env): string[] {
  const fromEnv = SECRET_ENV_VARS.map((name) => env[name]).filter((value): value is string => value !== undefined);
  const own = settings.crm === 'salesforce' ? settings.accessToken : settings.password;
  return own === undefined ? fromEnv : [own, ...fromEnv];
}

/** Where a long-lived command keeps what it may reuse between runs. */
export interface ConnectTargetOptions {
  /**
   * A directory for Salesforce describe results (kept a day; a check that fails on them is redone
   * fresh), so a run does not describe the org again. Usually beside the state file.
   */
  readonly describeCacheDir?: string;
  /** The clock for watermarks and relative dates (default the machine's); a fleet gives the database's. */
  readonly now?: () => number;
}

/**
 * Connects to the target; `target` names it for messages and for the store's scope
 * (`salesforce:<instance URL>` or `sugarcrm:<site URL>`).
 */
export async function connectTarget(
  settings: TargetSettings,
  env: Environment = process.env,
  connectOptions: ConnectTargetOptions = {},
): Promise<{ connector: CrmConnector; target: string }> {
  // Only the target's connector is loaded: each is a client library (jsforce, axios) and its modules.
  if (settings.crm === 'sugarcrm') {
    const { connectSugar } = await import('@crm-journey/connector/sugarcrm');
    const { crm: _crm, ...options } = settings;
    const connector = await connectSugar({ ...options, ...(connectOptions.now ? { now: connectOptions.now } : {}) });
    return { connector, target: `sugarcrm:${settings.url ?? env['SUGAR_URL'] ?? ''}` };
  }
  const { connectSalesforce } = await import('@crm-journey/connector/salesforce');
  const { crm: _crm, ...options } = settings;
  const connector = await connectSalesforce({
    ...options,
    ...(connectOptions.now ? { now: connectOptions.now } : {}),
    ...(connectOptions.describeCacheDir === undefined
      ? {}
      : { describeCache: { dir: connectOptions.describeCacheDir } }),
  });
  return { connector, target: `salesforce:${connector.instanceUrl}` };
}
