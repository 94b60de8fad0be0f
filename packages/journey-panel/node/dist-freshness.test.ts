import { mkdirSync, mkdtempSync, rmSync, utimesSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { isBuildCurrent } from './dist-freshness.ts';

const dirs: string[] = [];
afterEach(() => {
  for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
});

function tree(): { bundle: string; source: string; src: string } {
  const root = mkdtempSync(join(tmpdir(), 'cj-dist-freshness-'));
  dirs.push(root);
  mkdirSync(join(root, 'src', 'deep'), { recursive: true });
  const source = join(root, 'src', 'deep', 'panel.ts');
  const bundle = join(root, 'bundle.js');
  writeFileSync(source, 'export {};');
  writeFileSync(bundle, '');
  return { bundle, source, src: join(root, 'src') };
}

describe('isBuildCurrent', () => {
  it('is current when the bundle is newer than every source, stale after a source edit', () => {
    const { bundle, source, src } = tree();
    utimesSync(source, new Date(1_000_000), new Date(1_000_000));
    utimesSync(bundle, new Date(2_000_000), new Date(2_000_000));
    expect(isBuildCurrent([bundle], [src])).toBe(true);
    utimesSync(source, new Date(3_000_000), new Date(3_000_000));
    expect(isBuildCurrent([bundle], [src])).toBe(false);
  });

  it('is stale when a bundle is missing, and ignores test files', () => {
    const { bundle, source, src } = tree();
    utimesSync(source, new Date(1_000_000), new Date(1_000_000));
    utimesSync(bundle, new Date(2_000_000), new Date(2_000_000));
    const test = join(src, 'panel.test.ts');
    writeFileSync(test, '');
    utimesSync(test, new Date(9_000_000), new Date(9_000_000));
    expect(isBuildCurrent([bundle], [src])).toBe(true);
    expect(isBuildCurrent([`${bundle}.missing`], [src])).toBe(false);
  });
});
