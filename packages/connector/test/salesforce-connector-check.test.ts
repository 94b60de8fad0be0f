import { startSalesforceSandbox, type SalesforceSandbox } from '@crm-journey/sandbox';
import { afterEach, describe, expect, it } from 'vitest';
import { b2bJourney, connectTo, JOURNEY_TEXT, population, syncRun, testClock } from './salesforce-connector-support.ts';

let sandbox: SalesforceSandbox | undefined;
afterEach(async () => {
  await sandbox?.close();
  sandbox = undefined;
});

describe('Salesforce connector: journey check and API calls', () => {
  it('passes the bundled journey and reports unknown fields and picklist values with positions', async () => {
    const clock = testClock();
    sandbox = await startSalesforceSandbox({ now: clock.now });
    const connector = await connectTo(sandbox, clock.now);
    const ok = await connector.checkJourney(JOURNEY_TEXT, 'salesforce-b2b.yaml');
    expect(ok.errors).toEqual([]);
    expect(ok.journey?.id).toBe('salesforce-b2b');
    const tampered = JOURNEY_TEXT.replace(
      'Lead: { Status: Working - Contacted }',
      'Lead: { Statuss: Working }',
    ).replace('StageName: { $in: [Proposal/Price Quote', 'StageName: { $in: [Proposal Sent');
    const bad = await connector.checkJourney(tampered, 'salesforce-b2b.yaml');
    const messages = bad.errors.map((e) => `${e.location.line}:${e.location.column} ${e.message}`);
    expect(messages.some((m) => /^\d+:\d+ .*Statuss/.test(m))).toBe(true);
    expect(messages.some((m) => /^\d+:\d+ .*Proposal Sent/.test(m))).toBe(true);
    // Key fields are checked against the org's own fields too (what `validate --org` runs).
    const keyFields = await connector.checkJourney(
      JOURNEY_TEXT.replace(
        'keyFields: [Industry, AccountSource, Rating]',
        'keyFields: [Industri, AccountSource, Rating]',
      ),
      'salesforce-b2b.yaml',
    );
    expect(keyFields.errors.map((e) => `${e.rule} ${e.message}`)).toEqual([
      'unknown-field key field "Industri" is not a field of Account.',
    ]);
    // The sandbox always has the journey fields (it cannot remove fields), so the missing-field path
    // is not exercised against it.
  });

  it('reads and writes 2,000 customers in close to the minimum number of calls', async () => {
    const clock = testClock();
    sandbox = await startSalesforceSandbox({ records: population(2000, 3), now: clock.now });
    const connector = await connectTo(sandbox, clock.now);
    const before = connector.apiUsage().calls;
    const run = await syncRun(connector, b2bJourney(), clock.now());
    const used = connector.apiUsage().calls - before;
    // Minimum: ceil(records / 2000) query pages per object read, plus ceil(writes / 200) collection
    // calls for stage writes and for each activity object's upserts.
    const objects = ['Account', 'Lead', 'Contact', 'Opportunity', 'OpportunityHistory', 'LeadHistory', 'Case'];
    const activities = ['Task', 'Event'].map((object) => sandbox?.inspect.records(object) ?? []);
    const pages = [...objects.map((object) => sandbox?.inspect.count(object) ?? 0), ...activities.map((r) => r.length)]
      .map((count) => Math.max(1, Math.ceil(count / 2000)))
      .reduce((a, b) => a + b, 0);
    const created = activities.map(
      (records) => records.filter((r) => typeof r['Journey_Action_Key__c'] === 'string').length,
    );
    const writes = Math.ceil(run.summary.stagesWritten / 200) + created.reduce((a, n) => a + Math.ceil(n / 200), 0);
    const minimum = pages + writes;
    console.info(`2,000 customers: ${used} calls (minimum ${minimum}: ${pages} query pages + ${writes} writes)`);
    expect(run.summary.failures).toEqual([]);
    expect(used).toBeLessThanOrEqual(Math.ceil(minimum * 1.6));
  }, 60_000);
});
