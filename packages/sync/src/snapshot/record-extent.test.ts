import { describe, expect, it } from 'vitest';
import { RecordExtent } from './record-extent.ts';

/** Where the record at the start of `text` ends, with the text cut into chunks at `cuts`. */
function endOf(text: string, cuts: readonly number[]): number {
  const bytes = Buffer.from(text);
  const extent = new RecordExtent();
  extent.reset();
  let from = 0;
  for (const cut of [...cuts, bytes.length]) {
    const end = extent.scan(bytes.subarray(from, cut), 0);
    if (end >= 0) return from + end;
    from = cut;
  }
  return -1;
}

describe('RecordExtent', () => {
  const tricky = [
    '{"a": "}"}',
    '{"a": "\\"}", "b": [1, {"c": "]"}]}',
    '{"a": "\\\\"}',
    '{"a": "\\\\\\"}\\\\", "b": "x"}',
    '{"Name": "Ж «}» \\u005d", "n": [[], {}]}',
    '[{"a": 1}, "]"]',
  ];

  it.each(tricky)('finds the end of %s however the text is cut into chunks', (record) => {
    const text = `${record}, {"next": 1}`;
    const length = Buffer.byteLength(record);
    expect(JSON.parse(record)).toBeDefined();
    for (let cut = 1; cut < Buffer.byteLength(text); cut += 1) expect(endOf(text, [cut])).toBe(length);
    for (let cut = 1; cut + 1 < length; cut += 1) expect(endOf(text, [cut, cut + 1])).toBe(length);
  });

  it('says the record goes on when the text ends inside it', () => {
    expect(endOf('{"a": "}', [])).toBe(-1);
    expect(endOf('{"a": {"b": 1}', [])).toBe(-1);
  });
});
