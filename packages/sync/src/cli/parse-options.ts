import { UsageError } from './cli-context.ts';

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
