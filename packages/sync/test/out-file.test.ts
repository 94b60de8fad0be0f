import {
  copyFileSync,
  linkSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
  statSync,
  symlinkSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { repoFile } from './repo-context.ts';
import { runCliInProcess } from './run-cli-in-process.ts';

// `--out` of report, map and schema: written atomically, never over an input of the run, a directory or
// through a symbolic link; every refusal is one clear line, exit code 2, and nothing is replaced.

const dir = mkdtempSync(join(tmpdir(), 'crm-journey-out-'));
afterAll(() => {
  rmSync(dir, { recursive: true, force: true });
});
const journey = join(dir, 'journey.yaml');
const records = join(dir, 'records.json');
copyFileSync(repoFile('journeys/salesforce-b2b.yaml'), journey);
copyFileSync(repoFile('fixtures/snapshots/salesforce-b2b.json'), records);
const journeyText = readFileSync(journey, 'utf8');
const recordsText = readFileSync(records, 'utf8');

const asOf = ['--as-of', '2026-11-20T12:00:00Z'];
const commands = {
  report: (out: string) => ['report', '--journey', journey, '--records', records, ...asOf, '--out', out],
  map: (out: string) => ['map', '--journey', journey, '--records', records, ...asOf, '--out', out],
  schema: (out: string) => ['schema', '--out', out],
} as const;
const run = (args: readonly string[]) => runCliInProcess(args, dir);

/** A refusal: exit code 2, one line naming the flag and the path, no stack trace. */
function expectRefusal(result: { code: number; stderr: string }, out: string, why: RegExp): void {
  expect(result.code).toBe(2);
  expect(result.stderr).toContain(`--out ${out}`);
  expect(result.stderr).toMatch(why);
  expect(result.stderr).not.toMatch(/\n\s+at /);
}

describe.each(Object.entries(commands))('%s --out', (name, args) => {
  const out = (file: string): string => join(dir, `${name}-${file}`);

  it('replaces an existing file by a rename, leaving no temporary file behind', async () => {
    const path = out('replaced.html');
    writeFileSync(path, 'old');
    const before = statSync(path).ino;
    const result = await run(args(path));
    expect(result.code, result.stderr).toBe(0);
    expect(readFileSync(path, 'utf8')).not.toBe('old');
    expect(statSync(path).ino).not.toBe(before);
    expect(readdirSync(dir).filter((entry) => entry.endsWith('.tmp'))).toEqual([]);
  });

  it('refuses a directory', async () => {
    const path = out('directory');
    mkdirSync(path);
    expectRefusal(await run(args(path)), path, /is a directory; give a file name/);
  });

  it('refuses a symbolic link, naming where it points, and leaves its target alone', async () => {
    const target = out('target.txt');
    const link = out('link.html');
    writeFileSync(target, 'keep');
    symlinkSync(target, link);
    expectRefusal(await run(args(link)), link, new RegExp(`is a symbolic link \\(to ${target}\\)`));
    expect(readFileSync(target, 'utf8')).toBe('keep');
  });

  it('says why it cannot write, without a stack trace', async () => {
    const file = out('a-file');
    writeFileSync(file, 'x');
    const path = join(file, 'below.html');
    const result = await run(args(path));
    expect(result.code).toBe(2);
    expect(result.stderr).toMatch(/cannot write --out .*a part of the path is a file, not a directory/);
    expect(result.stderr).not.toMatch(/\n\s+at /);
  });
});

describe.each(['report', 'map'] as const)('%s --out over an input of the run', (name) => {
  it.each([
    ['--journey', journey, journeyText],
    ['--records', records, recordsText],
  ])('refuses %s, and leaves it intact', async (_flag, input, text) => {
    expectRefusal(await run(commands[name](input)), input, /is an input of this run/);
    expect(readFileSync(input, 'utf8')).toBe(text);
  });

  it('refuses a hard link of an input, and the config file', async () => {
    const hard = join(dir, `${name}-hard-link.json`);
    linkSync(records, hard);
    expectRefusal(await run(commands[name](hard)), hard, /is an input of this run/);
    const config = join(dir, `${name}.config.yaml`);
    writeFileSync(config, 'targets: {}\n');
    expectRefusal(await run([...commands[name](config), '--config', config]), config, /is an input of this run/);
    expect(readFileSync(records, 'utf8')).toBe(recordsText);
  });

  it('checks --out before it connects to the CRM', async () => {
    const path = join(dir, `${name}-before-crm`);
    mkdirSync(path);
    const flags = ['--instance-url', 'http://127.0.0.1:9', '--access-token', 'token'];
    const result = await run([name, '--journey', journey, ...flags, '--out', path]);
    expectRefusal(result, path, /is a directory/);
  });
});

describe('report --out with a journey set', () => {
  it("refuses when one journey's file would be written through a link, before reading", async () => {
    const set = (id: string, order: number, entry: string): string => {
      const path = join(dir, `${id}.yaml`);
      const text = journeyText
        .replace(/^journey: .*$/m, `journey: ${id}`)
        .replace(/^name: .*$/m, `name: ${id}\norder: ${order}${entry}`);
      writeFileSync(path, text);
      return path;
    };
    const first = set('first', 1, '\nentry: { Opportunity: {} }');
    const second = set('second', 2, '');
    const clash = join(dir, 'set-second.html');
    symlinkSync(second, clash);
    const result = await run([
      'report',
      '--journey',
      first,
      '--journey',
      second,
      '--records',
      records,
      ...asOf,
      '--out',
      join(dir, 'set.html'),
    ]);
    expectRefusal(result, clash, /is a symbolic link/);
    expect(readFileSync(second, 'utf8')).toContain('journey: second');
    expect(readdirSync(dir)).not.toContain('set-first.html');
  });
});
