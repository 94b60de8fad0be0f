import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { CrmConnector, JourneyDefinition } from '@crm-journey/connector';
import { connectSalesforce } from '@crm-journey/connector/salesforce';
import { connectSugar } from '@crm-journey/connector/sugarcrm';
import {
  DEFAULT_AS_OF,
  generatePopulation,
  startSalesforceSandbox,
  startSugarSandbox,
  toSalesforceRecords,
  toSugarRecords,
  type Sandbox,
} from '@crm-journey/sandbox';
import { afterAll, describe, expect, it } from 'vitest';
import { createLogger } from '../src/logging/create-logger.ts';
import { buildServeApp } from '../src/serve/serve-app.ts';
import { createServeMetrics } from '../src/serve/serve-metrics.ts';
import { openSyncStore } from '../src/state/sync-store.ts';
import { runCliInProcess } from './run-cli-in-process.ts';

// A `customer.links` name is pasted into the read's SOQL / Sugar filter: anything but an identifier under
// the CRM's naming rules is refused at validation, with its position and a fix, through the CLI and
// through serve's POST /v1/plan, and no query reaches the CRM.

const TOKEN = 'link-injection-token-0123456789abcdef';
const HOSTILE = [
  "AccountId FROM Account WHERE Name != ''--",
  'AccountId) OR (Id',
  "Account'Id",
  'Account Id',
  'account_id; DROP',
];
const crms = {
  salesforce: { root: 'Account', linked: 'Case', field: 'Status' },
  sugarcrm: { root: 'Accounts', linked: 'Cases', field: 'status' },
} as const;
type Crm = keyof typeof crms;

function journeyText(crm: Crm, link: string): string {
  const { root, linked, field } = crms[crm];
  return [
    'journey: links',
    'name: Links',
    `crm: ${crm}`,
    'customer:',
    `  root: ${root}`,
    '  links:',
    `    ${linked}: ${JSON.stringify(link)}`,
    'stages:',
    `  - { id: known, label: Known, when: { ${root}: {} } }`,
    `  - { id: support, label: Support, when: { ${linked}: { ${field}: New } } }`,
    '',
  ].join('\n');
}

const dir = mkdtempSync(join(tmpdir(), 'cj-links-'));
afterAll(() => {
  rmSync(dir, { recursive: true, force: true });
});

describe.each(Object.keys(crms) as Crm[])('%s customer.links', (crm) => {
  it.each(HOSTILE)('validate refuses %j at its line and column, with a fix', async (link) => {
    const file = join(dir, `${crm}.yaml`);
    writeFileSync(file, journeyText(crm, link));
    const { code, stderr } = await runCliInProcess(['validate', file], dir);
    expect(code).toBe(1);
    expect(stderr).toContain(`${file}:7:`);
    expect(stderr).toMatch(
      /error invalid-field customer\.links\.\w+: .* is not a valid (Salesforce|SugarCRM) field name/,
    );
    expect(stderr).toMatch(/Use the field's (API )?name/);
  });

  it('POST /v1/plan refuses the names before any query reaches the CRM, and checks the org catalogue', async () => {
    const population = generatePopulation({ customers: 8, seed: 3 });
    let sandbox: Sandbox;
    let connector: CrmConnector;
    if (crm === 'salesforce') {
      const started = await startSalesforceSandbox({
        records: toSalesforceRecords(population),
        now: () => DEFAULT_AS_OF,
      });
      sandbox = started;
      connector = await connectSalesforce({ instanceUrl: started.url, accessToken: started.accessToken });
    } else {
      const started = await startSugarSandbox({ records: toSugarRecords(population), now: () => DEFAULT_AS_OF });
      sandbox = started;
      connector = await connectSugar({ url: started.url, username: started.username, password: started.password });
    }
    const store = openSyncStore(':memory:');
    const { logger } = createLogger({ output: { write: () => undefined }, format: 'json', level: 'silent' });
    const good = await connector.checkJourney(
      journeyText(crm, crm === 'salesforce' ? 'AccountId' : 'account_id'),
      'good.yaml',
    );
    const journey: JourneyDefinition | undefined = good.journey;
    if (!journey) throw new Error(`the test journey does not fit the ${crm} sandbox: ${JSON.stringify(good.errors)}`);
    const app = await buildServeApp({
      token: TOKEN,
      logger,
      connector,
      journey,
      store,
      scope: `links|${crm}`,
      metrics: createServeMetrics(),
      isReady: () => true,
      now: () => DEFAULT_AS_OF,
    });
    try {
      const base = await app.listen({ host: '127.0.0.1', port: 0 });
      const plan = async (
        link: string,
      ): Promise<{
        status: number;
        diagnostics: { rule: string; message: string; location: { line: number } }[];
      }> => {
        const response = await fetch(`${base}/v1/plan`, {
          method: 'POST',
          headers: { authorization: `Bearer ${TOKEN}`, 'content-type': 'application/json' },
          body: JSON.stringify({ journey: journeyText(crm, link) }),
        });
        const body = (await response.json()) as { error: { code: string; diagnostics: never[] } };
        expect(body.error.code).toBe('JOURNEY_INVALID');
        return { status: response.status, diagnostics: body.error.diagnostics };
      };
      sandbox.inspect.resetLog();
      for (const link of HOSTILE) {
        const { status, diagnostics } = await plan(link);
        expect(status).toBe(400);
        expect(diagnostics).toHaveLength(1);
        expect(diagnostics[0]).toMatchObject({ rule: 'invalid-field', location: { line: 7 } });
      }
      const reads = sandbox.inspect.requests.filter((entry) => /\/query|\/filter|\/bulk|\/jobs/.test(entry.path));
      expect(reads).toEqual([]);
      // A well-formed name the org's catalogue does not have is refused too, still before any read.
      const { diagnostics } = await plan('Not_A_Field__c');
      expect(diagnostics).toEqual([
        expect.objectContaining({
          rule: 'unknown-field',
          message: expect.stringContaining('Not_A_Field__c') as string,
        }),
      ]);
      expect(sandbox.inspect.requests.filter((entry) => /\/query|\/filter|\/bulk|\/jobs/.test(entry.path))).toEqual([]);
    } finally {
      await app.close();
      await store.close();
      await connector.close();
      await sandbox.close();
    }
  });
});
