import { existsSync } from 'node:fs';
import { dirname, isAbsolute, relative, resolve } from 'node:path';
import { formatDiagnostic, formatPath, type SourceDocument } from '@crm-journey/connector';
import type { CliContext } from '../cli/cli-context.ts';
import { UsageError } from '../cli/cli-context.ts';
import { readInputFile } from '../cli/load-files.ts';
import { CONFIG_FILE_NAME, parseConfigFile, type CrmJourneyConfig } from './config-file.ts';

/** A config file that was found and validated, with what it takes to resolve its values. */
export interface LoadedConfig {
  /** The file as the user would name it (relative to the working directory when inside it). */
  readonly file: string;
  readonly config: CrmJourneyConfig;
  /** A string value with its `${ENV_VAR}` references replaced; `path` is where it sits in the file. */
  expand(path: readonly (string | number)[], value: string): string;
  /** A path written in the file, taken relative to the file's directory. */
  resolvePath(value: string): string;
}

/** Environment variables as the config sees them (tests pass their own). */
export type Environment = Readonly<Record<string, string | undefined>>;

function expandReferences(
  document: SourceDocument,
  file: string,
  env: Environment,
  path: readonly (string | number)[],
  value: string,
): string {
  return value.replace(/\$\{([A-Za-z_][A-Za-z0-9_]*)\}/g, (_match, name: string) => {
    const found = env[name];
    if (found !== undefined && found !== '') return found;
    const { line, column } = document.locate(path);
    throw new UsageError(
      `${file}:${line}:${column} error missing-env ${formatPath(path)}: the environment variable ${name} is not set. Set it (export ${name}=...) or write the value in the file.`,
    );
  });
}

/**
 * Finds and loads the config: `--config <path>` (which must exist), else `crm-journey.config.yaml` in
 * the working directory, else none. Warnings are printed; errors are printed and end the command.
 *
 * @example
 * const loaded = loadConfig(context, values.config);
 */
export function loadConfig(
  context: CliContext,
  explicitPath: string | undefined,
  env: Environment = process.env,
): LoadedConfig | undefined {
  const absolute = resolve(context.cwd, explicitPath ?? CONFIG_FILE_NAME);
  if (explicitPath === undefined && !existsSync(absolute)) return undefined;
  const shown = relative(context.cwd, absolute);
  const file = shown.startsWith('..') || isAbsolute(shown) ? absolute : shown;
  const text = readInputFile(context, absolute, 'config file');
  const { config, document, errors, warnings } = parseConfigFile(text, file);
  for (const diagnostic of [...errors, ...warnings]) context.stderr.write(`${formatDiagnostic(diagnostic)}\n`);
  if (!config || !document)
    throw new UsageError(
      `The config file ${file} has ${errors.length} error${errors.length === 1 ? '' : 's'} (above); nothing was run. Fix them, or give another file with --config.`,
    );
  return {
    file,
    config,
    expand: (path, value) => expandReferences(document, file, env, path, value),
    resolvePath: (value) => resolve(dirname(absolute), value),
  };
}
