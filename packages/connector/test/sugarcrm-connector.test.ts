import { isConnectorError } from '@crm-journey/connector';
import { parseFaultSpec, startSugarSandbox, type SugarSandbox } from '@crm-journey/sandbox';
import { afterEach, describe, expect, it } from 'vitest';
import {
  AS_OF,
  connectToSugar,
  customersChangedSince,
  offline,
  population,
  storedKeys,
  sugarJourney,
  syncOnce,
} from './sugarcrm-connector-support.ts';

const journey = sugarJourney();
let sandbox: SugarSandbox | undefined;
afterEach(async () => {
  await sandbox?.close();
  sandbox = undefined;
});

describe('SugarCRM connector', () => {
  it('places customers as the offline engine does, creates each action once, and creates nothing on a second run', async () => {
    const records = population(500);
    sandbox = await startSugarSandbox({ records, now: () => AS_OF });
    const expected = offline(journey, records);
    const sugar = await connectToSugar(sandbox);
    const first = await syncOnce(sugar, journey);
    expect(first.stages).toEqual(expected.stages);
    expect(first.expectedKeys).toEqual(expected.keys);
    expect(new Set(storedKeys((module) => sandbox?.inspect.records(module) ?? []))).toEqual(expected.keys);
    expect(first.written.failures).toEqual([]);
    expect(first.written.tasksCreated).toBe(expected.keys.size);

    sandbox.inspect.resetLog();
    const second = await syncOnce(sugar, journey);
    expect(second.stages).toEqual(expected.stages);
    expect(second.written.tasksCreated).toBe(0);
    expect(sandbox.inspect.writes.filter((entry) => entry.operation !== 'update')).toEqual([]);
    expect(sandbox.inspect.duplicateActionKeys()).toEqual({});
    await sugar.close();
  });

  // Regression: a second run once rewrote journey fields because steady-state evaluation saw records
  // dated after asOf that the first-sight replay hid (fixed in the engine).
  it('writes nothing on a second run', async () => {
    sandbox = await startSugarSandbox({ records: population(500), now: () => AS_OF });
    const sugar = await connectToSugar(sandbox);
    await syncOnce(sugar, journey);
    sandbox.inspect.resetLog();
    await syncOnce(sugar, journey);
    expect(sandbox.inspect.writes).toEqual([]);
    await sugar.close();
  });

  it('after a run under faults and a clean run, leaves exactly one activity per expected key and the offline stages', async () => {
    const records = population(300, 23);
    sandbox = await startSugarSandbox({
      records,
      now: () => AS_OF,
      faults: {
        seed: 'sugar-connector',
        rules: parseFaultSpec('rate-limited:0.1,server-error:0.1,session-expired:0.02,row-lock:0.1'),
      },
    });
    const expected = offline(journey, records);
    // Small /bulk calls, so the schedule draws on many writes and a row lock lands on one.
    const sugar = await connectToSugar(sandbox, { bulkSize: 20 });
    await syncOnce(sugar, journey).catch((error: unknown) => {
      // A run may stop on a fault that outlasts its retries; the next run finishes the job.
      if (!isConnectorError(error)) throw error;
    });
    const injected = new Set(sandbox.faults?.injected.map((fault) => fault.kind));
    expect(injected).toEqual(new Set(['rate-limited', 'server-error', 'session-expired', 'row-lock']));
    // Retries, refreshed sessions and row-locked sub-results never leave a second activity behind.
    expect(sandbox.inspect.duplicateActionKeys()).toEqual({});
    sandbox.faults?.disable();
    const clean = await syncOnce(sugar, journey);
    expect(clean.written.failures).toEqual([]);
    expect(clean.stages).toEqual(expected.stages);
    expect(sandbox.inspect.duplicateActionKeys()).toEqual({});
    const keys = storedKeys((module) => sandbox?.inspect.records(module) ?? []);
    expect(keys).toHaveLength(expected.keys.size);
    expect(new Set(keys)).toEqual(expected.keys);
    await sugar.close();
  });

  it('reads only the customers changed since the watermark, and moves the changed one', async () => {
    let time = AS_OF;
    const records = population(200, 5);
    sandbox = await startSugarSandbox({ records, now: () => time });
    const sugar = await connectToSugar(sandbox);
    const full = await syncOnce(sugar, journey);
    const fullRequests = sandbox.inspect.requests.length;
    // Our own writes move date_modified too, so the next incremental read sees the customers the previous
    // run wrote; two runs absorb the first run's writes.
    let watermark = full.summary.watermark;
    for (let settle = 0; settle < 2; settle++) {
      time += 60_000;
      sandbox.inspect.resetLog();
      watermark = (await syncOnce(sugar, journey, { since: watermark })).summary.watermark;
    }
    const writtenLastRun = new Set(sandbox.inspect.writes.map((write) => write.id));
    expect(writtenLastRun.size).toBeLessThan(5);
    time += 60_000;
    const open = (records['Opportunities'] ?? []).find(
      (opportunity) => !String(opportunity['sales_stage']).startsWith('Closed'),
    );
    const accountId = String(open?.['account_id']);
    expect(full.stages.get(accountId)).toMatch(/evaluation|purchase/);
    sandbox.update('Opportunities', String(open?.['id']), {
      sales_stage: 'Closed Won',
      date_closed: new Date(time).toISOString().slice(0, 10),
    });
    time += 60_000;
    // The watermark is the last read's start on the instance's clock minus the 60 s margin.
    expect(watermark).toBe(`${new Date(time - 180_000).toISOString().slice(0, 19)}+00:00`);
    sandbox.inspect.resetLog();
    const incremental = await syncOnce(sugar, journey, { since: watermark });
    // Every customer with a record modified at or after the watermark: the edited one, those the runs
    // within the margin wrote, and the few the generator dates after the test clock.
    const changed = customersChangedSince((module) => sandbox?.inspect.records(module) ?? [], watermark);
    expect(changed).toContain(accountId);
    for (const id of writtenLastRun) expect(changed).toContain(id);
    expect(new Set(incremental.stages.keys())).toEqual(changed);
    // Each changed customer yielded once, none of the other ~200.
    expect(incremental.customers).toBe(changed.size);
    expect(incremental.stages.get(accountId)).toBe('onboarding');
    expect(incremental.written.stagesWritten).toBe(1);
    expect(sandbox.inspect.requests.length).toBeLessThan(fullRequests / 2);
    await sugar.close();
  });

  it('reads and writes 2,000 customers in close to the minimum number of requests', async () => {
    const records = population(2000, 3);
    sandbox = await startSugarSandbox({ records, now: () => AS_OF });
    const sugar = await connectToSugar(sandbox);
    sandbox.inspect.resetLog();
    const run = await syncOnce(sugar, journey);
    const used = sandbox.inspect.requests.length;
    // Minimum: ceil(records / max_num) filter pages per module read (max_num = max_list_limit = 1000), plus
    // /bulk calls of 100 sub-requests (the connector's batch) for the audit log of every audited record
    // changed since its creation, for the created activities and for the stage writes. Key look-ups before
    // create, metadata and token calls are the overhead the 1.5x allows.
    const inspect = sandbox.inspect;
    const read = ['Accounts', 'Leads', 'Contacts', 'Opportunities', 'Cases', 'Tasks', 'Calls', 'Meetings'];
    const pages = read
      .map((module) => Math.max(1, Math.ceil((records[module]?.length ?? 0) / 1000)))
      .reduce((a, b) => a + b);
    const audited = ['Leads', 'Opportunities']
      .flatMap((module) => records[module] ?? [])
      .filter((record) => record['date_modified'] !== record['date_entered']).length;
    const batches = (count: number): number => Math.ceil(count / 100);
    const bulk = batches(audited) + batches(run.written.tasksCreated) + batches(run.written.stagesWritten);
    const minimum = pages + bulk;
    console.log(
      `[requests] 2,000 Sugar customers: ${used} requests (minimum ${minimum}: ${pages} filter pages + ${bulk} /bulk calls)`,
    );
    console.log(`[requests] by endpoint: ${JSON.stringify(inspect.callsByEndpoint())}`);
    expect(run.written.failures).toEqual([]);
    expect(used).toBeLessThanOrEqual(Math.ceil(minimum * 1.5));
    await sugar.close();
  }, 60_000);
});
