import { homedir } from 'node:os';
import { join, resolve } from 'node:path';
import type { CliContext } from '../cli/cli-context.ts';
import { UsageError } from '../cli/cli-context.ts';
import { readSecretFlags, type SecretWarning } from './secret-flags.ts';
import { resolveTarget, type TargetFlags, type TargetSettings } from './crm-target.ts';
import { isPostgresUrl } from '../state/open-store.ts';
import { loadConfig, type Environment, type LoadedConfig } from './load-config.ts';

/** What `sync` and `serve` run with, from the command line over the config file over the defaults. */
export interface RunSettings {
  readonly config: LoadedConfig | undefined;
  readonly target: TargetSettings;
  /** The journey file (absolute when it came from the config); the first of `journeyPaths`. */
  readonly journeyPath: string;
  /** Every journey file of the set (one for a single journey). */
  readonly journeyPaths: readonly string[];
  readonly statePath: string;
  /** Where the sync state lives: a `postgres://` URL, or the SQLite file (`statePath` unless `--store` names another). */
  readonly store: string;
  /** Milliseconds between runs; undefined: the command line or config did not ask for one. */
  readonly intervalMs: number | undefined;
  readonly batchSize: number | undefined;
  /** Warnings about how the target was given (a secret on the command line), for the command's log. */
  readonly warnings: readonly SecretWarning[];
}

/** The flags {@link resolveRunSettings} reads, besides the target flags. */
export interface RunFlags extends TargetFlags {
  readonly config?: string | undefined;
  /** One file, or several (a journey set) where the command repeats `--journey`. */
  readonly journey?: string | readonly string[] | undefined;
  readonly state?: string | undefined;
  readonly store?: string | undefined;
  readonly interval?: string | undefined;
  readonly 'batch-size'?: string | undefined;
}

/** Parses `30s`, `5m`, `1h`, `7d` (or `250ms`) into milliseconds; `what` names the flag or key in the error. */
export function parseDuration(text: string, what: string): number {
  const match = /^(\d+)(ms|s|m|h|d)$/.exec(text.trim());
  if (!match) throw new UsageError(`${what} "${text}" is not a duration; write e.g. 30s, 5m or 1h.`);
  const unit = { ms: 1, s: 1000, m: 60_000, h: 3_600_000, d: 86_400_000 }[match[2] as 'ms' | 's' | 'm' | 'h' | 'd'];
  return Number(match[1]) * unit;
}

/** Parses a batch size from 1 to 10,000. */
function parseBatchSize(text: string, what: string): number {
  const n = Number(text);
  if (!Number.isInteger(n) || n < 1 || n > 10_000)
    throw new UsageError(`${what} takes a whole number from 1 to 10000; got "${text}".`);
  return n;
}

/**
 * Loads the config (`--config` or `crm-journey.config.yaml` in the working directory) and merges it
 * with the flags: a flag wins over the file, the file over the built-in defaults. Paths in the file
 * are relative to the file; paths on the command line to the working directory.
 *
 * @example
 * const settings = resolveRunSettings('sync', values, context);
 */
export function resolveRunSettings(
  command: string,
  flags: RunFlags,
  context: CliContext,
  env: Environment = process.env,
): RunSettings {
  const config = loadConfig(context, flags.config, env);
  const defaults = config?.config.defaults ?? {};
  const fromFile = (key: 'journey' | 'state'): string | undefined => {
    const value = defaults[key];
    return value === undefined || !config ? undefined : config.resolvePath(config.expand(['defaults', key], value));
  };
  if (defaults.journey !== undefined && defaults.journeys !== undefined)
    throw new UsageError(
      `${config?.file ?? 'crm-journey.config.yaml'}: set defaults.journey (one journey) or defaults.journeys (a set), not both.`,
    );
  const fromList = (defaults.journeys ?? []).map((value, index) =>
    config ? config.resolvePath(config.expand(['defaults', 'journeys', index], value)) : value,
  );
  const given = flags.journey === undefined ? [] : typeof flags.journey === 'string' ? [flags.journey] : flags.journey;
  const fromConfig = fromFile('journey');
  const journeyPaths = given.length > 0 ? given : fromConfig === undefined ? fromList : [fromConfig];
  const [journeyPath] = journeyPaths;
  if (journeyPath === undefined)
    throw new UsageError(
      `crm-journey ${command}: --journey is required (or set defaults.journey, or defaults.journeys for a set, in crm-journey.config.yaml).`,
    );
  const warnings: SecretWarning[] = [];
  const state = flags.state === undefined ? fromFile('state') : resolve(context.cwd, flags.state);
  const statePath = state ?? join(homedir(), '.crm-journey', 'state.sqlite');
  if (flags.store !== undefined && flags.state !== undefined)
    throw new UsageError(
      `crm-journey ${command}: give --store or --state, not both (--store takes a postgres:// URL or the state file's path).`,
    );
  if (config && defaults.store !== undefined && defaults.state !== undefined)
    throw new UsageError(
      `${config.file}: defaults.store and defaults.state both name where the state lives; keep one of them.`,
    );
  const storeFromFile =
    flags.store !== undefined || defaults.store === undefined || !config
      ? undefined
      : config.expand(['defaults', 'store'], defaults.store);
  const storeGiven =
    flags.store !== undefined
      ? isPostgresUrl(flags.store)
        ? flags.store
        : resolve(context.cwd, flags.store)
      : storeFromFile === undefined || isPostgresUrl(storeFromFile)
        ? storeFromFile
        : config?.resolvePath(storeFromFile);
  const interval =
    flags.interval === undefined
      ? defaults.interval === undefined
        ? undefined
        : parseDuration(defaults.interval, `${config?.file ?? ''} defaults.interval`)
      : parseDuration(flags.interval, `crm-journey ${command}: --interval`);
  const batchSize =
    flags['batch-size'] === undefined
      ? defaults.batchSize
      : parseBatchSize(flags['batch-size'], `crm-journey ${command}: --batch-size`);
  return {
    config,
    target: resolveTarget(
      command,
      readSecretFlags(command, flags, context, (warning) => warnings.push(warning)),
      config,
      env,
    ),
    warnings,
    journeyPath,
    journeyPaths,
    statePath: storeGiven === undefined || isPostgresUrl(storeGiven) ? statePath : storeGiven,
    store: storeGiven ?? statePath,
    intervalMs: interval,
    batchSize,
  };
}
