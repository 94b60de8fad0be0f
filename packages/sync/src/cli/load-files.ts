import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import {
  ConnectorError,
  formatDiagnostic,
  validateJourney,
  type Diagnostic,
  type JourneyDefinition,
} from '@crm-journey/connector';
import type { CliContext } from './cli-context.ts';

/** The error for an input file that cannot be read, naming the file and what to check. */
export function unreadable(context: CliContext, path: string, what: string, error: unknown): ConnectorError {
  const code = (error as NodeJS.ErrnoException).code;
  return new ConnectorError(
    'INPUT_UNREADABLE',
    `Cannot read the ${what} ${path}: ${code === 'ENOENT' ? 'no such file' : code === 'EISDIR' ? 'it is a directory' : (error as Error).message}.`,
    {
      actions: [`Check the path (relative paths start at ${context.cwd}).`],
    },
  );
}

/** Reads a text file named on the command line, with an error that names it. */
export function readInputFile(context: CliContext, path: string, what: string): string {
  const absolute = resolve(context.cwd, path);
  try {
    return readFileSync(absolute, 'utf8');
  } catch (error) {
    throw unreadable(context, path, what, error);
  }
}

/** Prints diagnostics, warnings last so the errors stay visible. */
export function printDiagnostics(
  context: CliContext,
  errors: readonly Diagnostic[],
  warnings: readonly Diagnostic[],
): void {
  for (const diagnostic of [...errors, ...warnings]) context.stderr.write(`${formatDiagnostic(diagnostic)}\n`);
}

/** Loads and validates a journey; prints its diagnostics and throws JOURNEY_INVALID when it has errors. */
export function loadJourney(context: CliContext, path: string): JourneyDefinition {
  const { errors, warnings, journey } = validateJourney(readInputFile(context, path, 'journey file'), path);
  if (!journey) {
    printDiagnostics(context, errors, warnings);
    throw new ConnectorError(
      'JOURNEY_INVALID',
      `Journey file ${path} has ${errors.length} error${errors.length === 1 ? '' : 's'}; nothing was evaluated.`,
      {
        actions: [`Fix the errors above; \`crm-journey validate ${path}\` checks the file on its own.`],
      },
    );
  }
  return journey;
}

/** Loads the journeys named with --journey; each must be for `crm` (`command` is the other CRM's command). */
export function loadJourneysFor(
  context: CliContext,
  paths: readonly string[],
  crm: 'salesforce' | 'sugarcrm',
  command: string,
): JourneyDefinition[] {
  return paths.map((path) => {
    const journey = loadJourney(context, path);
    if (journey.profile.crm !== crm) {
      throw new ConnectorError('JOURNEY_INVALID', `Journey file ${path} is for ${journey.profile.crm}, not ${crm}.`, {
        actions: [`Name a ${crm} journey, or run \`crm-journey ${command}\` for the other CRM.`],
      });
    }
    return journey;
  });
}
