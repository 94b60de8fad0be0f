import { existsSync, mkdirSync, realpathSync, renameSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';
import { UsageError } from '../cli/cli-context.ts';

const real = (path: string): string => (existsSync(path) ? realpathSync(path) : path);

/**
 * Writes an output file atomically (a temporary file beside it, then a rename), so a reader never sees
 * half a file; refuses a directory and any of the run's input files (`--out` given the snapshot's path
 * would otherwise replace the data it was made from).
 */
export function writeOutputFile(
  command: string,
  path: string,
  content: string | Uint8Array,
  inputs: readonly string[],
): void {
  if (existsSync(path) && statSync(path).isDirectory())
    throw new UsageError(
      `crm-journey ${command}: --out ${path} is a directory; give a file name, e.g. ${join(path, 'map.html')}.`,
    );
  const target = real(path);
  const clash = inputs.find((input) => real(input) === target);
  if (clash !== undefined)
    throw new UsageError(
      `crm-journey ${command}: --out ${path} is an input of this run (${clash}); write the output to another file.`,
    );
  mkdirSync(dirname(path), { recursive: true });
  const temporary = join(dirname(path), `.${basename(path)}.${process.pid}.${Date.now()}.tmp`);
  try {
    writeFileSync(temporary, content);
    renameSync(temporary, path);
  } catch (error) {
    rmSync(temporary, { force: true });
    throw error;
  }
}
