import { describe, expect, it } from 'vitest';
import { IdTable } from './id-table.ts';

describe('IdTable', () => {
  it('numbers each distinct id once, in first-sight order, through growth and rehashing', () => {
    const table = new IdTable();
    const ids = Array.from({ length: 50_000 }, (_, n) => `001Dk${String(n).padStart(10, '0')}AAA`);
    ids.forEach((id, n) => {
      expect(table.intern(id)).toBe(n);
    });
    ids.forEach((id, n) => {
      expect(table.intern(id)).toBe(n);
    });
    expect(table.size).toBe(50_000);
    expect(table.intern('001Dk0000000001AA')).toBe(50_000); // a prefix of a known id is another id
  });

  it('keeps ids apart that differ only above U+00FF, and ASCII ids after widening', () => {
    const table = new IdTable();
    expect(table.intern('a')).toBe(0);
    expect(table.intern('Ж1')).toBe(1);
    expect(table.intern('Й1')).toBe(2);
    expect(table.intern('é')).toBe(3);
    expect([table.intern('a'), table.intern('Ж1'), table.intern('Й1'), table.intern('é'), table.intern('')]).toEqual([
      0, 1, 2, 3, 4,
    ]);
  });
});
