// Whether a built dist/ still matches its sources: a bundle older than any source file it is built from
// is stale (a pull or a branch switch changed the panel), and is built again rather than served.
import { readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';

/** The newest modification time (ms) of the files below `dir`, skipping tests; 0 when there are none. */
function newestSourceTime(dir: string): number {
  let newest = 0;
  for (const entry of readdirSync(dir, { withFileTypes: true, recursive: true })) {
    if (!entry.isFile() || entry.name.endsWith('.test.ts')) continue;
    newest = Math.max(newest, statSync(join(entry.parentPath, entry.name)).mtimeMs);
  }
  return newest;
}

/**
 * True when every file in `built` exists and is at least as new as every source file below `sources`.
 *
 * @example
 * isBuildCurrent(['dist/a.js'], ['src']); // false after an edit of src/x.ts
 */
export function isBuildCurrent(built: readonly string[], sources: readonly string[]): boolean {
  let oldestBuilt = Number.POSITIVE_INFINITY;
  for (const file of built) {
    try {
      oldestBuilt = Math.min(oldestBuilt, statSync(file).mtimeMs);
    } catch {
      return false;
    }
  }
  return sources.every((dir) => newestSourceTime(dir) <= oldestBuilt);
}
