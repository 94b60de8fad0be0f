import { parseArgs, type ParseArgsConfig } from 'node:util';
import { UsageError } from './cli-context.ts';

/** Parses a command's flags, turning node's errors into a usage message that names the command. */
export function parseOptions<T extends NonNullable<ParseArgsConfig['options']>>(
  command: string,
  args: readonly string[],
  options: T,
  allowPositionals = false,
) {
  try {
    return parseArgs({ args: [...args], options, allowPositionals, strict: true });
  } catch (error) {
    throw new UsageError(
      `crm-journey ${command}: ${(error as Error).message}. Run \`crm-journey help\` for the usage.`,
    );
  }
}

/** The value of a required string flag. */
export function requireOption(command: string, value: string | undefined, flag: string): string {
  if (value === undefined || value === '') throw new UsageError(`crm-journey ${command}: --${flag} is required.`);
  return value;
}

/** Parses `--as-of`; default: now. */
export function parseAsOf(command: string, value: string | undefined): number {
  if (value === undefined) return Date.now();
  const at = Date.parse(value);
  if (Number.isNaN(at))
    throw new UsageError(
      `crm-journey ${command}: --as-of "${value}" is not an ISO date or date-time (e.g. 2026-11-20T12:00:00Z).`,
    );
  return at;
}
