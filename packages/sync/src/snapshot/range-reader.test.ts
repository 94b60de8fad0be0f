import { closeSync, mkdtempSync, openSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { RangeReader } from './range-reader.ts';

describe('RangeReader', () => {
  it('reads the same ranges in file order, backwards and at random, across window edges', () => {
    const pieces = Array.from({ length: 3000 }, (_, n) => `{"n":${n},"name":"Ж${'x'.repeat(n % 700)}"}`);
    const text = pieces.join(',');
    const path = join(mkdtempSync(join(tmpdir(), 'cj-range-')), 'ranges.json');
    writeFileSync(path, text);
    const ranges: [number, number][] = [];
    let at = 0;
    for (const piece of pieces) {
      ranges.push([at, Buffer.byteLength(piece)]);
      at += Buffer.byteLength(piece) + 1;
    }
    const orders = [
      ranges.map((_, n) => n),
      ranges.map((_, n) => ranges.length - 1 - n),
      ranges.map((_, n) => (n * 7919) % ranges.length),
    ];
    const fd = openSync(path, 'r');
    try {
      for (const order of orders) {
        const reader = new RangeReader(fd, 2);
        for (const n of order) {
          const [start, length] = ranges[n] ?? [0, 0];
          expect(reader.text(n % 2, start, length)).toBe(pieces[n]);
        }
      }
    } finally {
      closeSync(fd);
    }
  });
});
