// A full Sugar read split by id range (what a fleet's read partitions do): the listing names every
// customer, and ranges cut at listed ids hand out each customer once, with the same records.
import type { ReadCustomer } from '@crm-journey/connector';
import { startSugarSandbox, type SugarSandbox } from '@crm-journey/sandbox';
import { afterEach, describe, expect, it } from 'vitest';
import { readEachOnce } from './read-each-once.ts';
import { AS_OF, connectToSugar, population, sugarJourney } from './sugarcrm-connector-support.ts';

let sandbox: SugarSandbox | undefined;
afterEach(async () => {
  await sandbox?.close();
  sandbox = undefined;
});

// Sugar's read also carries the audit changes of each customer: they must match too.
const recordsAndChanges = (read: ReadCustomer): unknown => [read.records, read.changes];

describe('SugarCRM connector: a full read split by id range', () => {
  it('lists every customer, and ranges cut at listed ids read each customer once, with the same records', async () => {
    sandbox = await startSugarSandbox({ records: population(120, 7), now: () => AS_OF });
    const journey = sugarJourney();
    const sugar = await connectToSugar(sandbox, { maxListLimit: 50 });
    const whole = await readEachOnce(sugar.readCustomers(journey), recordsAndChanges);
    const listed = await sugar.listCustomers?.(journey);
    const ids = listed?.customerIds ?? [];
    expect(ids).toEqual([...whole.keys()].sort());
    expect(listed?.idBatch).toBe(50);

    const cuts = [ids[40], ids[80]];
    const ranges = [{ to: cuts[0] }, { from: cuts[0], to: cuts[1] }, { from: cuts[1] }];
    const parts = await Promise.all(
      ranges.map((range) => readEachOnce(sugar.readCustomers(journey, { range }), recordsAndChanges)),
    );
    expect(parts.map((part) => part.size)).toEqual([40, 40, ids.length - 80]);
    expect(new Map(parts.flatMap((part) => [...part]))).toEqual(whole);
    await sugar.close();
  });
});
