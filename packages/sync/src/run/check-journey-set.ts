import {
  checkJourneySet,
  formatDiagnostic,
  parseSource,
  type CrmConnector,
  type JourneySetDefinition,
  type SetMember,
} from '@crm-journey/connector';
import type { CliContext } from '../cli/cli-context.ts';
import { readInputFile } from '../cli/load-files.ts';

/**
 * Checks every journey file of a set against the org (`checkJourney`), then the set's rules, printing
 * each finding on stderr; undefined (after an `error JOURNEY_INVALID` line) when any has errors.
 *
 * @example
 * const set = await checkJourneySetWithOrg(connector, context, ['b2b.yaml', 'b2c.yaml'], target, 'synced');
 */
export async function checkJourneySetWithOrg(
  connector: CrmConnector,
  context: CliContext,
  paths: readonly string[],
  target: string,
  nothing: string,
): Promise<JourneySetDefinition | undefined> {
  const members: SetMember[] = [];
  let failed = false;
  for (const path of paths) {
    const text = readInputFile(context, path, 'journey file');
    const checked = await connector.checkJourney(text, path);
    for (const diagnostic of [...checked.errors, ...checked.warnings])
      context.stderr.write(`${formatDiagnostic(diagnostic)}\n`);
    const document = parseSource(text, path).document;
    if (!checked.journey || !document) {
      context.stderr.write(`error JOURNEY_INVALID: ${path} does not fit ${target}; nothing was ${nothing}.\n`);
      failed = true;
    } else members.push({ journey: checked.journey, document });
  }
  if (failed) return undefined;
  const { errors, warnings, set } = checkJourneySet(members);
  for (const diagnostic of [...errors, ...warnings]) context.stderr.write(`${formatDiagnostic(diagnostic)}\n`);
  if (!set)
    context.stderr.write(
      `error JOURNEY_INVALID: the journeys ${paths.join(', ')} do not form a set; nothing was ${nothing}.\n`,
    );
  return set;
}
