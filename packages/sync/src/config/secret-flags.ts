// Credentials on the command line are visible to every user of the machine (`ps`, /proc/<pid>/cmdline):
// each secret flag has a file twin, and using the flag itself is warned about.
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { UsageError, type CliContext } from '../cli/cli-context.ts';
import type { TargetFlags } from './crm-target.ts';

/** A warning about how a secret was given. */
export interface SecretWarning {
  readonly code: 'CJ_SECRET_ON_COMMAND_LINE';
  readonly message: string;
}

const SECRETS = [
  { flag: 'access-token', file: 'access-token-file', env: 'SF_ACCESS_TOKEN' },
  { flag: 'sugar-password', file: 'sugar-password-file', env: 'SUGAR_PASSWORD' },
] as const;

/**
 * Returns the flags with `--access-token-file` / `--sugar-password-file` read into `--access-token` /
 * `--sugar-password` (one line; a final newline is dropped), warns on stderr when a secret came as a
 * flag (to stderr, or through `warn`: a command that logs JSON lines logs it), and refuses a flag given
 * together with its file twin.
 *
 * @example
 * const target = resolveTarget('sync', readSecretFlags('sync', values, context), config);
 */
export function readSecretFlags<F extends TargetFlags>(
  command: string,
  flags: F,
  context: CliContext,
  warn: (warning: SecretWarning) => void = (warning) => {
    context.stderr.write(`warning ${warning.code}: ${warning.message}\n`);
  },
): F {
  let out = flags;
  for (const { flag, file, env } of SECRETS) {
    const path = flags[file];
    if (flags[flag] !== undefined && path !== undefined)
      throw new UsageError(`crm-journey ${command}: give --${flag} or --${file}, not both.`);
    if (flags[flag] !== undefined)
      warn({
        code: 'CJ_SECRET_ON_COMMAND_LINE',
        message: `--${flag} is visible to every user of this machine (ps); use --${file} <file> or ${env} instead.`,
      });
    if (path === undefined) continue;
    const absolute = resolve(context.cwd, path);
    let text: string;
    try {
      text = readFileSync(absolute, 'utf8');
    } catch (error) {
      throw new UsageError(
        `crm-journey ${command}: --${file} ${absolute} cannot be read (${(error as NodeJS.ErrnoException).code ?? 'error'}); check the path and its permissions.`,
      );
    }
    const value = text.replace(/\r?\n$/, '');
    if (value === '' || /[\r\n]/.test(value))
      throw new UsageError(`crm-journey ${command}: --${file} ${absolute} must hold the secret alone, on one line.`);
    out = { ...out, [flag]: value };
  }
  return out;
}
