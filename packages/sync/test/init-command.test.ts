// `crm-journey init` against both sandboxes: the journey it writes from the org's own metadata validates
// against the org, and a dry-run sync places the sandbox's customers into every one of its stages.
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import {
  DEFAULT_AS_OF,
  generatePopulation,
  startSalesforceSandbox,
  startSugarSandbox,
  toSalesforceRecords,
  toSugarRecords,
  type Sandbox,
} from '@crm-journey/sandbox';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCliInProcess } from './run-cli-in-process.ts';
import { testTempDir } from './temp-dir.ts';

const CUSTOMERS = 300;
const asOf = new Date(DEFAULT_AS_OF).toISOString();
const STAGES = ['awareness', 'engagement', 'evaluation', 'purchase', 'onboarding', 'retention', 'advocacy'];

const sandboxes = {
  salesforce: {
    start: () =>
      startSalesforceSandbox({
        records: toSalesforceRecords(generatePopulation({ customers: CUSTOMERS, seed: 1 })),
        now: () => DEFAULT_AS_OF,
      }),
    target: (sandbox: Sandbox) => ['--instance-url', sandbox.url, '--access-token', sandbox.accessToken ?? ''],
    stageLine: /^# {3}Proposal\/Price Quote\s+75%\s+open$/m,
  },
  sugarcrm: {
    start: () =>
      startSugarSandbox({
        records: toSugarRecords(generatePopulation({ customers: CUSTOMERS, seed: 1 })),
        now: () => DEFAULT_AS_OF,
      }),
    target: (sandbox: Sandbox) => [
      '--sugar-url',
      sandbox.url,
      '--sugar-user',
      sandbox.username,
      '--sugar-password',
      sandbox.password,
    ],
    stageLine: /^# {3}Proposal\/Price Quote\s+65%\s+open$/m,
  },
} as const;

describe.each(['salesforce', 'sugarcrm'] as const)('crm-journey init against the %s sandbox', (crm) => {
  const setup = sandboxes[crm];
  let sandbox: Sandbox;
  let dir: string;
  beforeAll(async () => {
    sandbox = await setup.start();
    dir = testTempDir(`cj-init-${crm}-`);
  });
  afterAll(async () => {
    await sandbox.close();
  });

  it('writes a journey from the org that validates and places customers into every stage', async () => {
    const init = await runCliInProcess(['init', ...setup.target(sandbox), '--out', 'acme.yaml'], dir);
    expect(init.code, init.stderr).toBe(0);
    expect(init.stdout).toContain(
      `Wrote acme.yaml from the ${crm === 'salesforce' ? 'Salesforce org' : 'SugarCRM instance'} ${sandbox.url}`,
    );
    expect(init.stdout).toMatch(/Checked against \S+: valid/);
    const text = readFileSync(join(dir, 'acme.yaml'), 'utf8');
    // The org's own probabilities and closed/won flags, and the choices left to the consultant.
    expect(text).toMatch(setup.stageLine);
    expect(text).toMatch(/^# {3}Closed Won\s+100%\s+closed, won$/m);
    expect(text).toContain('journey: acme\n');
    expect(text.match(/# DECIDE/g)?.length).toBeGreaterThanOrEqual(5);

    expect((await runCliInProcess(['validate', 'acme.yaml'], dir)).code).toBe(0);
    const sync = await runCliInProcess(
      [
        'sync',
        '--journey',
        'acme.yaml',
        ...setup.target(sandbox),
        '--dry-run',
        '--json',
        '--as-of',
        asOf,
        '--state',
        join(dir, 'state.sqlite'),
      ],
      dir,
    );
    expect(sync.code, sync.stderr).toBe(0);
    const summary = JSON.parse(sync.stdout) as { customers: number; customersPerStage: Record<string, number> };
    expect(summary.customers).toBeGreaterThanOrEqual(CUSTOMERS);
    expect(Object.keys(summary.customersPerStage)).toEqual(STAGES);
    for (const stage of STAGES) expect(summary.customersPerStage[stage], stage).toBeGreaterThan(0);
  });

  it('refuses to overwrite a file unless --force, and then replaces it whole', async () => {
    const path = join(dir, 'kept.yaml');
    writeFileSync(path, 'mine\n');
    const refused = await runCliInProcess(['init', ...setup.target(sandbox), '--out', 'kept.yaml'], dir);
    expect(refused.code).toBe(2);
    expect(refused.stderr).toContain('kept.yaml exists; give --force to replace it');
    expect(readFileSync(path, 'utf8')).toBe('mine\n');
    const forced = await runCliInProcess(['init', ...setup.target(sandbox), '--out', 'kept.yaml', '--force'], dir);
    expect(forced.code, forced.stderr).toBe(0);
    expect(readFileSync(path, 'utf8')).toContain(`crm: ${crm}\n`);
  });

  it('writes offline from the default picklists with --crm, and refuses --crm with a target', async () => {
    const offline = await runCliInProcess(['init', '--crm', crm, '--out', `offline-${crm}.yaml`], dir);
    expect(offline.code, offline.stderr).toBe(0);
    expect(offline.stdout).toContain('Checked on its own (offline): valid');
    expect((await runCliInProcess(['validate', `offline-${crm}.yaml`], dir)).code).toBe(0);
    const both = await runCliInProcess(['init', '--crm', crm, ...setup.target(sandbox), '--out', 'x.yaml'], dir);
    expect(both.code).toBe(2);
    expect(both.stderr).toContain('--crm writes from the default picklists without an org');
  });
});
