// The echo check on Sugar: our own journey-field writes and the untouched activities we created are not
// changes, so a run right after a sync reads nothing; any other edit, by anyone (the integration user too),
// even one saved between our read and our write, still is.
import { startSugarSandbox, type SugarSandbox } from '@crm-journey/sandbox';
import { afterEach, describe, expect, it } from 'vitest';
import { connectSugar as restClient } from './sugarcrm-support.ts';
import {
  AS_OF,
  connectToSugar,
  population,
  secondAfterEveryRecord,
  sugarJourney,
  syncOnce,
} from './sugarcrm-connector-support.ts';

const journey = sugarJourney();
const MINUTE = 60_000;
let sandbox: SugarSandbox | undefined;
afterEach(async () => {
  await sandbox?.close();
  sandbox = undefined;
});

const filterCalls = (box: SugarSandbox): number =>
  box.inspect.requests.filter((request) => request.path.endsWith('/filter')).length;

describe('SugarCRM connector: incremental reads after its own writes', () => {
  it('a run right after a full sync reads none of the customers it wrote, and writes nothing', async () => {
    const records = population(300, 5);
    let time = Math.max(AS_OF, secondAfterEveryRecord(records)) + 2 * MINUTE;
    sandbox = await startSugarSandbox({ records, now: () => time });
    const sugar = await connectToSugar(sandbox);
    const full = await syncOnce(sugar, journey);
    expect(full.written.stagesWritten).toBeGreaterThan(250);
    expect(full.written.tasksCreated).toBeGreaterThan(100);
    expect(full.written.failures).toEqual([]);

    // Within the margin: every journey-field write and every created activity is scanned, and is ours.
    time += 10_000;
    sandbox.inspect.resetLog();
    const second = await syncOnce(sugar, journey, { since: full.summary.watermark });
    expect(second.customers).toBe(0);
    expect(sandbox.inspect.writes).toEqual([]);
    expect(second.written).toMatchObject({ stagesWritten: 0, tasksCreated: 0 });
    // The changed-rows scan: one /bulk of first pages, further pages of the roots; no customer re-read.
    expect(filterCalls(sandbox)).toBeLessThan(10);
    await sugar.close();
  });

  it('still reads a customer changed by the integration user: its root between our read and our write, a deal, a task', async () => {
    const records = population(200, 5);
    let time = Math.max(AS_OF, secondAfterEveryRecord(records)) + 2 * MINUTE;
    sandbox = await startSugarSandbox({ records, now: () => time });
    const box = sandbox;
    const sugar = await connectToSugar(box);
    // The very user the connector logs in as: no filter on the modifying user could tell these edits apart.
    const rest = await restClient(box);
    const accounts = (records['Accounts'] ?? []).map((account) => String(account['id']));
    const open = (records['Opportunities'] ?? []).find(
      (opportunity) => !String(opportunity['sales_stage']).startsWith('Closed'),
    );
    const dealAccount = String(open?.['account_id']);
    const editedMidRun = accounts.find((id) => id !== dealAccount) ?? '';

    const first = await syncOnce(sugar, journey, {}, async () => {
      time += 1000;
      const edit = await rest.http.put(`/Accounts/${editedMidRun}`, { description: 'Edited while the sync ran' });
      expect(edit.status).toBe(200);
    });
    expect(first.written.stagesWritten).toBeGreaterThan(100);
    expect(first.written.failures).toEqual([]);
    expect(first.stages.get(dealAccount)).toMatch(/evaluation|purchase/);
    // Our journey-field write landed after the edit, on the same root.
    expect(box.inspect.writes.some((write) => write.id === editedMidRun && write.operation === 'update')).toBe(true);

    time += MINUTE;
    const won = await rest.http.put(`/Opportunities/${String(open?.['id'])}`, {
      sales_stage: 'Closed Won',
      date_closed: new Date(time).toISOString().slice(0, 10),
    });
    expect(won.status).toBe(200);
    const ours = box.inspect
      .records('Tasks')
      .find(
        (task) =>
          typeof task['journey_action_key_c'] === 'string' &&
          task['parent_type'] === 'Accounts' &&
          ![dealAccount, editedMidRun].includes(String(task['parent_id'])),
      );
    const taskAccount = String(ours?.['parent_id']);
    expect(ours).toBeDefined();
    const done = await rest.http.put(`/Tasks/${String(ours?.['id'])}`, { status: 'Completed' });
    expect(done.status).toBe(200);
    time += MINUTE;

    const second = await syncOnce(sugar, journey, { since: first.summary.watermark });
    expect(new Set(second.stages.keys())).toEqual(new Set([editedMidRun, dealAccount, taskAccount]));
    expect(second.stages.get(dealAccount)).toBe('onboarding');
    expect(second.written.failures).toEqual([]);
    await sugar.close();
  });
});
