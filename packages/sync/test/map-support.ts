// Shared by the journey-map tests: journey files with hostile consultant text and a future version.
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse, stringify } from 'yaml';
import { journeyFile } from './report-support.ts';

/** Text as an attacker would type it into the CRM or a journey file. */
export const HOSTILE = '</script><script>window.pwned=1</script><img src=x onerror="window.pwned=2"><!--';

interface StageYaml {
  id: string;
  goal?: string;
  mindset?: string;
  targetDays?: number;
}

/** Writes the bundled journey with a hostile goal on Awareness, and a "future" version with a 7-day Awareness target. */
export function writeJourneys(dir: string): { current: string; future: string } {
  const source = parse(readFileSync(journeyFile, 'utf8')) as { stages: StageYaml[]; revision?: number };
  const awareness = source.stages.find((stage) => stage.id === 'awareness');
  if (!awareness) throw new Error('no awareness stage');
  awareness.goal = `${HOSTILE} ${awareness.goal ?? ''}`;
  const current = join(dir, 'current.yaml');
  writeFileSync(current, stringify(source));
  awareness.targetDays = 7;
  source.revision = (source.revision ?? 1) + 1;
  const future = join(dir, 'future.yaml');
  writeFileSync(future, stringify(source));
  return { current, future };
}
