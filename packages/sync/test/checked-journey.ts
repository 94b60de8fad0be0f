import { readFileSync } from 'node:fs';
import type { CrmConnector, JourneyDefinition } from '@crm-journey/connector';
import { repoFile } from './repo-context.ts';

/** A bundled journey (`journeys/<file>`) as `connector` checks it against its org; throws when it does not fit. */
export async function checkedJourney(connector: CrmConnector, file: string): Promise<JourneyDefinition> {
  const path = repoFile('journeys', file);
  const result = await connector.checkJourney(readFileSync(path, 'utf8'), path);
  if (!result.journey) throw new Error(`${file} does not fit the sandbox`);
  return result.journey;
}
