import { readFileSync } from 'node:fs';
import { repoFile } from './repo-context.ts';

/**
 * The journey set the set tests run, as YAML texts: two journeys on Account made from the bundled B2B
 * journey, `direct` (order 1: accounts of Type "Customer - Direct") first, `pipeline` (order 2) after.
 */
export function directAndPipeline(): { readonly direct: string; readonly pipeline: string } {
  const b2b = readFileSync(repoFile('journeys', 'salesforce-b2b.yaml'), 'utf8');
  return {
    direct: b2b.replace(
      'journey: salesforce-b2b\n',
      'journey: direct\norder: 1\nentry: { Account: { Type: Customer - Direct } }\n',
    ),
    pipeline: b2b.replace('journey: salesforce-b2b\n', 'journey: pipeline\norder: 2\n'),
  };
}
