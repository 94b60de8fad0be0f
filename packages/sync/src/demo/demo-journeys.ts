import { readFileSync } from 'node:fs';
import {
  checkJourneySet,
  ConnectorError,
  formatDiagnostic,
  parseSource,
  validateJourneySet,
  type Crm,
  type CrmConnector,
  type JourneySetDefinition,
  type SetMember,
} from '@crm-journey/connector';

/** The share of consumers the demo generates when a journey of the set is on contacts (B2C), else none. */
const DEMO_CONSUMER_SHARE = 0.3;

/** The consumers to generate: a share when a journey of the files is on contacts (B2C), read offline; else none. */
export function consumerShareOf(paths: readonly string[]): number {
  const { set } = validateJourneySet(paths.map((path) => ({ text: readFileSync(path, 'utf8'), file: path })));
  const contactRoot = set?.profile.customerRoots[1];
  return set?.journeys.some((journey) => journey.root === contactRoot) === true ? DEMO_CONSUMER_SHARE : 0;
}

/** Checks each journey file against the sandbox org, then the set's rules: warnings printed, errors thrown. */
export async function checkDemoJourneys(
  connector: CrmConnector,
  crm: Crm,
  paths: readonly string[],
  stdout: { write(chunk: string): unknown },
): Promise<JourneySetDefinition> {
  const members: SetMember[] = [];
  const errors: string[] = [];
  for (const path of paths) {
    const text = readFileSync(path, 'utf8');
    const checked = await connector.checkJourney(text, path);
    for (const diagnostic of checked.warnings) stdout.write(`${formatDiagnostic(diagnostic)}\n`);
    errors.push(...checked.errors.map(formatDiagnostic));
    const document = parseSource(text, path).document;
    if (checked.journey && document) members.push({ journey: checked.journey, document });
  }
  const result = errors.length === 0 ? checkJourneySet(members) : undefined;
  for (const diagnostic of result?.warnings ?? []) stdout.write(`${formatDiagnostic(diagnostic)}\n`);
  errors.push(...(result?.errors ?? []).map(formatDiagnostic));
  if (result?.set === undefined || errors.length > 0)
    throw new ConnectorError(
      'JOURNEY_INVALID',
      `${paths.join(', ')} do not fit the ${crm} sandbox:\n${errors.join('\n')}`,
      { actions: ['Fix the journey file (npm run crm-journey -- validate <file>), or leave out --journey.'] },
    );
  return result.set;
}
