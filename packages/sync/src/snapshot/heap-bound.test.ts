import { getHeapStatistics } from 'node:v8';
import { describe, expect, it } from 'vitest';
import { heapBound } from './heap-bound.ts';

describe('heapBound', () => {
  it('collects the garbage once the heap has grown past the slack, and not before', () => {
    const used = (): number => getHeapStatistics().used_heap_size;
    const bound = heapBound(3, 8 << 20);
    let garbage: { n: number; text: string }[] | undefined = Array.from({ length: 300_000 }, (_, n) => ({
      n,
      text: `record ${n}`,
    }));
    expect(garbage.length).toBe(300_000);
    bound.step();
    bound.step();
    const before = used();
    garbage = undefined;
    bound.step();
    expect(garbage).toBeUndefined();
    expect(used()).toBeLessThan(before - (8 << 20));
  });
});
