import { existsSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { validateJourney } from '@crm-journey/connector';
import { generatePopulation, startSalesforceSandbox, toSalesforceRecords, type Sandbox } from '@crm-journey/sandbox';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCliInProcess } from './run-cli-in-process.ts';
import { repoRoot } from './repo-context.ts';
import { testTempDir } from './temp-dir.ts';

// The bad-input corpus of docs/reliability.md, through the CLI's own code path: every malformed
// journey file and snapshot is refused with exit 1 and a message that names where and what to do;
// nothing crashes and nothing is written.
const root = repoRoot();
const corpus = join(root, 'reliability', 'corpus');
const journeysDir = join(corpus, 'journeys');
const snapshotsDir = join(corpus, 'snapshots');
const expectedJourneys = JSON.parse(readFileSync(join(journeysDir, 'expected.json'), 'utf8')) as Record<
  string,
  { line: number; column: number; rule: string }
>;
const expectedSnapshots = JSON.parse(readFileSync(join(snapshotsDir, 'expected.json'), 'utf8')) as Record<
  string,
  { mentions: string[] }
>;
const b2bJourney = join(root, 'journeys', 'salesforce-b2b.yaml');
const goodSnapshot = join(root, 'fixtures', 'snapshots', 'salesforce-b2b.json');
const asOf = '2026-11-20T12:00:00Z';

/** A fresh, empty working directory: whatever a command writes shows up in it. */
const emptyDir = (): string => testTempDir('cj-corpus-');

/** No stack trace, no raw dependency error. */
function expectNoCrashText(output: string): void {
  expect(output).not.toMatch(/^\s+at .+:\d+:\d+\)?$/m);
  expect(output).not.toMatch(/TypeError|RangeError|ReferenceError|SyntaxError: Unexpected/);
}

const journeyFiles = readdirSync(journeysDir).filter((name) => name !== 'expected.json');
const snapshotFiles = readdirSync(snapshotsDir).filter((name) => name !== 'expected.json');

describe('the malformed journey corpus', () => {
  it('has at least 60 files, each with its expected location', () => {
    expect(journeyFiles.length).toBeGreaterThanOrEqual(60);
    expect(Object.keys(expectedJourneys).sort()).toEqual([...journeyFiles].sort());
  });

  it.each(journeyFiles)('%s: validate and evaluate exit 1 naming file:line:col, the rule and a fix', async (name) => {
    const want = expectedJourneys[name];
    if (!want) throw new Error(`no expectation for ${name}`);
    const file = join(journeysDir, name);
    const { errors } = validateJourney(readFileSync(file, 'utf8'), file);
    const diagnostic = errors.find(
      (d) => d.rule === want.rule && d.location.line === want.line && d.location.column === want.column,
    );
    expect(diagnostic, JSON.stringify(errors.slice(0, 3))).toBeDefined();
    expect(diagnostic?.fix?.length ?? 0).toBeGreaterThan(5);
    const at = `${file}:${String(want.line)}:${String(want.column)} error ${want.rule}`;

    const cwd = emptyDir();
    const validate = await runCliInProcess(['validate', file], cwd);
    expect(validate.code).toBe(1);
    expect(validate.stderr).toContain(at);
    const evaluate = await runCliInProcess(
      ['evaluate', '--journey', file, '--records', goodSnapshot, '--as-of', asOf],
      cwd,
    );
    expect(evaluate.code).toBe(1);
    expect(evaluate.stderr).toContain(at);
    expect(evaluate.stderr).toContain('nothing was evaluated');
    expect(evaluate.stdout).toBe('');
    expectNoCrashText(validate.stderr + evaluate.stderr);
    expect(readdirSync(cwd)).toEqual([]);
  });

  it('refuses a file over 2 MB before parsing it, at 1:1', async () => {
    const cwd = emptyDir();
    const base = readFileSync(join(root, 'journeys', 'salesforce-b2b.yaml'), 'utf8');
    writeFileSync(join(cwd, 'huge.yaml'), `${base}\n${'# padding padding padding padding padding\n'.repeat(60_000)}`);
    const { code, stderr } = await runCliInProcess(['validate', 'huge.yaml'], cwd);
    expect(code).toBe(1);
    expect(stderr).toMatch(/^huge\.yaml:1:1 error file-too-large .*limit is 2000000\. Split the journey/m);
  });

  it('finds a typo on the last line of a 1.5 MB journey with 600 stages', async () => {
    const cwd = emptyDir();
    const stage = (n: number): string =>
      `  - id: s${String(n)}\n    label: Stage ${String(n)}\n    description: ${'x'.repeat(2400)}\n    when:\n      Opportunity: { Amount: { $gte: ${String(n)} } }\n`;
    const stages = Array.from({ length: 600 }, (_, n) => stage(n)).join('');
    const text = `journey: huge\nname: Huge\ncrm: salesforce\ncustomer: { root: Account }\nstages:\n${stages}  - id: last\n    label: Last\n    when:\n      Opportunity: { Amont: 1 }\n`;
    expect(text.length).toBeGreaterThan(1_400_000);
    writeFileSync(join(cwd, 'big.yaml'), text);
    const lines = text.split('\n').length - 1;
    const { code, stderr } = await runCliInProcess(['validate', 'big.yaml'], cwd);
    expect(code).toBe(1);
    expect(stderr).toContain(`big.yaml:${String(lines)}:22 error unknown-field stages[600].when.Opportunity.Amont`);
  });
});

describe('the malformed snapshot corpus', () => {
  it('has at least 30 files, each with what its error must name', () => {
    expect(snapshotFiles.length).toBeGreaterThanOrEqual(30);
    expect(Object.keys(expectedSnapshots).sort()).toEqual([...snapshotFiles].sort());
  });

  it.each(snapshotFiles)('%s: evaluate exits 1 naming the file, the record and field, and a fix', async (name) => {
    const file = join(snapshotsDir, name);
    const cwd = emptyDir();
    const { code, stdout, stderr } = await runCliInProcess(
      ['evaluate', '--journey', b2bJourney, '--records', file, '--as-of', asOf],
      cwd,
    );
    expect(code).toBe(1);
    expect(stdout).toBe('');
    expect(stderr).toContain(`error SNAPSHOT_INVALID: Snapshot ${file}`);
    for (const mention of expectedSnapshots[name]?.mentions ?? []) expect(stderr).toContain(mention);
    expect(stderr).toMatch(/\n {2}-> \S/);
    expectNoCrashText(stderr);
    expect(readdirSync(cwd)).toEqual([]);
  });

  it('names the last of 20,000 records of a large snapshot', async () => {
    const cwd = emptyDir();
    const accounts = Array.from({ length: 20_000 }, (_, n) => ({
      Id: `001${String(n).padStart(12, '0')}AAA`,
      Name: `Customer ${String(n)}`,
      CreatedDate: n === 19_999 ? 'soon' : '2026-08-01T09:00:00.000+0000',
    }));
    writeFileSync(join(cwd, 'large.json'), JSON.stringify({ Account: accounts }));
    const { code, stderr } = await runCliInProcess(
      ['evaluate', '--journey', b2bJourney, '--records', 'large.json'],
      cwd,
    );
    expect(code).toBe(1);
    expect(stderr).toContain('Account[19999] (Id 001000000019999AAA): field CreatedDate is "soon"');
  });

  it('evaluates hostile but valid text intact: RTL overrides, emoji, a 1 MB name, a byte-order mark', async () => {
    const cwd = emptyDir();
    const snapshot = JSON.parse(readFileSync(goodSnapshot, 'utf8')) as { Account: Record<string, unknown>[] };
    const [first, second] = snapshot.Account;
    if (!first || !second) throw new Error('the example snapshot has accounts');
    first['Name'] = '\u202eشرکت پارس 😀👍🏽 <img src=x onerror=alert(1)>';
    second['Name'] = `${'Ж'.repeat(1_000_000)}end`;
    writeFileSync(join(cwd, 'hostile.json'), `\ufeff${JSON.stringify(snapshot)}`);
    const { code, stdout, stderr } = await runCliInProcess(
      ['evaluate', '--journey', b2bJourney, '--records', 'hostile.json', '--as-of', asOf, '--json'],
      cwd,
    );
    expect(stderr).toBe('');
    expect(code).toBe(0);
    const names = (JSON.parse(stdout) as { customers: { customer: { name: string } }[] }).customers.map(
      (customer) => customer.customer.name,
    );
    expect(names).toContain(first['Name']);
    expect(names).toContain(second['Name']);
  });
});

describe('sync with a malformed journey', () => {
  let sandbox: Sandbox;
  beforeAll(async () => {
    sandbox = await startSalesforceSandbox({ records: toSalesforceRecords(generatePopulation({ customers: 20 })) });
  });
  afterAll(async () => {
    await sandbox.close();
  });

  it.each(['typo-field.yaml', 'cycle-after-two.yaml', 'syntax-tab-indent.yaml', 'unicode-cyrillic-a-in-field.yaml'])(
    '%s: exits 1 naming file:line:col, writes nothing to the CRM and creates no state file',
    async (name) => {
      const want = expectedJourneys[name];
      const cwd = emptyDir();
      const file = join(journeysDir, name);
      const { code, stdout, stderr } = await runCliInProcess(
        [
          'sync',
          '--journey',
          file,
          '--instance-url',
          sandbox.url,
          '--access-token',
          sandbox.accessToken ?? '',
          '--once',
          '--state',
          'state.sqlite',
        ],
        cwd,
      );
      expect(code).toBe(1);
      expect(stdout).toBe('');
      expect(stderr).toContain(`${file}:${String(want?.line)}:${String(want?.column)}`);
      expect(sandbox.inspect.writes).toEqual([]);
      expect(existsSync(join(cwd, 'state.sqlite'))).toBe(false);
      // Only the cache of the org's describes (read to check the journey; no customer data) may be there.
      expect(readdirSync(cwd).filter((name) => name !== 'describe-cache')).toEqual([]);
    },
  );
});
