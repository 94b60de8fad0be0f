import { describe, expect, it } from 'vitest';
import { CALL_UNITS, minimumApiCalls } from './minimum-api-calls.ts';

describe('minimumApiCalls', () => {
  it('rounds every object up to whole pages and batches', () => {
    expect(minimumApiCalls([2000, 2001, 1], [200, 201], CALL_UNITS.salesforce)).toEqual({
      read: 1 + 2 + 1,
      write: 1 + 2,
      total: 7,
    });
  });

  it("counts Sugar's per-record audit reads, a /bulk call per hundred, apart from the pages", () => {
    expect(minimumApiCalls([1000, 1], [100], CALL_UNITS.sugarcrm, 201)).toEqual({
      read: 1 + 1 + 3,
      write: 1,
      total: 6,
    });
    // Salesforce queries history like any object: no per-record reads.
    expect(minimumApiCalls([2000], [], CALL_UNITS.salesforce, 500).read).toBe(1);
  });

  it('counts nothing for nothing read or written', () => {
    expect(minimumApiCalls([0], [], CALL_UNITS.sugarcrm)).toEqual({ read: 0, write: 0, total: 0 });
  });
});
