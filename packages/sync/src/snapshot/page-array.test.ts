import { describe, expect, it } from 'vitest';
import { pageArray } from './page-array.ts';

describe('pageArray', () => {
  it('gives zeros of the kind and length asked, on a buffer V8 maps page by page (a resizable one)', () => {
    const array = pageArray(Float64Array, 100_000);
    expect(array).toBeInstanceOf(Float64Array);
    expect(array.length).toBe(100_000);
    expect(array.every((value) => value === 0)).toBe(true);
    array[99_999] = 2 ** 40 + 0.5;
    expect(array[99_999]).toBe(2 ** 40 + 0.5);
    const buffer = array.buffer as ArrayBuffer & { readonly resizable: boolean };
    expect(buffer.resizable).toBe(true);
    expect(buffer.byteLength).toBe(800_000);
  });
});
