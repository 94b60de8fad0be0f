import { describe, expect, it } from 'vitest';
import { planReadPartitions } from './read-partitions.ts';

const ids = (count: number): string[] => Array.from({ length: count }, (_, i) => `001${String(i).padStart(5, '0')}`);

describe('planReadPartitions', () => {
  it('keeps a run smaller than two partitions in one piece, a whole read open at both ends', () => {
    expect(planReadPartitions(ids(19), { full: true, size: 10 })).toEqual([{ index: 0, range: {}, watch: [] }]);
    expect(planReadPartitions([], { full: true, size: 10 })).toEqual([{ index: 0, range: {}, watch: [] }]);
    expect(planReadPartitions([], { full: false, size: 10 })).toEqual([{ index: 0, ids: [], watch: [] }]);
  });

  it('cuts a full read into ranges at listed ids that cover every id once, none smaller than the size', () => {
    const all = ids(45);
    const parts = planReadPartitions(all, { full: true, size: 10 });
    expect(parts.map((part) => part.range)).toEqual([
      { to: all[12] },
      { from: all[12], to: all[24] },
      { from: all[24], to: all[36] },
      { from: all[36] },
    ]);
    for (const id of all) {
      const holders = parts.filter(
        ({ range }) => (range?.from === undefined || id >= range.from) && (range?.to === undefined || id < range.to),
      );
      expect(holders).toHaveLength(1);
    }
  });

  it('gives each partition the watched ids in its range, case-insensitively as the CRMs compare ids', () => {
    const parts = planReadPartitions(['a1', 'a2', 'b1', 'b2'], {
      full: true,
      size: 2,
      watch: new Set(['A1', 'b2', 'c9']),
    });
    expect(parts.map((part) => part.watch)).toEqual([['A1'], ['b2', 'c9']]);
  });

  it('cuts a changed set into id lists at multiples of the connector’s ids per call', () => {
    const all = ids(1000);
    const parts = planReadPartitions(all, { full: false, size: 300, idBatch: 200, watch: new Set([all[999] ?? '']) });
    expect(parts.map((part) => part.ids?.length)).toEqual([400, 400, 200]);
    expect(parts.flatMap((part) => part.ids)).toEqual(all);
    expect(parts.map((part) => part.watch)).toEqual([[], [], [all[999]]]);
  });
});
