import {
  ConnectorError,
  singleJourneySet,
  validateJourneySet,
  type JourneySetDefinition,
} from '@crm-journey/connector';
import type { CliContext } from './cli-context.ts';
import { UsageError } from './cli-context.ts';
import { loadJourney, printDiagnostics, readInputFile } from './load-files.ts';

/**
 * Loads the journey files given with (repeated) `--journey`: one file is a set of one (validated as
 * before); several are validated as a set. Prints the diagnostics and throws JOURNEY_INVALID on errors.
 *
 * @example
 * const set = loadJourneySet(context, values.journey ?? [], 'evaluate');
 */
export function loadJourneySet(context: CliContext, paths: readonly string[], command: string): JourneySetDefinition {
  const [first] = paths;
  if (first === undefined) throw new UsageError(`crm-journey ${command}: --journey <file> is required.`);
  if (paths.length === 1) return singleJourneySet(loadJourney(context, first));
  const files = paths.map((file) => ({ text: readInputFile(context, file, 'journey file'), file }));
  const { errors, warnings, set } = validateJourneySet(files);
  printDiagnostics(context, errors, warnings);
  if (!set)
    throw new ConnectorError(
      'JOURNEY_INVALID',
      `The journey set ${paths.join(', ')} has ${errors.length} error${errors.length === 1 ? '' : 's'}; nothing was evaluated.`,
      { actions: [`Fix the errors above; \`crm-journey validate ${paths.join(' ')}\` checks the set on its own.`] },
    );
  return set;
}
