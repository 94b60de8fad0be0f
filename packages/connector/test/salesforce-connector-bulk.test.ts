import { parseFaultSpec, startSalesforceSandbox, type SalesforceSandbox } from '@crm-journey/sandbox';
import { afterEach, describe, expect, it } from 'vitest';
import {
  activityKeys,
  b2bJourney,
  connectTo,
  offlineStates,
  population,
  syncRun,
  testClock,
} from './salesforce-connector-support.ts';

const sandboxes: SalesforceSandbox[] = [];
afterEach(async () => {
  await Promise.all(sandboxes.splice(0).map((sandbox) => sandbox.close()));
});

describe('Salesforce connector reading through Bulk API 2.0 query jobs', () => {
  it('above the threshold, reads customers exactly as the REST path does, then writes nothing', async () => {
    const clock = testClock();
    const records = population(300, 17);
    const rest = await startSalesforceSandbox({ records, now: clock.now });
    const bulk = await startSalesforceSandbox({ records, now: clock.now });
    sandboxes.push(rest, bulk);
    const journey = b2bJourney();
    const expected = offlineStates(journey, records, clock.now());

    const restRun = await syncRun(await connectTo(rest, clock.now), journey, clock.now());
    // Pages of 200 rows: every object with more rows than that switches to a query job after its first page.
    const connector = await connectTo(bulk, clock.now, {
      bulkQueryThreshold: 1,
      batchSize: 200,
      bulkPollIntervalMs: 5,
    });
    const bulkRun = await syncRun(connector, journey, clock.now());

    expect(bulkRun.summary.failures).toEqual([]);
    expect(bulkRun.states.size).toBe(expected.size);
    for (const [id, state] of restRun.states) {
      const got = bulkRun.states.get(id);
      expect({ id, stage: got?.stage, enteredAt: got?.stageEnteredAt }).toEqual({
        id,
        stage: state.stage,
        enteredAt: state.stageEnteredAt,
      });
      expect(got?.stage).toBe(expected.get(id)?.stage);
    }
    expect(activityKeys(bulk)).toEqual(activityKeys(rest));
    expect(bulkRun.summary).toMatchObject({
      tasksCreated: restRun.summary.tasksCreated,
      stagesWritten: restRun.summary.stagesWritten,
    });
    const endpoints = Object.keys(bulk.inspect.callsByEndpoint());
    expect(endpoints.some((endpoint) => endpoint.includes('/jobs/query'))).toBe(true);
    expect(Object.keys(rest.inspect.callsByEndpoint()).some((endpoint) => endpoint.includes('/jobs/'))).toBe(false);

    bulk.inspect.resetLog();
    const second = await syncRun(connector, journey, clock.now());
    expect(second.summary).toMatchObject({ stagesWritten: 0, tasksCreated: 0, failures: [] });
    expect(bulk.inspect.writes).toEqual([]);
  });

  it('reads every row once when CSV result downloads are dropped', async () => {
    const clock = testClock();
    const records = population(300, 17);
    const rest = await startSalesforceSandbox({ records, now: clock.now });
    // Half of the results downloads drop the connection (the sandbox sends at most half the body).
    const faults = { seed: 'csv-cut', rules: parseFaultSpec('reset:0.5@/results') };
    const bulk = await startSalesforceSandbox({ records, now: clock.now, faults });
    sandboxes.push(rest, bulk);
    const journey = b2bJourney();
    const options = {
      bulkQueryThreshold: 1,
      batchSize: 200,
      bulkPollIntervalMs: 5,
      retry: { baseDelayMs: 1, attempts: 8 },
    };
    const restRun = await syncRun(await connectTo(rest, clock.now), journey, clock.now());
    const bulkRun = await syncRun(await connectTo(bulk, clock.now, options), journey, clock.now());

    // Streams that fit a page once continued past a full first page read no query job: fewer downloads.
    expect((bulk.faults?.injected ?? []).filter((fault) => fault.kind === 'reset').length).toBeGreaterThanOrEqual(2);
    expect(bulkRun.summary.failures).toEqual([]);
    expect(bulkRun.states.size).toBe(restRun.states.size);
    for (const [id, state] of restRun.states) {
      expect({ id, state: bulkRun.states.get(id) }).toEqual({ id, state });
    }
    expect(activityKeys(bulk)).toEqual(activityKeys(rest));
  });
});
