import { expect, it } from 'vitest';
import { ID_BATCH, idBatches, idsIn, MAX_QUERY_BYTES, queryBytes } from './query-budget.ts';

const ids = Array.from({ length: 450 }, (_, i) => `001000000000${String(i).padStart(6, '0')}`);

it('keeps 200 ids a batch when the query has room', () => {
  expect(idBatches(ids, 500).map((batch) => batch.length)).toEqual([ID_BATCH, ID_BATCH, 50]);
});

it('cuts the batches smaller so that the longest query with its IN stays within the budget', () => {
  const longest = 10_000;
  const batches = idBatches(ids, longest);
  expect(batches.flat()).toEqual(ids);
  expect(batches.length).toBeGreaterThan(3);
  for (const batch of batches) {
    const added = queryBytes(idsIn('Id', batch)) - queryBytes(idsIn('Id', []));
    expect(longest + added).toBeLessThanOrEqual(MAX_QUERY_BYTES);
  }
});

it('refuses an id that cannot fit at all rather than send a query the org refuses', () => {
  expect(() => idBatches(['x'.repeat(100)], MAX_QUERY_BYTES - 50)).toThrow(/does not fit/);
});
