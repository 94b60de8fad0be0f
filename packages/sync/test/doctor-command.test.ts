// `crm-journey doctor` against both sandboxes: a fresh org fails with the fixes named, an installed one
// passes what was installed, and what a CRM does not let it check is reported as "could not check".
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

/**
 * What `sf org assign permset --name <name>` does: finds the permission set and the user, then inserts a
 * PermissionSetAssignment through the REST API.
 */
async function assignPermissionSet(org: Sandbox, name: string): Promise<void> {
  const api = `${org.url}/services/data/v62.0`;
  const headers = { Authorization: `Bearer ${org.accessToken ?? ''}`, 'Content-Type': 'application/json' };
  const query = async (soql: string): Promise<{ Id: string }[]> => {
    const response = await fetch(`${api}/query?q=${encodeURIComponent(soql)}`, { headers });
    expect(response.status, await response.clone().text()).toBe(200);
    return ((await response.json()) as { records: { Id: string }[] }).records;
  };
  const [permissionSet] = await query(`SELECT Id FROM PermissionSet WHERE Name = '${name}'`);
  const [user] = await query(`SELECT Id FROM User WHERE Username = '${org.username}'`);
  const created = await fetch(`${api}/sobjects/PermissionSetAssignment`, {
    method: 'POST',
    headers,
    body: JSON.stringify({ AssigneeId: user?.Id, PermissionSetId: permissionSet?.Id }),
  });
  expect(created.status, await created.clone().text()).toBe(201);
}

const statusOf = (report: DoctorJson): Record<string, string> =>
  Object.fromEntries(report.items.map((item) => [item.id, item.status]));

describe('crm-journey doctor on Salesforce', () => {
  it('fails a fresh org with the fixes named, passes the installed items after install salesforce, and the permission set once assigned', async () => {
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
    expect(fresh.stdout).toContain(
      `✗ Crm_Journey permission set: the Crm_Journey permission set is not deployed, so it is not assigned to ${org.username}.`,
    );
    expect(fresh.stdout).toContain('✗ Journey panel: the cjJourneyPanel static resource is not deployed.');
    expect(fresh.stdout).toMatch(/✓ API allowance: [\d,]+ of [\d,]+ daily API requests left\./);
    expect(fresh.stdout).toContain(`✓ State store: ${state} does not exist yet; its directory is writable.`);
    expect(fresh.stdout).toContain('Not ready: 4 items to fix.');

    const install = await runCliInProcess(
      ['install', 'salesforce', '--instance-url', org.url, '--access-token', org.accessToken],
      root,
    );
    expect(install.code, install.stderr).toBe(0);
    const doctor = ['doctor', ...target, '--journey', 'journeys/salesforce-b2b.yaml', '--json'];
    const installed = await runCliInProcess(doctor, root);
    expect(installed.code, installed.stdout).toBe(1);
    const unassigned = JSON.parse(installed.stdout) as DoctorJson;
    expect(statusOf(unassigned)).toEqual({
      'journey-fields': 'pass',
      'action-key': 'pass',
      'permission-set': 'fail',
      access: 'pass',
      'api-allowance': 'pass',
      panel: 'pass',
      journey: 'pass',
      'state-store': 'pass',
    });
    // Install deploys the permission set; assigning it is the admin's step, and doctor names it.
    expect(unassigned.items.find((item) => item.id === 'permission-set')).toMatchObject({
      detail: `not assigned to ${org.username}.`,
      fix: expect.stringContaining('sf org assign permset --name Crm_Journey') as unknown,
    });
    expect(unassigned.items.find((item) => item.id === 'panel')?.detail).toMatch(
      /^the cjJourneyPanel static resource is deployed \(last modified \d{4}-\d\d-\d\dT[\d:.]+\+0000\);/,
    );

    await assignPermissionSet(org, 'Crm_Journey');
    const after = await runCliInProcess(doctor, root);
    expect(after.code, after.stdout).toBe(0);
    const report = JSON.parse(after.stdout) as DoctorJson;
    expect(report.ready).toBe(true);
    expect(report.items.find((item) => item.id === 'permission-set')).toMatchObject({
      status: 'pass',
      detail: `assigned to ${org.username}.`,
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
