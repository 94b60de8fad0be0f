// The watermark comes from the org's clock (the `Date` header of the read's first call), so a sync host
// whose clock is off by minutes still reads a deal won between two runs.
import { startSalesforceSandbox, type SalesforceSandbox } from '@crm-journey/sandbox';
import { afterEach, describe, expect, it } from 'vitest';
import { b2bJourney, connectTo, population, syncRun, testClock } from './salesforce-connector-support.ts';

let sandbox: SalesforceSandbox | undefined;
afterEach(async () => {
  await sandbox?.close();
  sandbox = undefined;
});
const MINUTE = 60_000;

describe('Salesforce connector: the org clock, not ours', () => {
  it.each([
    { skew: 5 * MINUTE, label: '5 minutes ahead' },
    { skew: 10 * MINUTE, label: '10 minutes ahead' },
    { skew: -10 * MINUTE, label: '10 minutes behind' },
  ])('with our clock $label, a deal won between two runs is read', async ({ skew }) => {
    const clock = testClock();
    const records = population(80, 5);
    sandbox = await startSalesforceSandbox({ records, now: clock.now });
    const box = sandbox;
    const ours = (): number => clock.now() + skew;
    const journey = b2bJourney();
    const connector = await connectTo(box, ours);
    const first = await syncRun(connector, journey, ours());
    // The org's time at the read's start, to the second, minus the default margin of 60 s.
    expect(first.read.watermark).toBe(new Date(Math.floor(clock.now() / 1000) * 1000 - MINUTE).toISOString());

    clock.advance(MINUTE);
    const open = (records['Opportunity'] ?? []).find(
      (opportunity) =>
        opportunity['IsClosed'] === false &&
        /evaluation|purchase/.test(String(first.states.get(String(opportunity['AccountId']))?.stage)),
    );
    const dealAccount = String(open?.['AccountId']);
    box.update('Opportunity', String(open?.['Id']), { StageName: 'Closed Won', CloseDate: '2026-11-19' });
    clock.advance(MINUTE);

    const second = await syncRun(connector, journey, ours(), first.read.watermark);
    expect([...second.states.keys()]).toContain(dealAccount);
    expect(second.states.get(dealAccount)?.stage).toBe('onboarding');
    expect(second.summary.failures).toEqual([]);
  });

  it('the sandbox sends its own clock as the Date header, as an org does', async () => {
    const clock = testClock(Date.parse('2031-02-03T04:05:06Z'));
    sandbox = await startSalesforceSandbox({ records: population(2, 5), now: clock.now });
    const response = await fetch(`${sandbox.url}/services/data`);
    expect(response.headers.get('date')).toBe('Mon, 03 Feb 2031 04:05:06 GMT');
  });
});
