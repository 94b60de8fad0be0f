import { describe, expect, it } from 'vitest';
import { GrowableColumn } from './growable-column.ts';

describe('GrowableColumn', () => {
  it('keeps every value across block edges, and gives 0 past the end', () => {
    const column = new GrowableColumn(Float64Array);
    for (let n = 0; n < 200_000; n += 1) expect(column.push(n * 1.5 + 2 ** 40)).toBe(n);
    expect(column.length).toBe(200_000);
    for (const n of [0, 65_535, 65_536, 131_072, 199_999]) expect(column.at(n)).toBe(n * 1.5 + 2 ** 40);
    expect(column.at(200_000)).toBe(0);
    expect(column.at(10_000_000)).toBe(0);
  });
});
