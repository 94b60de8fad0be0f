import { renameSync, rmSync } from 'node:fs';

/** What {@link publishDirectory} did. */
export type PublishOutcome = 'published' | 'kept-existing';

const isCode = (error: unknown, ...codes: string[]): boolean =>
  codes.includes((error as NodeJS.ErrnoException).code ?? '');

/**
 * Puts a fully written `staging` directory at `target` with rename(2), so a reader sees no `target`, the
 * old one or the new one, never a half-written one. When another process published a complete `target`
 * first (`isComplete`), its copy stays and `staging` is removed; an incomplete `target` is moved aside
 * and replaced. Both directories must be on one file system.
 *
 * @example
 * publishDirectory(stagingDir, distDir, (dir) => existsSync(join(dir, 'bundle.js')));
 */
export function publishDirectory(
  staging: string,
  target: string,
  isComplete: (dir: string) => boolean,
): PublishOutcome {
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
    const aside = `${staging}.replaced`;
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
    } finally {
      rmSync(aside, { recursive: true, force: true });
    }
  }
  throw new Error(`Could not publish ${staging} as ${target}: other processes kept replacing it.`);
}
