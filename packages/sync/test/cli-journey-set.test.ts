import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { repoFile } from './repo-context.ts';
import { runCliInProcess } from './run-cli-in-process.ts';
import { testTempDir } from './temp-dir.ts';

// A set of two journeys on Account made from the bundled B2B journey: direct customers, then the rest.
const b2b = readFileSync(repoFile('journeys', 'salesforce-b2b.yaml'), 'utf8');
const dir = testTempDir('cj-cli-set-');
writeFileSync(
  join(dir, 'direct.yaml'),
  b2b.replace(
    'journey: salesforce-b2b\n',
    'journey: direct\norder: 1\nentry: { Account: { Type: Customer - Direct } }\n',
  ),
);
writeFileSync(
  join(dir, 'prospects.yaml'),
  b2b.replace('journey: salesforce-b2b\n', 'journey: prospects\norder: 2\nentry: { Account: { Type: Prospect } }\n'),
);
writeFileSync(join(dir, 'snapshot.json'), readFileSync(repoFile('fixtures', 'snapshots', 'salesforce-b2b.json')));
const set = ['--journey', 'direct.yaml', '--journey', 'prospects.yaml', '--records', 'snapshot.json'];
const asOf = ['--as-of', '2026-11-20T12:00:00Z'];
const cli = (args: readonly string[]) => runCliInProcess(args, dir);

describe('a journey set on the command line', () => {
  it('validate checks the files as a set, with positions and fixes', async () => {
    const ok = await cli(['validate', 'direct.yaml', 'prospects.yaml']);
    expect(ok.code, ok.stderr).toBe(0);
    expect(ok.stdout).toMatch(
      /^journey set: valid \(1\. direct, 2\. prospects on Account; 0 errors, \d+ warnings\)\.$/m,
    );
    expect(ok.stderr).toMatch(/^prospects\.yaml:\d+:\d+ warning shared-stage-id stages\[0\]\.id: /m);

    writeFileSync(
      join(dir, 'everyone.yaml'),
      b2b.replace('journey: salesforce-b2b\n', 'journey: everyone\norder: 1\n'),
    );
    const bad = await cli(['validate', 'everyone.yaml', 'prospects.yaml', '--json']);
    expect(bad.code).toBe(1);
    const json = JSON.parse(bad.stdout) as { valid: boolean; errors: { rule: string; text: string }[] };
    expect(json.valid).toBe(false);
    expect(json.errors.map((error) => error.text)).toEqual([
      expect.stringMatching(
        /^everyone\.yaml:6:10 error missing-entry journey: journey "everyone" \(everyone\.yaml\) has no entry, so it takes every customer and "prospects" \(prospects\.yaml\) after it would get none; .* Add an `entry:` condition/,
      ),
    ]);
  });

  it('evaluate places each customer in one journey; customers no entry takes are in none', async () => {
    const { code, stdout, stderr } = await cli(['evaluate', ...set, ...asOf, '--json']);
    expect(code, stderr).toBe(0);
    const result = JSON.parse(stdout) as {
      journeys: { id: string }[];
      inNoJourney: string[];
      customers: { customer: { id: string; type: string }; journey: { id: string }; placement: string }[];
    };
    expect(result.journeys.map((journey) => journey.id)).toEqual(['direct', 'prospects']);
    const byId = new Map(result.customers.map((customer) => [customer.customer.id, customer]));
    expect(byId.get('001000000000036AAA')?.journey.id).toBe('direct');
    expect(byId.get('001000000000001AAA')?.journey.id).toBe('prospects');
    expect(byId.get('001000000000001AAA')?.placement).toBe(
      'In journey "prospects": its entry holds (the entries of "direct" do not).',
    );
    // Unconverted leads have no Account: no entry takes them.
    expect(result.inNoJourney.length).toBeGreaterThan(0);
    expect(result.customers.every((customer) => customer.customer.type === 'Account')).toBe(true);

    const table = await cli(['evaluate', ...set, ...asOf]);
    expect(table.stdout).toMatch(/Journey/);
    expect(table.stdout).toMatch(/direct: Evaluation/);
    expect(table.stdout).toMatch(/\(in no journey\) +\d+/);
  });

  it('explain says why the customer is in its journey, then where it stands', async () => {
    const { code, stdout } = await cli(['explain', ...set, ...asOf, '--customer', '001000000000036AAA']);
    expect(code).toBe(0);
    const [first, second] = stdout.split('\n');
    expect(first).toBe('In journey "direct": its entry holds.');
    expect(second).not.toBe('');
  });

  it('report writes one report per journey and the customers per journey, reading the snapshot once', async () => {
    const { code, stdout, stderr } = await cli(['report', ...set, ...asOf, '--out', 'out/report.html']);
    expect(code, stderr).toBe(0);
    const portfolio = /^Journey set: direct (\d+), prospects (\d+); in no journey: (\d+)\.$/m.exec(stdout);
    expect(portfolio).not.toBeNull();
    const [, direct = '', prospects = ''] = portfolio ?? [];
    expect(stdout).toContain(`Report of ${direct} customers on direct (revision 1)`);
    expect(stdout).toContain(`Report of ${prospects} customers on prospects (revision 1)`);
    expect(stdout).toContain('written to out/report-direct.html');
    expect(readFileSync(join(dir, 'out', 'report-prospects.html'), 'utf8')).toMatch(/^<!doctype html>/i);
    const json = JSON.parse((await cli(['report', ...set, ...asOf, '--json'])).stdout) as {
      journeys: { id: string; document: { report: { customers: number } } }[];
      portfolio: { customersPerJourney: Record<string, number> };
    };
    expect(json.journeys.map((journey) => [journey.id, journey.document.report.customers])).toEqual([
      ['direct', Number(direct)],
      ['prospects', Number(prospects)],
    ]);
    const segment = await cli(['report', ...set, ...asOf, '--json', '--segment', 'smb']);
    expect(segment.code).toBe(2);
    expect(segment.stderr).toContain('--segment applies to one journey');
  });

  it('still refuses a one-value flag given twice', async () => {
    const twice = await cli(['evaluate', ...set, '--records', 'snapshot.json']);
    expect(twice.code).toBe(2);
    expect(twice.stderr).toMatch(/--records/);
  });
});
