import { resolve } from 'node:path';

// Every flag through which a command reads a file; an output may replace none of them.
const INPUT_FLAGS = [
  'journey',
  'records',
  'compare-journey',
  'config',
  'state',
  'access-token-file',
  'sugar-password-file',
] as const;

/** Absolute paths of the files a run reads (its input flags, and the default config file), for `checkOutputPath`. */
export function runInputPaths(cwd: string, values: Readonly<Record<string, unknown>>): string[] {
  const paths = [resolve(cwd, 'crm-journey.config.yaml')];
  for (const flag of INPUT_FLAGS) {
    const value = values[flag];
    for (const item of Array.isArray(value) ? value : [value])
      if (typeof item === 'string') paths.push(resolve(cwd, item));
  }
  return paths;
}
