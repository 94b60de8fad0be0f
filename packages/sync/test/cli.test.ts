import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { runCliInProcess } from './run-cli-in-process.ts';
import { repoRoot } from './repo-context.ts';
import { testTempDir } from './temp-dir.ts';

const root = repoRoot();
const asOf = '2026-11-20T12:00:00Z';
const b2b = [
  '--journey',
  'journeys/salesforce-b2b.yaml',
  '--records',
  'fixtures/snapshots/salesforce-b2b.json',
  '--as-of',
  asOf,
];

const cli = (args: readonly string[], cwd = root) => runCliInProcess(args, cwd);

interface EvaluatedJson {
  customers: {
    customer: { type: string; id: string; name: string };
    stage: string | null;
    stageEnteredAt: string | null;
    segment: string | null;
    nextActions: { key: string; type: string; subject: string; dueDate: string | null; mode: string; status: string }[];
    history: { to: string; direction: string; reason: string }[];
    explain: { kind: string; id: string; holds: boolean }[];
  }[];
}

describe('crm-journey validate', () => {
  it('exits 0 on the bundled journey', async () => {
    const { code, stdout } = await cli(['validate', 'journeys/salesforce-b2b.yaml']);
    expect(code).toBe(0);
    expect(stdout).toContain('journeys/salesforce-b2b.yaml: valid (7 stages, 2 segments; 0 errors, 0 warnings).');
  });

  it('exits 1 with file:line:col errors on a broken journey', async () => {
    const dir = testTempDir('cj-cli-');
    writeFileSync(
      join(dir, 'broken.yaml'),
      'journey: x\nname: X\ncrm: salesforce\ncustomer: { root: Account }\nstages:\n  - { id: a, label: A, when: { Opportunity: { StageNme: Closed Won } } }\n',
    );
    const { code, stderr, stdout } = await cli(['validate', 'broken.yaml'], dir);
    expect(code).toBe(1);
    expect(stderr).toContain(
      'broken.yaml:6:47 error unknown-field stages[0].when.Opportunity.StageNme: unknown field "StageNme" on Opportunity. Did you mean "StageName"?',
    );
    expect(stdout).toContain('invalid (1 error, 0 warnings)');
  });

  it('exits 2 on a wrong command line, and 1 on a missing file', async () => {
    expect((await cli(['validate'])).code).toBe(2);
    expect((await cli(['evaluate', '--journey'])).code).toBe(2);
    const missing = await cli(['validate', 'nope.yaml']);
    expect(missing.code).toBe(1);
    expect(missing.stderr).toContain('error INPUT_UNREADABLE: Cannot read the journey file nope.yaml: no such file.');
  });
});

describe('crm-journey evaluate', () => {
  it('places the example customers where a consultant would', async () => {
    const { code, stdout } = await cli(['evaluate', ...b2b, '--json']);
    expect(code).toBe(0);
    const { customers } = JSON.parse(stdout) as EvaluatedJson;
    const stageOf = Object.fromEntries(customers.map((c) => [c.customer.name, c.stage]));
    expect(stageOf).toEqual({
      'Kowalski Logistyka sp. z o.o.': 'evaluation', // open deal in needs analysis
      'ООО «Северный ветер»': 'purchase', // in negotiation
      'شرکت پارس داده': 'onboarding', // won six weeks ago
      'Nordwind Retail GmbH': 'advocacy', // two wins, no escalations
      'Acme Analytics Ltd': 'engagement', // lapsed: no win in over a year
      'Zakłady Mechaniczne Wiśniewski S.A.': 'engagement', // deal lost
      'Дмитрий Волков': 'awareness', // new web lead
      'Sara Karimi': 'engagement', // lead being worked
      'Tomasz Nowak': 'awareness', // disqualified lead
    });
    const lost = customers.find((c) => c.customer.name === 'Zakłady Mechaniczne Wiśniewski S.A.');
    expect(lost?.history.at(-1)).toMatchObject({
      direction: 'backward',
      reason: 'Every open deal was lost; back to nurturing.',
    });
    expect(lost?.segment).toBe('enterprise');
    const onboarding = customers.find((c) => c.stage === 'onboarding');
    expect(onboarding?.nextActions.map((a) => [a.type, a.status, a.mode])).toEqual([
      ['meeting', 'done', 'create'],
      ['call', 'new', 'create'],
    ]);
    const purchase = customers.find((c) => c.stage === 'purchase');
    expect(purchase?.nextActions[0]).toMatchObject({ status: 'existing', dueDate: '2026-12-08' });
    expect(customers[0]?.explain.some((rule) => rule.kind === 'stage' && rule.id === 'evaluation' && rule.holds)).toBe(
      true,
    );
  });

  it('prints a readable table with the stage counts', async () => {
    const { stdout } = await cli(['evaluate', ...b2b]);
    expect(stdout).toMatch(/Kowalski Logistyka sp\. z o\.o\.\s+Account\s+Evaluation\s+-\s+107\.1d \/ 30d overdue/);
    expect(stdout).toMatch(/Engagement\s+3\n/);
  });

  it('names the object, record and field of a malformed snapshot and evaluates nothing', async () => {
    const dir = testTempDir('cj-cli-');
    writeFileSync(join(dir, 'bad.json'), JSON.stringify({ Account: [{ Id: '001A', CreatedDate: 'yesterday' }] }));
    const { code, stdout, stderr } = await cli(
      ['evaluate', '--journey', join(root, 'journeys/salesforce-b2b.yaml'), '--records', 'bad.json'],
      dir,
    );
    expect(code).toBe(1);
    expect(stdout).toBe('');
    expect(stderr).toContain('Account[0] (Id 001A): field CreatedDate is "yesterday", not an ISO date-time.');
  });
});

describe('crm-journey explain', () => {
  it('explains in sentences why a customer is where it is', async () => {
    const evaluated = JSON.parse((await cli(['evaluate', ...b2b, '--json'])).stdout) as EvaluatedJson;
    const acme = evaluated.customers.find((c) => c.customer.name === 'Acme Analytics Ltd');
    const { code, stdout } = await cli(['explain', ...b2b, '--customer', acme?.customer.id ?? '']);
    expect(code).toBe(0);
    expect(stdout).toContain(
      'is in "Engagement" since 2026-11-20T12:00:00.000Z: No renewal or new deal won in over a year; the customer has lapsed.',
    );
    expect(stdout).toContain('Stage "Evaluation" does not match: any Opportunity where IsClosed = false.');
    expect(stdout).toContain('will be created by the sync');
  });

  it('says which customers exist when the id is wrong', async () => {
    const { code, stderr } = await cli(['explain', ...b2b, '--customer', 'nobody']);
    expect(code).toBe(2);
    expect(stderr).toContain('no customer with id nobody');
  });
});

describe('crm-journey schema', () => {
  it('prints a JSON Schema that editors can use', async () => {
    const schema = JSON.parse((await cli(['schema'])).stdout) as {
      $schema: string;
      required: string[];
      properties: Record<string, unknown>;
    };
    expect(schema.$schema).toContain('json-schema.org');
    expect(schema.required).toEqual(expect.arrayContaining(['journey', 'crm', 'customer', 'stages']));
    expect(Object.keys(schema.properties)).toEqual(
      expect.arrayContaining(['stages', 'moves', 'segments', 'touchpoints']),
    );
  });
});
