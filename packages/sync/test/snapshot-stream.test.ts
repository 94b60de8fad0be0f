import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { generatePopulation, toSalesforceRecords } from '@crm-journey/sandbox';
import { describe, expect, it } from 'vitest';
import { readSnapshotWhole } from '../src/cli/load-snapshot.ts';
import { runCli } from '../src/cli/run-cli.ts';
import { repoFile } from './repo-context.ts';
import { testTempDir } from './temp-dir.ts';

// The streaming snapshot reader (packages/sync/src/snapshot) against the in-memory one it replaced
// (parseSnapshot + groupCustomers, kept as `readSnapshotWhole`): the same commands print the same bytes.
const asOf = '2026-11-20T12:00:00Z';

async function run(args: readonly string[], whole: boolean): Promise<{ code: number; stdout: string; stderr: string }> {
  let stdout = '';
  let stderr = '';
  const code = await runCli(args, {
    cwd: process.cwd(),
    stdout: { write: (chunk: string) => (stdout += chunk) },
    stderr: { write: (chunk: string) => (stderr += chunk) },
    ...(whole ? { readSnapshot: readSnapshotWhole } : {}),
  });
  return { code, stdout, stderr };
}

/** Runs `args` with both readers; they must agree byte for byte. Returns the streaming run. */
async function bothAgree(args: readonly string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  const streamed = await run(args, false);
  const whole = await run(args, true);
  expect(streamed.stdout).toBe(whole.stdout);
  expect(streamed.stderr).toBe(whole.stderr);
  expect(streamed.code).toBe(whole.code);
  return streamed;
}

const write = (name: string, text: string): string => {
  const path = join(testTempDir('cj-stream-'), name);
  writeFileSync(path, text);
  return path;
};

describe('the streaming snapshot reader', () => {
  it.each(['salesforce-b2b', 'salesforce-b2c', 'sugarcrm-b2b'])(
    '%s: evaluate --json and explain are byte-identical with both readers',
    async (name) => {
      const journey = repoFile('journeys', `${name}.yaml`);
      const records = repoFile('fixtures', 'snapshots', `${name}.json`);
      const evaluated = await bothAgree([
        'evaluate',
        '--journey',
        journey,
        '--records',
        records,
        '--as-of',
        asOf,
        '--json',
      ]);
      expect(evaluated.code).toBe(0);
      const customers = (JSON.parse(evaluated.stdout) as { customers: { customer: { id: string } }[] }).customers;
      expect(customers.length).toBeGreaterThan(3);
      await bothAgree(['evaluate', '--journey', journey, '--records', records, '--as-of', asOf]);
      const id = customers[1]?.customer.id ?? '';
      const explained = await bothAgree([
        'explain',
        '--journey',
        journey,
        '--records',
        records,
        '--customer',
        id,
        '--as-of',
        asOf,
        '--json',
      ]);
      expect(explained.code).toBe(0);
    },
  );

  it('reads a generated population spread over many chunks exactly as the in-memory reader', async () => {
    const { User: _users, ...records } = toSalesforceRecords(generatePopulation({ customers: 400, seed: 7 }));
    const text = JSON.stringify(records);
    expect(text.length).toBeGreaterThan(3 * (1 << 18));
    const path = write('population.json', text);
    const journey = repoFile('journeys', 'salesforce-b2b.yaml');
    const out = await bothAgree(['evaluate', '--journey', journey, '--records', path, '--as-of', asOf, '--json']);
    expect((JSON.parse(out.stdout) as { customers: unknown[] }).customers.length).toBeGreaterThanOrEqual(400);
  });

  it('accepts what parseSnapshot accepts: a BOM, query results, attributes, a repeated key, a converted lead', async () => {
    const snapshot = {
      Account: {
        totalSize: 2,
        done: true,
        records: [{ attributes: { type: 'Account', url: '/x' }, Id: '001A', Name: 'Ada' }],
      },
      Opportunity: [
        { attributes: { type: 'Opportunity' }, Id: '006A', AccountId: '001A', StageName: 'Prospecting', Amount: 10 },
        { Id: '006B', AccountId: '001Z', StageName: 'Prospecting' },
      ],
      Lead: [
        { Id: '00QA', Company: 'Bo', IsConverted: true, ConvertedAccountId: '001A', Status: 'Open' },
        { Id: '00QB', Company: 'Cy', IsConverted: false, Status: 'Open' },
      ],
      Task: [{ Id: '00TA', WhatId: '006A', Subject: 'Call', ActivityDate: '2026-10-01' }],
    };
    const text = `\ufeff${JSON.stringify(snapshot, null, 2).replace('"Task": [', '"Task": [{"Id": "00TX", "WhatId": "nowhere"}], "Task": [')}`;
    const path = write('edge.json', text);
    const journey = repoFile('journeys', 'salesforce-b2b.yaml');
    const out = await bothAgree(['evaluate', '--journey', journey, '--records', path, '--as-of', asOf, '--json']);
    expect(out.code).toBe(0);
    expect(out.stderr).toContain('warning: 1 Opportunity record(s)');
    expect(out.stderr).not.toContain('Task');
    const ids = (JSON.parse(out.stdout) as { customers: { customer: { id: string } }[] }).customers.map(
      (customer) => customer.customer.id,
    );
    expect(ids).toEqual(['001A', '00QB']);
  });

  it('finds records whose text holds brackets, quotes and escapes, pretty-printed or not', async () => {
    const snapshot = {
      Account: [
        { Id: '001A', Name: 'Acme "[1]" {x} \\', Industry: ']},' },
        { Id: '001B', Name: 'Ж\\"}', Description: 'a\nb' },
      ],
      Opportunity: [{ Id: '006A', AccountId: '001B', Name: '[{', StageName: 'Prospecting' }],
    };
    const journey = repoFile('journeys', 'salesforce-b2b.yaml');
    // The last one holds a record longer than two of the reader's 256 KB chunks.
    const long = { ...snapshot, Account: [...snapshot.Account, { Id: '001C', Name: '}'.repeat(700_000) }] };
    for (const text of [JSON.stringify(snapshot), JSON.stringify(snapshot, null, '\t'), JSON.stringify(long)]) {
      const path = write('brackets.json', text);
      const out = await bothAgree(['evaluate', '--journey', journey, '--records', path, '--as-of', asOf, '--json']);
      expect(out.code).toBe(0);
      expect((JSON.parse(out.stdout) as { customers: unknown[] }).customers).toHaveLength(
        text.length > 500_000 ? 3 : 2,
      );
    }
  });

  it('refuses what parseSnapshot refuses with the same problems, in the same order', async () => {
    const text = JSON.stringify({
      Opportunity: [{ Id: '006A', CloseDate: 'soon' }, 'text', { Name: 'no id' }],
      Acount: [],
      Account: { records: 'none' },
      Case: { records: [{ Id: '500A' }], done: true, records2: [] },
      Contact: null,
    });
    const path = write('bad.json', text);
    const journey = repoFile('journeys', 'salesforce-b2b.yaml');
    const out = await bothAgree(['evaluate', '--journey', journey, '--records', path, '--as-of', asOf]);
    expect(out.code).toBe(1);
    expect(out.stderr).toContain('has 6 problems');
  });

  it('names the line and column of broken JSON, and refuses a top level that is not an object', async () => {
    const journey = repoFile('journeys', 'salesforce-b2b.yaml');
    const broken = write('broken.json', '{\n  "Account": [\n    {"Id": "001A", "Name": x}\n  ]\n}\n');
    const first = await run(['evaluate', '--journey', journey, '--records', broken], false);
    expect(first.code).toBe(1);
    expect(first.stderr).toContain('is not valid JSON: unexpected "x" at line 3, column 28');
    const cut = write(
      'cut.json',
      readFileSync(repoFile('fixtures', 'snapshots', 'salesforce-b2b.json'), 'utf8').slice(0, 900),
    );
    expect((await run(['evaluate', '--journey', journey, '--records', cut], false)).stderr).toContain('cut short');
    const outer = write('outer.json', '{"Account": [] ]');
    expect((await run(['evaluate', '--journey', journey, '--records', outer], false)).stderr).toContain(
      'is not valid JSON: unexpected "]" at line 1, column 16',
    );
    const open = write('open.json', '{"Account": [{"Id": "001A", "Name": "Acme\n  }]}\n');
    expect((await run(['evaluate', '--journey', journey, '--records', open], false)).stderr).toContain(
      'is not valid JSON: unexpected text at line 1, column 42',
    );
    const array = write('array.json', '[{"Account": []}]');
    expect((await run(['evaluate', '--journey', journey, '--records', array], false)).stderr).toContain(
      'it holds an array',
    );
  });
});
