import { readdirSync, renameSync, rmSync, statSync } from 'node:fs';
import { dirname, join } from 'node:path';

/** What {@link publishDirectory} did. */
export type PublishOutcome = 'published' | 'kept-existing';

/** Options for {@link publishDirectory}. */
export interface PublishOptions {
  /**
   * How long a replaced directory stays beside the staging directories before a later publish removes
   * it; default 60 s. A reader that opened the old directory just before the swap finishes with it
   * whole instead of watching it being emptied.
   */
  readonly replacedMaxAgeMs?: number;
}

const REPLACED_SUFFIX = '.replaced';

const isCode = (error: unknown, ...codes: string[]): boolean =>
  codes.includes((error as NodeJS.ErrnoException).code ?? '');

/** Removes directories replaced by earlier publishes once they are old enough that no reader is left in them. */
function sweepReplaced(dir: string, maxAgeMs: number): void {
  const now = Date.now();
  for (const name of readdirSync(dir)) {
    if (!name.endsWith(REPLACED_SUFFIX)) continue;
    const path = join(dir, name);
    try {
      if (now - statSync(path).mtimeMs >= maxAgeMs) rmSync(path, { recursive: true, force: true });
    } catch (error) {
      // Another publisher swept it first.
      if (!isCode(error, 'ENOENT')) throw error;
    }
  }
}

/**
 * Puts a fully written `staging` directory at `target` with rename(2), so a reader sees no `target`, the
 * old one or the new one, never a half-written one. When another process published a complete `target`
 * first (`isComplete`), its copy stays and `staging` is removed; an incomplete `target` is moved aside
 * (next to `staging`, removed by a later publish once it is old) and replaced. Both directories must be
 * on one file system.
 *
 * @example
 * publishDirectory(stagingDir, distDir, (dir) => existsSync(join(dir, 'bundle.js')));
 */
export function publishDirectory(
  staging: string,
  target: string,
  isComplete: (dir: string) => boolean,
  options: PublishOptions = {},
): PublishOutcome {
  const outcome = publish(staging, target, isComplete);
  sweepReplaced(dirname(staging), options.replacedMaxAgeMs ?? 60_000);
  return outcome;
}

function publish(staging: string, target: string, isComplete: (dir: string) => boolean): PublishOutcome {
  // Each attempt loses at most one race to another publisher; a few are plenty.
  for (let attempt = 0; attempt < 5; attempt++) {
    try {
      renameSync(staging, target);
      return 'published';
    } catch (error) {
      if (!isCode(error, 'ENOTEMPTY', 'EEXIST')) throw error;
    }
    if (isComplete(target)) {
      rmSync(staging, { recursive: true, force: true });
      return 'kept-existing';
    }
    const aside = `${staging}.${attempt}${REPLACED_SUFFIX}`;
    try {
      renameSync(target, aside);
    } catch (error) {
      // Another publisher moved it aside first: try again from the top.
      if (isCode(error, 'ENOENT')) continue;
      throw error;
    }
    try {
      renameSync(staging, target);
      return 'published';
    } catch (error) {
      if (!isCode(error, 'ENOTEMPTY', 'EEXIST')) throw error;
    }
  }
  throw new Error(`Could not publish ${staging} as ${target}: other processes kept replacing it.`);
}
