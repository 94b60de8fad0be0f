// Incremental reads on Sugar: the watermark is the instance's clock at the read's start minus a margin,
// and the next read asks for `date_modified $gte` it, so an edit in the watermark's own second is read.
import { startSugarSandbox, type SugarSandbox } from '@crm-journey/sandbox';
import { afterEach, describe, expect, it } from 'vitest';
import {
  AS_OF,
  connectToSugar,
  customersChangedSince,
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

const sugarTime = (ms: number): string => `${new Date(ms).toISOString().slice(0, 19)}+00:00`;
const rowsOf = (module: string) => sandbox?.inspect.records(module) ?? [];

describe('SugarCRM connector, incremental reads', () => {
  // Regression: the watermark was the newest date_modified seen and the next read asked for `$gt` it, so an
  // edit saved in the same second as a read that saw fresh records was never read ("Closed Won not
  // picked up" in the demo).
  it.each([
    { margin: 0, label: 'no margin' },
    { margin: undefined, label: 'the default margin' },
  ])('reads an edit saved in the same second as the read that set the watermark ($label)', async ({ margin }) => {
    const records = population(60, 7);
    const second = Math.max(AS_OF, secondAfterEveryRecord(records));
    sandbox = await startSugarSandbox({ records, now: () => second });
    // Our clock an hour ahead of the instance's: the watermark must come from the instance's clock.
    const sugar = await connectToSugar(sandbox, {
      now: () => second + 60 * MINUTE,
      ...(margin === undefined ? {} : { watermarkMarginMs: margin }),
    });
    const full = await syncOnce(sugar, journey);
    const settled = await syncOnce(sugar, journey, { since: full.summary.watermark });
    expect(settled.summary.watermark).toBe(sugarTime(second - (margin ?? MINUTE)));
    const open = (records['Opportunities'] ?? []).find(
      (opportunity) =>
        !String(opportunity['sales_stage']).startsWith('Closed') &&
        /evaluation|purchase/.test(String(full.stages.get(String(opportunity['account_id'])))),
    );
    const accountId = String(open?.['account_id']);
    expect(open).toBeDefined();
    sandbox.update('Opportunities', String(open?.['id']), {
      sales_stage: 'Closed Won',
      date_closed: new Date(second).toISOString().slice(0, 10),
    });
    const next = await syncOnce(sugar, journey, { since: settled.summary.watermark });
    expect([...next.stages.keys()]).toContain(accountId);
    expect(next.stages.get(accountId)).toBe('onboarding');
    expect(next.written.failures).toEqual([]);
    await sugar.close();
  });

  it('re-reads on an idle instance only the customers changed within the margin before the last read', async () => {
    const records = population(60, 7);
    let time = Math.max(AS_OF, secondAfterEveryRecord(records));
    const start = time;
    sandbox = await startSugarSandbox({ records, now: () => time });
    // Customers whose generated records fall within the first read's margin: changed for the next read.
    const dated = customersChangedSince(rowsOf, sugarTime(start - MINUTE));
    const sugar = await connectToSugar(sandbox);
    const full = await syncOnce(sugar, journey);
    expect(full.summary.watermark).toBe(sugarTime(start - MINUTE));
    expect(full.written.stagesWritten).toBeGreaterThan(0);
    // Two journey-neutral edits just before the next read: one a second outside the margin the next read
    // will use, one on its first second.
    const [outside, inside] = (records['Accounts'] ?? []).map((account) => String(account['id']));
    time = start + 4 * MINUTE - 1000;
    sandbox.update('Accounts', String(outside), { description: 'edited a second before the margin' });
    time = start + 4 * MINUTE;
    sandbox.update('Accounts', String(inside), { description: 'edited on the margin' });

    // The full run's own journey-field writes and activities are within the watermark, and are not changes.
    time = start + 5 * MINUTE;
    const first = await syncOnce(sugar, journey, { since: full.summary.watermark });
    expect(new Set(first.stages.keys())).toEqual(new Set([...dated, String(outside), String(inside)]));
    expect(first.summary.watermark).toBe(sugarTime(start + 4 * MINUTE));

    // Nothing changes; the next read re-reads what changed within [watermark, last read's start]: the edit
    // on the margin, not the one a second older, nor the customers the last run wrote.
    time = start + 10 * MINUTE;
    const idle = await syncOnce(sugar, journey, { since: first.summary.watermark });
    const withinMargin = customersChangedSince(rowsOf, first.summary.watermark);
    expect(withinMargin).toContain(inside);
    expect(withinMargin).not.toContain(outside);
    expect(new Set(idle.stages.keys())).toEqual(new Set([String(inside)]));
    expect(idle.customers).toBeLessThan(first.customers);
    expect(idle.written.stagesWritten).toBe(0);
    expect(idle.summary.watermark).toBe(sugarTime(start + 9 * MINUTE));
    await sugar.close();
  });

  it('refuses a watermark that is not a date-time, naming it', async () => {
    sandbox = await startSugarSandbox({ records: population(5, 7), now: () => AS_OF });
    const sugar = await connectToSugar(sandbox);
    await expect(syncOnce(sugar, journey, { since: 'yesterday' })).rejects.toMatchObject({
      code: 'INPUT_UNREADABLE',
      message: expect.stringContaining('"yesterday"') as unknown,
    });
    await sugar.close();
  });
});
