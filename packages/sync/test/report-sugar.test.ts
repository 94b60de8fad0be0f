// `crm-journey report` against the SugarCRM sandbox: read with the real Sugar client, it names the planted
// bottlenecks (docs/sandbox.md) and counts exactly the Tasks, Calls and Meetings a sync wrote before it.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ReportDocument } from '../src/report/render-report-html.ts';
import { expectPlantedBottlenecks } from './report-support.ts';
import { runCliInProcess } from './run-cli-in-process.ts';
import { startSyncedSugarSandbox, type SyncedSugarSandbox } from './synced-sugar-sandbox.ts';

describe('crm-journey report against the SugarCRM sandbox', () => {
  let sugar: SyncedSugarSandbox;
  beforeAll(async () => {
    // A sync first, so the instance has journey activities for the action table.
    sugar = await startSyncedSugarSandbox();
  });
  afterAll(async () => {
    await sugar.sandbox.close();
  });

  it('finds the planted bottlenecks and counts the Tasks, Calls and Meetings the sync created', async () => {
    const { sandbox, journeyFile, target, asOf } = sugar;
    const run = await runCliInProcess(['report', '--journey', journeyFile, ...target, '--as-of', asOf, '--json']);
    expect(run.code, run.stderr).toBe(0);
    const { report } = JSON.parse(run.stdout) as ReportDocument;
    expect(report.journey.id).toBe('sugarcrm-b2b');
    expect(report.customers).toBe(sugar.customers);
    expectPlantedBottlenecks(report);
    // The activities the sync wrote show up as created actions, counted exactly.
    const keys = ['Tasks', 'Calls', 'Meetings']
      .flatMap((module) => sandbox.inspect.records(module))
      .map((activity) => activity['journey_action_key_c'])
      .filter((key): key is string => typeof key === 'string' && key.startsWith('cj:sugarcrm-b2b:'));
    expect(keys.length).toBeGreaterThan(0);
    expect(report.actions.reduce((sum, action) => sum + action.created, 0)).toBe(keys.length);
    for (const id of ['qualify-lead', 'tailored-demo', 'kickoff']) {
      const created = report.actions
        .filter((action) => action.action === id)
        .reduce((sum, action) => sum + action.created, 0);
      expect(created, id).toBe(keys.filter((key) => key.endsWith(`:${id}`)).length);
      expect(created, id).toBeGreaterThan(0);
    }
  });
});
