import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { isConnectorError } from '@crm-journey/connector';
import { startSalesforceSandbox, type SalesforceSandbox } from '@crm-journey/sandbox';
import { afterEach, describe, expect, it } from 'vitest';
import { b2bJourney, connectTo, JOURNEY_TEXT, population, syncRun, testClock } from './salesforce-connector-support.ts';

let sandbox: SalesforceSandbox | undefined;
const folders: string[] = [];
afterEach(async () => {
  await sandbox?.close();
  sandbox = undefined;
  for (const folder of folders.splice(0)) rmSync(folder, { recursive: true, force: true });
});

const describes = (box: SalesforceSandbox): number =>
  box.inspect.requests.filter((request) => request.path.endsWith('/describe')).length;

function cacheFolder(): string {
  const folder = mkdtempSync(path.join(tmpdir(), 'cj-describe-'));
  folders.push(folder);
  return folder;
}

describe('Salesforce connector: describe cache across runs', () => {
  it('describes each object once per org; the next run checks and reads with no describe call', async () => {
    const clock = testClock();
    sandbox = await startSalesforceSandbox({ records: population(150, 7), now: clock.now });
    const describeCache = { dir: cacheFolder() };
    const journey = b2bJourney();

    const cold = await connectTo(sandbox, clock.now, { describeCache });
    expect((await cold.checkJourney(JOURNEY_TEXT, 'salesforce-b2b.yaml')).errors).toEqual([]);
    const first = await syncRun(cold, journey, clock.now());
    const described = describes(sandbox);
    expect(described).toBeGreaterThanOrEqual(6);

    sandbox.inspect.resetLog();
    const warm = await connectTo(sandbox, clock.now, { describeCache });
    expect((await warm.checkJourney(JOURNEY_TEXT, 'salesforce-b2b.yaml')).errors).toEqual([]);
    const second = await syncRun(warm, journey, clock.now());
    expect(describes(sandbox)).toBe(0);
    expect(second.states.size).toBe(first.states.size);
    for (const [id, state] of first.states) expect(second.states.get(id)?.stage).toBe(state.stage);
  });

  it('checks again with fresh describes when a cached one lacks a field the journey names', async () => {
    const clock = testClock();
    sandbox = await startSalesforceSandbox({ now: clock.now });
    const describeCache = { dir: cacheFolder() };
    const cold = await connectTo(sandbox, clock.now, { describeCache });
    expect((await cold.checkJourney(JOURNEY_TEXT, 'salesforce-b2b.yaml')).errors).toEqual([]);
    // As if the cache was filled before StageName existed.
    const [orgFolder = ''] = readdirSync(describeCache.dir);
    const file = path.join(describeCache.dir, orgFolder, 'Opportunity.json');
    const entry = JSON.parse(readFileSync(file, 'utf8')) as { describe: { fields: { name: string }[] } };
    entry.describe.fields = entry.describe.fields.filter((field) => field.name !== 'StageName');
    writeFileSync(file, JSON.stringify(entry));

    sandbox.inspect.resetLog();
    const warm = await connectTo(sandbox, clock.now, { describeCache });
    expect((await warm.checkJourney(JOURNEY_TEXT, 'salesforce-b2b.yaml')).errors).toEqual([]);
    expect(describes(sandbox)).toBeGreaterThan(0);
    const refreshed = JSON.parse(readFileSync(file, 'utf8')) as { describe: { fields: { name: string }[] } };
    expect(refreshed.describe.fields.some((field) => field.name === 'StageName')).toBe(true);
  });

  it('describes again once an entry is older than maxAgeMs', async () => {
    const clock = testClock();
    sandbox = await startSalesforceSandbox({ now: clock.now });
    const dir = cacheFolder();
    await (await connectTo(sandbox, clock.now, { describeCache: { dir } })).checkJourney(JOURNEY_TEXT, 'j.yaml');
    sandbox.inspect.resetLog();
    await new Promise((resolve) => setTimeout(resolve, 20));
    const expired = await connectTo(sandbox, clock.now, { describeCache: { dir, maxAgeMs: 10 } });
    await expired.checkJourney(JOURNEY_TEXT, 'j.yaml');
    expect(describes(sandbox)).toBeGreaterThanOrEqual(6);
  });

  it('after a read names a field the org no longer has, forgets the cache and says to run again', async () => {
    const clock = testClock();
    sandbox = await startSalesforceSandbox({ records: population(60, 7), now: clock.now });
    const describeCache = { dir: cacheFolder() };
    const cold = await connectTo(sandbox, clock.now, { describeCache });
    expect((await cold.checkJourney(JOURNEY_TEXT, 'salesforce-b2b.yaml')).errors).toEqual([]);
    // As if Ghost__c was deleted from Account after the cache was filled.
    const [orgFolder = ''] = readdirSync(describeCache.dir);
    const file = path.join(describeCache.dir, orgFolder, 'Account.json');
    const entry = JSON.parse(readFileSync(file, 'utf8')) as { describe: { fields: { name: string; type: string }[] } };
    entry.describe.fields.push({ name: 'Ghost__c', type: 'string' });
    writeFileSync(file, JSON.stringify(entry));

    const stale = await connectTo(sandbox, clock.now, { describeCache });
    const error: unknown = await syncRun(stale, b2bJourney(), clock.now()).catch((caught: unknown) => caught);
    expect(isConnectorError(error, 'CRM_REQUEST_FAILED')).toBe(true);
    expect((error as Error).message).toMatch(/Ghost__c.*cached describes were out of date/s);
    expect((error as { actions?: string[] }).actions).toEqual(['Run again: the objects will be described afresh.']);

    const fresh = await connectTo(sandbox, clock.now, { describeCache });
    const run = await syncRun(fresh, b2bJourney(), clock.now());
    expect(run.states.size).toBeGreaterThan(0);
  });
});
