import { validateJourney } from '@crm-journey/connector';
import { startSalesforceSandbox, type SalesforceSandbox } from '@crm-journey/sandbox';
import { afterEach, describe, expect, it } from 'vitest';
import { b2bJourney, connectTo, JOURNEY_TEXT, population, syncRun, testClock } from './salesforce-connector-support.ts';

let sandbox: SalesforceSandbox | undefined;
afterEach(async () => {
  await sandbox?.close();
  sandbox = undefined;
});

describe('Salesforce connector: actions meant for a queue', () => {
  it('creates the tasks for the running user and warns once, saying why and what to change', async () => {
    const text = JOURNEY_TEXT.replace(
      '        priority: high\n        mode: create\n',
      '        priority: high\n        owner: { queue: 00G000000000001AAA }\n        mode: create\n',
    );
    expect(text).not.toBe(JOURNEY_TEXT);
    const { journey, errors } = validateJourney(text, 'queue.yaml');
    expect(errors).toEqual([]);
    if (!journey) return;
    const clock = testClock();
    sandbox = await startSalesforceSandbox({ records: population(150, 9), now: clock.now });
    const warnings: { code: string; message: string }[] = [];
    const connector = await connectTo(sandbox, clock.now, { onWarning: (warning) => warnings.push(warning) });

    const run = await syncRun(connector, journey, clock.now());
    expect(run.summary.failures).toEqual([]);
    const qualifying = sandbox.inspect
      .records('Task')
      .filter((task) => String(task['Journey_Action_Key__c']).endsWith(':qualify-lead'));
    expect(qualifying.length).toBeGreaterThan(0);
    for (const task of qualifying) expect(task['OwnerId']).toBe(sandbox.userId);
    expect(warnings).toHaveLength(1);
    expect(warnings[0]?.code).toBe('CJ_QUEUE_OWNER');
    expect(warnings[0]?.message).toMatch(/^\d+ actions? of journey "[^"]+" are meant for a queue.*user owner/);
  });
});

describe('Salesforce connector: rows that name no customer', () => {
  it('leaves out a task logged on a converted lead and warns with the count and the fix', async () => {
    const generated = population(80, 9);
    const lead = (generated['Lead'] ?? []).find((row) => row['IsConverted'] === true);
    const task = (generated['Task'] ?? []).find((row) => typeof row['AccountId'] === 'string');
    expect(lead && task).toBeTruthy();
    // As a data load could leave it: on the converted lead, with no account.
    const orphan = { ...task, Id: '00T0000000ZZZZZAAA', WhoId: lead?.['Id'], WhatId: null, AccountId: null };
    const records = { ...generated, Task: [...(generated['Task'] ?? []), orphan] };
    const clock = testClock();
    sandbox = await startSalesforceSandbox({ records, now: clock.now });
    const warnings: { code: string; message: string }[] = [];
    const connector = await connectTo(sandbox, clock.now, { onWarning: (warning) => warnings.push(warning) });
    const journey = b2bJourney();
    const run = await syncRun(connector, journey, clock.now());
    expect(run.summary.failures).toEqual([]);
    expect(warnings.map((warning) => warning.code)).toEqual(['CJ_ROWS_UNATTACHED']);
    expect(warnings[0]?.message).toMatch(/^Rows naming no customer .*\(Task 1\).*AccountId/);
  });
});
