import { join } from 'node:path';
import { inject } from 'vitest';

declare module 'vitest' {
  export interface ProvidedContext {
    /** The repository root, provided by the workspace's Vitest config (it owns journeys/ and fixtures/). */
    readonly repoRoot: string;
  }
}

/** A data file of the repository (`journeys/…`, `fixtures/snapshots/…`), without a path climbing out of the package. */
export function repoFile(...segments: readonly string[]): string {
  return join(inject('repoRoot'), ...segments);
}
