// A copy of the sources the campaign's `crm-journey sync` processes run, taken when it starts: the
// campaign then measures one version of the code, even while the working tree is being edited.
import { cpSync, mkdirSync, mkdtempSync, rmSync, symlinkSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/** A copy of the repository's sources; `root` is used in place of the repository's root. */
export interface SourceSnapshot {
  readonly root: string;
  remove(): void;
}

/**
 * Copies package.json, the tsconfigs, `packages/`, `fixtures/` and `journeys/` (with the packages'
 * `node_modules` symlinks as they are) to a temporary directory, and links its `node_modules/.pnpm`
 * to the repository's, so third-party modules resolve to the installed ones.
 *
 * @example
 * const snapshot = snapshotSources('/work/main');
 */
export function snapshotSources(repository: string): SourceSnapshot {
  const root = mkdtempSync(join(tmpdir(), 'cj-sources-'));
  for (const entry of ['package.json', 'tsconfig.json', 'tsconfig.base.json', 'packages', 'fixtures', 'journeys'])
    cpSync(join(repository, entry), join(root, entry), { recursive: true, verbatimSymlinks: true });
  mkdirSync(join(root, 'node_modules'));
  symlinkSync(join(repository, 'node_modules', '.pnpm'), join(root, 'node_modules', '.pnpm'));
  return {
    root,
    remove: () => {
      rmSync(root, { recursive: true, force: true });
    },
  };
}
