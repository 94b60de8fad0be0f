import { isConnectorError } from '@crm-journey/connector';
import { parseFaultSpec, startSalesforceSandbox, type SalesforceSandbox } from '@crm-journey/sandbox';
import { afterEach, describe, expect, it } from 'vitest';
import {
  activityKeys,
  b2bJourney,
  connectTo,
  expectedTaskKeys,
  offlineStates,
  population,
  syncRun,
  testClock,
} from './salesforce-connector-support.ts';

let sandbox: SalesforceSandbox | undefined;
afterEach(async () => {
  await sandbox?.close();
  sandbox = undefined;
});

describe('Salesforce connector against the sandbox org', () => {
  it('connects with an access token and refuses a bad one with CRM_AUTH_EXPIRED, token not in the message', async () => {
    const clock = testClock();
    sandbox = await startSalesforceSandbox({ now: clock.now });
    const connector = await connectTo(sandbox, clock.now);
    expect(connector.apiUsage().calls).toBe(1);
    const bad = '00D000000000001!AQbogusbogusbogusbogus';
    const error: unknown = await connectTo(sandbox, clock.now, { accessToken: bad }).catch((e: unknown) => e);
    expect(isConnectorError(error, 'CRM_AUTH_EXPIRED')).toBe(true);
    expect((error as Error).message).not.toContain(bad);
  });

  it('places every customer where the offline engine does, creates each expected task once, then writes nothing', async () => {
    const clock = testClock();
    const records = population(500);
    sandbox = await startSalesforceSandbox({ records, now: clock.now });
    const journey = b2bJourney();
    const expected = offlineStates(journey, records, clock.now());
    const connector = await connectTo(sandbox, clock.now);

    const first = await syncRun(connector, journey, clock.now());
    expect(first.summary.failures).toEqual([]);
    expect(first.states.size).toBe(expected.size);
    for (const [id, state] of expected) {
      expect({ id, stage: first.states.get(id)?.stage }).toEqual({ id, stage: state.stage });
      expect(first.states.get(id)?.stageEnteredAt).toBe(state.stageEnteredAt);
    }
    const expectedKeys = expectedTaskKeys(expected.values());
    expect(activityKeys(sandbox)).toEqual(expectedKeys);
    expect(first.summary.tasksCreated).toBe(expectedKeys.length);

    // Open tasks the journey created are not touchpoints yet, so the next run has nothing to write.
    sandbox.inspect.resetLog();
    const second = await syncRun(connector, journey, clock.now());
    expect(second.summary).toMatchObject({ stagesWritten: 0, tasksCreated: 0, failures: [] });
    expect(sandbox.inspect.writes).toEqual([]);
  });

  it('after a run under faults and a clean run, leaves exactly the expected tasks and stages', async () => {
    const clock = testClock();
    const records = population(300, 23);
    sandbox = await startSalesforceSandbox({
      records,
      now: clock.now,
      faults: {
        seed: 'sf-connector',
        rules: parseFaultSpec('server-error:0.08,row-lock:0.1,rate-limited:0.05,reset:0.03,session-expired:0.02'),
      },
    });
    const journey = b2bJourney();
    const expected = offlineStates(journey, records, clock.now());
    const login = await fetch(`${sandbox.url}/services/oauth2/token`, {
      method: 'POST',
      body: new URLSearchParams({
        grant_type: 'password',
        client_id: 'crm-journey',
        client_secret: 'secret',
        username: sandbox.username,
        password: sandbox.password,
      }),
    });
    const tokens = (await login.json()) as { access_token: string; refresh_token: string };
    const connector = await connectTo(sandbox, clock.now, {
      accessToken: tokens.access_token,
      refreshToken: tokens.refresh_token,
      clientId: 'crm-journey',
      clientSecret: 'secret',
      loginUrl: sandbox.url,
    });
    await syncRun(connector, journey, clock.now()).catch((error: unknown) => {
      // A run may still stop on a fault that outlasts its retries; the next run finishes the job.
      if (!isConnectorError(error)) throw error;
    });
    expect(sandbox.faults?.injected.length).toBeGreaterThan(0);
    sandbox.faults?.disable();
    const clean = await syncRun(connector, journey, clock.now());
    expect(clean.summary.failures).toEqual([]);
    for (const [id, state] of expected)
      expect({ id, stage: clean.states.get(id)?.stage }).toEqual({ id, stage: state.stage });
    const expectedKeys = expectedTaskKeys(expected.values());
    expect(activityKeys(sandbox)).toEqual(expectedKeys);
  });

  it('reads only the customers changed since the watermark, and moves the changed one', async () => {
    const clock = testClock();
    const records = population(200, 5);
    sandbox = await startSalesforceSandbox({ records, now: clock.now });
    const journey = b2bJourney();
    const connector = await connectTo(sandbox, clock.now, { watermarkMarginMs: 1000 });
    const full = await syncRun(connector, journey, clock.now());
    // Incremental runs right after: they skip the echo of our own writes (see the incremental tests).
    let watermark = full.read.watermark;
    for (let settle = 0; settle < 2; settle++) {
      clock.advance(60_000);
      sandbox.inspect.resetLog();
      watermark = (await syncRun(connector, journey, clock.now(), watermark)).read.watermark;
    }
    const writtenLastRun = new Set(sandbox.inspect.writes.map((write) => write.id));
    clock.advance(60_000);
    const open = (records['Opportunity'] ?? []).find((opportunity) => opportunity['IsClosed'] === false);
    const accountId = String(open?.['AccountId']);
    expect(full.states.get(accountId)?.stage).toMatch(/evaluation|purchase/);
    sandbox.update('Opportunity', String(open?.['Id']), { StageName: 'Closed Won', CloseDate: '2026-11-19' });
    clock.advance(60_000);
    const incremental = await syncRun(connector, journey, clock.now(), watermark);
    expect(writtenLastRun.size).toBeLessThan(5);
    // The generator dates a few cases after the test clock: their customers count as changed too.
    const future = Object.values(records)
      .flatMap((rows) => rows ?? [])
      .filter((row) => Date.parse(String(row['SystemModstamp']).replace('+0000', 'Z')) > Date.parse(watermark))
      .map((row) => String(row['AccountId']));
    expect(new Set(incremental.states.keys())).toEqual(new Set([accountId, ...writtenLastRun, ...future]));
    expect(incremental.states.get(accountId)?.stage).toBe('onboarding');
    expect(incremental.summary.stagesWritten).toBe(1);
  });
});
