import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { connectSalesforce, deploySalesforceMetadata } from '@crm-journey/connector/salesforce';
import { scanSugarPackage, startSalesforceSandbox, type SalesforceSandbox } from '@crm-journey/sandbox';
import { XMLParser } from 'fast-xml-parser';
import { strFromU8, strToU8, unzipSync, zipSync } from 'fflate';
import { afterEach, describe, expect, it } from 'vitest';
import { readHostFiles, readPanelBundle } from '@crm-journey/journey-panel/assets';
import { buildSalesforcePackage } from '../src/admin/salesforce-package.ts';
import { runCliInProcess } from './run-cli-in-process.ts';
import { repoRoot } from './repo-context.ts';
import { testTempDir } from './temp-dir.ts';

const root = repoRoot();
const journeyText = readFileSync(join(root, 'journeys/salesforce-b2b.yaml'), 'utf8');

const cli = (args: readonly string[]) => runCliInProcess(args, root);

let sandbox: SalesforceSandbox | undefined;
afterEach(async () => {
  await sandbox?.close();
  sandbox = undefined;
});

async function journeyCheck(org: SalesforceSandbox): Promise<string[]> {
  const connector = await connectSalesforce({ instanceUrl: org.url, accessToken: org.accessToken });
  const checked = await connector.checkJourney(journeyText, 'salesforce-b2b.yaml');
  await connector.close();
  return checked.errors.map((error) => `${error.message} ${error.fix ?? ''}`);
}

interface JsonReport {
  checkOnly: boolean;
  success: boolean;
  components: { type: string; fullName: string; outcome: string }[];
}

describe('crm-journey install salesforce', () => {
  it('deploys the journey fields into an org without them, and a second run changes nothing', async () => {
    sandbox = await startSalesforceSandbox({ journeyFields: false });
    const before = await journeyCheck(sandbox);
    expect(before.join('\n')).toContain('Account has no Journey_Stage__c, Journey_Stage_Entered__c, Journey_State__c.');
    expect(before.join('\n')).toContain('crm-journey install salesforce');
    const target = ['--instance-url', sandbox.url, '--access-token', sandbox.accessToken];
    const journey = ['--journey', 'journeys/salesforce-b2b.yaml'];

    const validated = await cli(['install', 'salesforce', ...target, ...journey, '--check-only', '--json']);
    expect(validated.code).toBe(0);
    const checkReport = JSON.parse(validated.stdout) as JsonReport;
    expect([checkReport.checkOnly, checkReport.success]).toEqual([true, true]);
    expect(await journeyCheck(sandbox)).not.toEqual([]);

    const first = await cli(['install', 'salesforce', ...target, ...journey]);
    expect(first.code).toBe(0);
    expect(first.stdout).toContain('Installed 10 components into');
    expect(first.stdout).toContain('10 created, 0 changed, 0 unchanged');
    expect(first.stderr).toContain('Succeeded: 10/10 components');
    expect(`${first.stdout}${first.stderr}`).not.toContain(sandbox.accessToken);
    expect(await journeyCheck(sandbox)).toEqual([]);

    const second = await cli(['install', 'salesforce', ...target, ...journey, '--json']);
    expect(second.code).toBe(0);
    const report = JSON.parse(second.stdout) as JsonReport;
    expect(new Set(report.components.map((component) => component.outcome))).toEqual(new Set(['unchanged']));
    const described = await fetch(`${sandbox.url}/services/data/v62.0/sobjects/Account/describe`, {
      headers: { authorization: `Bearer ${sandbox.accessToken}` },
    }).then((response) => response.json() as Promise<{ fields: { name: string }[] }>);
    expect(described.fields.filter((field) => field.name.startsWith('Journey_'))).toHaveLength(3);
    expect(await journeyCheck(sandbox)).toEqual([]);
  });

  it('reports a component the org refuses with its file, line and fix, and changes nothing', async () => {
    sandbox = await startSalesforceSandbox({ journeyFields: false });
    const ns = 'xmlns="http://soap.sforce.com/2006/04/metadata"';
    const clash = zipSync({
      'package.xml': strToU8(
        `<Package ${ns}><types><members>Account.Journey_Stage__c</members><name>CustomField</name></types><version>62.0</version></Package>`,
      ),
      'objects/Account.object': strToU8(
        `<CustomObject ${ns}><fields><fullName>Journey_Stage__c</fullName><label>Stage</label><type>DateTime</type></fields></CustomObject>`,
      ),
    });
    const target = { instanceUrl: sandbox.url, accessToken: sandbox.accessToken };
    expect(await deploySalesforceMetadata(target, clash, { pollIntervalMs: 50 })).toMatchObject({ success: true });
    const { code, stdout } = await cli([
      'install',
      'salesforce',
      '--instance-url',
      sandbox.url,
      '--access-token',
      sandbox.accessToken,
    ]);
    expect(code).toBe(1);
    expect(stdout).toMatch(/The deploy \w+ to http:\/\/127\.0\.0\.1:\d+ failed \(Failed\); nothing was changed:/);
    expect(stdout).toContain(
      '  CustomField Account.Journey_Stage__c (objects/Account.object:4): Cannot change the type of Journey_Stage__c from datetime to string.\n    fix: A field of that name may already exist with another type',
    );
    expect((await journeyCheck(sandbox)).join('\n')).toContain(
      'Account has no Journey_Stage_Entered__c, Journey_State__c.',
    );
  });

  it('refuses a command line without a CRM or with the wrong one', async () => {
    expect((await cli(['install'])).code).toBe(2);
    const sugar = await cli(['install', 'sugarcrm']);
    expect([sugar.code, sugar.stderr]).toEqual([
      2,
      expect.stringContaining('crm-journey package sugarcrm --out <zip>'),
    ]);
    const wrongJourney = await cli(['install', 'salesforce', '--journey', 'journeys/sugarcrm-b2b.yaml']);
    expect([wrongJourney.code, wrongJourney.stderr]).toEqual([
      1,
      expect.stringContaining('is for sugarcrm, not salesforce'),
    ]);
  });
});

describe('the Salesforce deploy package', () => {
  it('is in the Metadata API format: package.xml names exactly the files, each with its required elements', async () => {
    const { code } = await readPanelBundle('closed');
    const pkg = buildSalesforcePackage({
      journeys: [],
      panelBundle: code,
      hostFiles: readHostFiles('salesforce', 'force-app/main/default'),
      apiVersion: '62.0',
    });
    const files = unzipSync(pkg.zip);
    const parser = new XMLParser({
      isArray: (name) => ['types', 'members', 'fields', 'fieldPermissions'].includes(name),
    });
    const xml = (path: string): Record<string, unknown> =>
      parser.parse(strFromU8(files[path] ?? new Uint8Array())) as Record<string, unknown>;
    const manifest = xml('package.xml')['Package'] as { types: { name: string; members: string[] }[]; version: number };
    expect(manifest.version).toBe(62);
    const members = Object.fromEntries(manifest.types.map((type) => [type.name, type.members]));
    expect(members['CustomField']).toEqual([
      ...['Account', 'Contact', 'Lead'].flatMap((object) =>
        ['Journey_Stage__c', 'Journey_Stage_Entered__c', 'Journey_State__c'].map((field) => `${object}.${field}`),
      ),
      'Activity.Journey_Action_Key__c',
    ]);
    for (const object of ['Account', 'Contact', 'Lead', 'Activity']) {
      const fields = (xml(`objects/${object}.object`)['CustomObject'] as { fields: Record<string, unknown>[] }).fields;
      for (const field of fields) {
        expect(field).toHaveProperty('label');
        expect(['Text', 'DateTime', 'LongTextArea']).toContain(field['type']);
        if (field['type'] !== 'DateTime') expect(field['length']).toBeGreaterThan(0);
      }
    }
    const key = (xml('objects/Activity.object')['CustomObject'] as { fields: Record<string, unknown>[] }).fields[0];
    expect(key).toMatchObject({ externalId: true, unique: true, caseSensitive: true, type: 'Text', length: 255 });
    const permissions = (
      xml('permissionsets/Crm_Journey.permissionset')['PermissionSet'] as {
        fieldPermissions: { field: string; readable: boolean; editable: boolean }[];
      }
    ).fieldPermissions;
    expect(permissions.map((p) => p.field).sort()).toEqual([...(members['CustomField'] ?? [])].sort());
    expect(permissions.every((p) => p.readable && p.editable)).toBe(true);
    const resource = unzipSync(files['staticresources/cjJourneyPanel.resource'] ?? new Uint8Array());
    expect(Object.keys(resource).sort()).toEqual([
      'cj-journey-panel.fa.js',
      'cj-journey-panel.js',
      'cj-journey-panel.pl.js',
      'cj-journey-panel.ru.js',
      'cj-journey-stages.js',
    ]);
    // The bundle carries English only; each other language is its own script the host loads for its user.
    expect(strFromU8(resource['cj-journey-panel.pl.js'] ?? new Uint8Array())).toContain(
      '"panelLabel":"Ścieżka klienta"',
    );
    expect(xml('staticresources/cjJourneyPanel.resource-meta.xml')['StaticResource']).toMatchObject({
      contentType: 'application/zip',
    });
    expect(
      Object.keys(files)
        .filter((path) => path.startsWith('lwc/'))
        .sort(),
    ).toEqual([
      'lwc/cjJourneyPanelHost/cjJourneyPanelHost.html',
      'lwc/cjJourneyPanelHost/cjJourneyPanelHost.js',
      'lwc/cjJourneyPanelHost/cjJourneyPanelHost.js-meta.xml',
      'lwc/cjJourneyPanelHost/journeyHostLogic.js',
    ]);
    // Deterministic: the same inputs give the same bytes, so a second deploy has nothing to change.
    const again = buildSalesforcePackage({
      journeys: [],
      panelBundle: code,
      hostFiles: readHostFiles('salesforce', 'force-app/main/default'),
      apiVersion: '62.0',
    });
    expect(Buffer.from(again.zip).equals(Buffer.from(pkg.zip))).toBe(true);
  });
});

describe('crm-journey package sugarcrm', () => {
  it('writes a Module Loadable Package that passes the Package Scanner', async () => {
    const out = join(testTempDir('cj-package-'), 'dist', 'crm-journey.zip');
    const { code, stdout } = await cli([
      'package',
      'sugarcrm',
      '--out',
      out,
      '--journey',
      'journeys/sugarcrm-b2b.yaml',
      '--json',
    ]);
    expect(code).toBe(0);
    const report = JSON.parse(stdout) as { files: string[]; fields: { module: string; name: string }[] };
    expect(report.fields.map((field) => `${field.module}.${field.name}`)).toEqual([
      'Accounts.journey_stage_c',
      'Accounts.journey_stage_entered_c',
      'Accounts.journey_state_c',
      'Leads.journey_stage_c',
      'Leads.journey_stage_entered_c',
      'Leads.journey_state_c',
      'Tasks.journey_action_key_c',
      'Calls.journey_action_key_c',
      'Meetings.journey_action_key_c',
    ]);
    const zip = readFileSync(out);
    expect(scanSugarPackage(zip)).toMatchObject({ passed: true, issues: [] });
    const files = unzipSync(zip);
    const manifest = strFromU8(files['manifest.php'] ?? new Uint8Array());
    expect(manifest).toContain("'to' => 'custom/clients/base/views/cj-journey-panel/cj-journey-panel.js'");
    expect(manifest).toContain("'to' => 'custom/include/javascript/cj-journey-panel.js'");
    expect(manifest).toContain("'to' => 'custom/include/javascript/cj-journey-panel.ru.js'");
    // Locale scripts are loaded on demand by the dashlet, not concatenated into every page's grouping.
    const groupings = strFromU8(
      files['files/custom/Extension/application/Ext/JSGroupings/cj-journey-panel.php'] ?? new Uint8Array(),
    );
    expect(groupings).toContain('cj-journey-panel.js');
    expect(groupings).not.toContain('cj-journey-panel.ru.js');
    const stagesScript = strFromU8(files['files/custom/include/javascript/cj-journey-stages.js'] ?? new Uint8Array());
    expect(stagesScript).toContain('"sugarcrm-b2b"');
    // The panel names the customer's journey from the same file.
    expect(stagesScript).toMatch(/globalThis\.cjJourneyNames = .*"sugarcrm-b2b":"B2B customer journey \(SugarCRM\)"/);
    expect(Object.keys(files).every((path) => /\.(php|js|hbs)$/.test(path))).toBe(true);
  });

  it('needs --out and the sugarcrm target', async () => {
    expect((await cli(['package', 'sugarcrm'])).code).toBe(2);
    expect((await cli(['package', 'salesforce', '--out', 'x.zip'])).stderr).toContain('crm-journey install salesforce');
  });
});
