import { spawn } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterEach, describe, expect, it } from 'vitest';
import { publishDirectory } from './publish-directory.ts';

const FILES = ['a.js', 'b.js', 'c.js'];
const complete = (dir: string): boolean => FILES.every((file) => existsSync(join(dir, file)));

function stage(root: string, text: string): string {
  const dir = mkdtempSync(join(root, 'staging-'));
  for (const file of FILES) writeFileSync(join(dir, file), text);
  return dir;
}

const roots: string[] = [];
const tempRoot = (prefix: string): string => {
  const root = mkdtempSync(join(tmpdir(), prefix));
  roots.push(root);
  return root;
};
afterEach(() => {
  for (const root of roots.splice(0)) rmSync(root, { recursive: true, force: true });
});

describe('publishDirectory', () => {
  it('publishes into a missing target, replaces an incomplete one and keeps a complete one', () => {
    const root = tempRoot('cj-publish-');
    const target = join(root, 'dist');
    expect(publishDirectory(stage(root, 'one'), target, complete)).toBe('published');
    expect(readFileSync(join(target, 'a.js'), 'utf8')).toBe('one');

    const second = stage(root, 'two');
    expect(publishDirectory(second, target, complete)).toBe('kept-existing');
    expect(existsSync(second)).toBe(false);
    expect(readFileSync(join(target, 'a.js'), 'utf8')).toBe('one');

    const incomplete = join(root, 'half');
    mkdirSync(incomplete);
    writeFileSync(join(incomplete, 'a.js'), 'half');
    const other = join(root, 'other');
    publishDirectory(incomplete, other, complete);
    expect(publishDirectory(stage(root, 'three'), other, complete)).toBe('published');
    expect(readdirSync(other).sort()).toEqual(FILES);
    // The replaced directory stays for readers still in it, and a later publish removes it once old.
    expect(readdirSync(root).filter((name) => name.includes('replaced'))).toHaveLength(1);
    publishDirectory(stage(root, 'four'), other, complete, { replacedMaxAgeMs: 0 });
    expect(readdirSync(root).filter((name) => name.includes('replaced'))).toEqual([]);
  });

  it('never shows a reader a half-written directory while two processes keep replacing it', async () => {
    const root = tempRoot('cj-publish-race-');
    const target = join(root, 'dist');
    const module = fileURLToPath(new URL('./publish-directory.ts', import.meta.url));
    // Each writer replaces the target 40 times (it never counts as complete), with 64 KB files that end
    // in a marker, so a torn read or a partial listing would show.
    const writer = `
      import { mkdtempSync, writeFileSync } from 'node:fs';
      import { join } from 'node:path';
      import { publishDirectory } from ${JSON.stringify(module)};
      for (let i = 0; i < 40; i++) {
        const dir = mkdtempSync(join(${JSON.stringify(root)}, 'staging-'));
        for (const file of ${JSON.stringify(FILES)}) writeFileSync(join(dir, file), 'x'.repeat(65536) + 'END');
        publishDirectory(dir, ${JSON.stringify(target)}, () => false);
      }`;
    const run = (): Promise<number | null> =>
      new Promise((resolveExit) => {
        const child = spawn(
          process.execPath,
          ['--disable-warning=ExperimentalWarning', '--input-type=module', '-e', writer],
          { stdio: ['ignore', 'ignore', 'inherit'] },
        );
        child.on('exit', resolveExit);
      });
    const writers = Promise.all([run(), run()]);
    const state = { done: false };
    void writers.then(() => (state.done = true));
    const seen = { listings: 0, reads: 0, bad: [] as string[] };
    while (!state.done) {
      let names: string[];
      try {
        names = readdirSync(target).sort();
      } catch {
        await new Promise((resolve) => setImmediate(resolve));
        continue;
      }
      seen.listings++;
      if (names.join() !== FILES.join()) seen.bad.push(`listing ${names.join()}`);
      for (const file of names) {
        try {
          const text = readFileSync(join(target, file), 'utf8');
          seen.reads++;
          if (text.length !== 65539 || !text.endsWith('END')) seen.bad.push(`${file}: ${text.length} chars`);
        } catch (error) {
          // Swapped away between the listing and the read: gone, not torn.
          if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error;
        }
      }
      await new Promise((resolve) => setImmediate(resolve));
    }
    expect(await writers).toEqual([0, 0]);
    expect(seen.bad).toEqual([]);
    expect(seen.listings).toBeGreaterThan(0);
    expect(readdirSync(target).sort()).toEqual(FILES);
  });
});
