import { join } from 'node:path';
import { inject } from 'vitest';

declare module 'vitest' {
  export interface ProvidedContext {
    /** The repository root, provided by the workspace's Vitest config (it owns journeys/ and fixtures/). */
    readonly repoRoot: string;
    /** How the workspace starts Chromium (`chromium-launch.ts` at the root). */
    readonly chromiumLaunch: { readonly executablePath: string; readonly args: string[] };
  }
}

/** The repository root: where the CLI runs, with journeys/ and fixtures/ (no path climbing out of the package). */
export const repoRoot = (): string => inject('repoRoot');

/** A data file of the repository (`journeys/…`, `fixtures/snapshots/…`). */
export function repoFile(...segments: readonly string[]): string {
  return join(inject('repoRoot'), ...segments);
}

/** The workspace's Chromium launch options, for playwright's `chromium.launch`. */
export function chromiumLaunchOptions(): { executablePath: string; args: string[] } {
  const { executablePath, args } = inject('chromiumLaunch');
  return { executablePath, args: [...args] };
}
