// `crm-journey doctor` against both sandboxes: a fresh org fails with the fixes named, an installed one
// passes what was installed, and what a sandbox does not model is reported as "could not check".
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { startSalesforceSandbox, startSugarSandbox, type Sandbox } from '@crm-journey/sandbox';
import { afterEach, describe, expect, it } from 'vitest';
import type { DoctorItem } from '../src/admin/doctor-item.ts';
import { runCliInProcess } from './run-cli-in-process.ts';
import { testTempDir } from './temp-dir.ts';

const root = new URL('../../../', import.meta.url).pathname;

let sandbox: Sandbox | undefined;
afterEach(async () => {
  await sandbox?.close();
  sandbox = undefined;
});

interface DoctorJson {
  target: string;
  ready: boolean;
  items: DoctorItem[];
}

const statusOf = (report: DoctorJson): Record<string, string> =>
  Object.fromEntries(report.items.map((item) => [item.id, item.status]));

describe('crm-journey doctor on Salesforce', () => {
  it('fails a fresh org with the fixes named, and passes the installed items after install salesforce', async () => {
    const org = await startSalesforceSandbox({ journeyFields: false });
    sandbox = org;
    const state = join(testTempDir('cj-doctor-'), 'state.sqlite');
    const target = ['--instance-url', org.url, '--access-token', org.accessToken, '--state', state];

    const fresh = await runCliInProcess(['doctor', ...target], root);
    expect(fresh.code, fresh.stderr).toBe(1);
    expect(fresh.stdout).toContain(`Readiness of salesforce:${org.url}:`);
    expect(fresh.stdout).toMatch(/✗ Journey fields: missing Account\.Journey_Stage__c, /);
    expect(fresh.stdout).toContain('✗ Action key: Task.Journey_Action_Key__c, Event.Journey_Action_Key__c missing');
    expect(fresh.stdout).toContain('fix: Run `crm-journey install salesforce <target flags>`');
    // The sandbox does not model permission set assignments or static resources: never a guess.
    expect(fresh.stdout).toContain('? Crm_Journey permission set: could not check: ');
    expect(fresh.stdout).toContain('the sandbox does not model the PermissionSetAssignment object');
    expect(fresh.stdout).toContain('? Journey panel: could not check: ');
    expect(fresh.stdout).toMatch(/✓ API allowance: [\d,]+ of [\d,]+ daily API requests left\./);
    expect(fresh.stdout).toContain(`✓ State store: ${state} does not exist yet; its directory is writable.`);
    expect(fresh.stdout).toContain('Not ready: 2 items to fix, 2 could not be checked (?).');

    const install = await runCliInProcess(
      ['install', 'salesforce', '--instance-url', org.url, '--access-token', org.accessToken],
      root,
    );
    expect(install.code, install.stderr).toBe(0);
    const after = await runCliInProcess(
      ['doctor', ...target, '--journey', 'journeys/salesforce-b2b.yaml', '--json'],
      root,
    );
    expect(after.code, after.stdout).toBe(0);
    const report = JSON.parse(after.stdout) as DoctorJson;
    expect(report.ready).toBe(true);
    expect(statusOf(report)).toEqual({
      'journey-fields': 'pass',
      'action-key': 'pass',
      'permission-set': 'unknown',
      access: 'pass',
      'api-allowance': 'pass',
      panel: 'unknown',
      journey: 'pass',
      'state-store': 'pass',
    });
  });

  it('fails when little of the daily API allowance is left, and when the state store cannot be written', async () => {
    const org = await startSalesforceSandbox({ apiLimit: 300 });
    sandbox = org;
    // Use up all but a few percent of the day's allowance, as other integrations would.
    for (let call = 0; call < 280; call++) {
      const response = await fetch(`${org.url}/services/data/v62.0/limits`, {
        headers: { authorization: `Bearer ${org.accessToken}` },
      });
      expect(response.status).toBe(200);
    }
    const file = join(testTempDir('cj-doctor-'), 'a-file');
    writeFileSync(file, 'not a directory');
    const run = await runCliInProcess(
      [
        'doctor',
        '--instance-url',
        org.url,
        '--access-token',
        org.accessToken,
        '--state',
        join(file, 'state.sqlite'),
        '--json',
      ],
      root,
    );
    expect(run.code).toBe(1);
    const items = (JSON.parse(run.stdout) as DoctorJson).items;
    const allowance = items.find((item) => item.id === 'api-allowance');
    expect(allowance?.status).toBe('fail');
    expect(allowance?.fix).toContain('lengthen the sync --interval');
    const store = items.find((item) => item.id === 'state-store');
    expect(store?.status).toBe('fail');
    expect(store?.fix).toContain('Give --state a path in a directory the sync user can write to');
  });
});

describe('crm-journey doctor on SugarCRM', () => {
  it('passes the installed fields and says what Sugar does not let it check', async () => {
    const instance = await startSugarSandbox();
    sandbox = instance;
    const state = join(testTempDir('cj-doctor-'), 'state.sqlite');
    const target = [
      '--sugar-url',
      instance.url,
      '--sugar-user',
      instance.username,
      '--sugar-password',
      instance.password,
    ];
    const run = await runCliInProcess(
      ['doctor', ...target, '--state', state, '--journey', 'journeys/sugarcrm-b2b.yaml'],
      root,
    );
    expect(run.code, run.stdout).toBe(0);
    expect(run.stdout).toContain('✓ Journey fields: on Accounts and Leads.');
    expect(run.stdout).toContain('✓ Action key: journey_action_key_c on Tasks, Calls, Meetings.');
    expect(run.stdout).toContain('✓ Permissions: SugarCRM has no permission sets;');
    expect(run.stdout).toContain('? API allowance: could not check: SugarCRM has no API allowance endpoint');
    expect(run.stdout).toContain(
      "? Journey panel: could not check: Sugar's REST API does not list installed dashlets.",
    );
    expect(run.stdout).toContain('✓ Journey journeys/sugarcrm-b2b.yaml: fits the org.');

    const broken = join(testTempDir('cj-doctor-'), 'broken.yaml');
    writeFileSync(
      broken,
      'journey: x\nname: X\ncrm: sugarcrm\ncustomer: { root: Accounts }\nstages:\n  - { id: a, label: A, when: { Opportunities: { sales_stag: Closed Won } } }\n',
    );
    const failing = await runCliInProcess(['doctor', ...target, '--state', state, '--journey', broken], root);
    expect(failing.code).toBe(1);
    expect(failing.stdout).toMatch(/✗ Journey .*broken\.yaml: 1 error: .*unknown field "sales_stag" on Opportunities/);
    expect(failing.stdout).toContain('fix: Fix the file; `crm-journey validate');
  });
});
