import { closeSync, openSync, readSync } from 'node:fs';
import { TokenParser, Tokenizer, TokenType, type ParsedTokenInfo } from '@streamparser/json';
import { snapshotChecks } from '@crm-journey/connector';
import { jsonLocation } from './json-location.ts';
import { RecordExtent } from './record-extent.ts';

/** What `scanSnapshot` reports, in file order. */
export interface SnapshotScanHandler {
  /** The value of the top-level key `object` starts; a repeated key replaces the earlier one, as in JSON.parse. */
  begin(object: string): void;
  /** Its records array starts: the value itself, or the `records` of a query result (again: the last one wins). */
  list(object: string): void;
  /** A query result's `records` that is not an array. */
  unlist(object: string): void;
  /** One record of the current array, parsed, with the byte range it holds in the file. */
  record(object: string, index: number, value: unknown, start: number, end: number): void;
  /** The value of `object` is complete. */
  end(object: string): void;
}

const CHUNK = 1 << 18;
// No CRM record comes near this; a record that does is taken for broken JSON.
const MAX_RECORD = 64 << 20;
const BOM = [0xef, 0xbb, 0xbf];
// Every record is replaced by this one token on its way to the token parser, which so checks the
// snapshot's outer structure without building the records; each record is checked by JSON.parse.
const PLACEHOLDER: ParsedTokenInfo = { token: TokenType.NUMBER, value: 0, offset: 0 };
const OPENS = new Set<TokenType>([TokenType.LEFT_BRACE, TokenType.LEFT_BRACKET]);
const CLOSES = new Set<TokenType>([TokenType.RIGHT_BRACE, TokenType.RIGHT_BRACKET]);
const PRIMITIVE: Partial<Record<TokenType, string>> = {
  [TokenType.STRING]: 'a string',
  [TokenType.NUMBER]: 'a number',
  [TokenType.TRUE]: 'a boolean',
  [TokenType.FALSE]: 'a boolean',
  [TokenType.NULL]: 'null',
};

/**
 * Reads a snapshot file as a stream (`@streamparser/json`'s tokenizer and token parser), one chunk
 * at a time, and hands each record to `handler` without ever holding the whole file: the memory used is
 * one chunk and one record. Throws `SNAPSHOT_INVALID` for text that is not JSON (with its line and
 * column) and for a top level that is not an object.
 *
 * @example
 * scanSnapshot('/abs/snapshot.json', 'snapshot.json', { begin() {}, list() {}, unlist() {}, record: console.log, end() {} });
 */
export function scanSnapshot(path: string, file: string, handler: SnapshotScanHandler): void {
  const fd = openSync(path, 'r');
  try {
    scan(fd, path, file, handler);
  } finally {
    closeSync(fd);
  }
}

function scan(fd: number, path: string, file: string, handler: SnapshotScanHandler): void {
  // Holds the unfinished record from the previous chunk, then the next chunk right after it.
  let buffer = Buffer.allocUnsafe(2 * CHUNK);
  let read = readSync(fd, buffer, 0, 3, 0);
  // Exports saved by Windows tools often start with a byte-order mark.
  const base = read === 3 && BOM.every((byte, i) => buffer[i] === byte) ? 3 : 0;
  const fail = (offset: number, detail: string): never => {
    throw snapshotChecks.notJson(file, `${detail} at ${jsonLocation(path, base + offset)}`);
  };
  const parser = new TokenParser({ paths: ['$.*'], keepStack: false });
  // Set from the callbacks: an object, so that the checks at the end read them afresh.
  const seen = { started: false, parserEnded: false };
  parser.onValue = () => undefined;
  parser.onEnd = () => {
    seen.parserEnded = true;
  };
  let topLevel: string | undefined; // what the top level holds when it is not an object
  const forward = (token: ParsedTokenInfo, offset: number): void => {
    seen.started = true;
    try {
      parser.write(token);
    } catch {
      fail(offset, `unexpected ${token === PLACEHOLDER ? 'value' : JSON.stringify(token.value).slice(0, 40)}`);
    }
  };

  let depth = 0;
  let object = '';
  let expectKey = false; // at depth 1, or at depth 2 inside a query result
  let inResult = false; // the current top-level value is an object (a query result)
  let resultKey = '';
  let listDepth = 0; // depth inside the current records array; 0 outside one
  let index = 0;
  // Records never reach the tokenizer, which would build every key and value of them: after the `[`
  // or `,` before an element (`at.element`), a record's end is found by `RecordExtent` and its text
  // parsed by JSON.parse; the tokenizer and token parser see only what is around the records.
  // An object, so that the loop reads what the tokenizer's callback set.
  const at = { element: false };
  let fed = 0; // bytes given to the tokenizer
  let skipped = 0; // bytes not given to it, before the ones it is given now: its offsets plus this are stream offsets
  let recordStart = -1; // stream offset of the record being scanned, -1 outside one
  const extent = new RecordExtent();
  let window = Buffer.alloc(0);
  let windowBase = 0; // stream offset of window[0]

  const tokenizer = new Tokenizer();
  tokenizer.onToken = (info) => {
    const { token } = info;
    const offset = info.offset + skipped;
    if (topLevel !== undefined) {
      forward(info, offset);
      return;
    }
    if (!seen.started && token !== TokenType.LEFT_BRACE) {
      topLevel = token === TokenType.LEFT_BRACKET ? 'an array' : (PRIMITIVE[token] ?? 'something else');
      forward(info, offset);
      return;
    }
    if (listDepth > 0 && depth === listDepth && !OPENS.has(token)) {
      if (token === TokenType.COMMA) at.element = true;
      else if (token !== TokenType.RIGHT_BRACKET) {
        // A primitive where a record belongs: refused by the checks, as parseSnapshot does.
        handler.record(object, index++, info.value, base + offset, base + offset);
        forward(PLACEHOLDER, offset);
        return;
      }
    }
    forward(info, offset);
    if (token === TokenType.COMMA) {
      if (depth === 1 || (depth === 2 && inResult)) expectKey = true;
      return;
    }
    if (token === TokenType.COLON) return;
    if (expectKey && token === TokenType.STRING) {
      expectKey = false;
      if (depth === 1) {
        object = info.value as string;
        handler.begin(object);
      } else resultKey = info.value as string;
      return;
    }
    if (depth === 2 && inResult && resultKey === 'records') {
      // The value of a query result's `records`: an array of records, or anything else (refused).
      resultKey = '';
      if (token === TokenType.LEFT_BRACKET) {
        depth += 1;
        startList();
        return;
      }
      handler.unlist(object);
    }
    if (OPENS.has(token)) {
      depth += 1;
      if (depth === 1) expectKey = true;
      else if (depth === 2 && token === TokenType.LEFT_BRACKET) startList();
      else if (depth === 2) {
        inResult = true;
        expectKey = true;
      }
      return;
    }
    if (CLOSES.has(token)) {
      depth -= 1;
      if (depth === listDepth - 1) listDepth = 0;
      if (depth === 1) {
        inResult = false;
        handler.end(object);
      }
      return;
    }
    // A primitive value of a top-level key: not a list of records.
    if (depth === 1) handler.end(object);
  };
  const startList = (): void => {
    listDepth = depth;
    index = 0;
    at.element = true;
    handler.list(object);
  };
  const tokenizerFailure = (error: unknown, streamOffset: number, shift: number): never => {
    const at = /absolute position "(\d+)"/.exec((error as Error).message)?.[1];
    const char = /^Unexpected "(.*?)"/.exec((error as Error).message)?.[1];
    return fail(
      at === undefined ? streamOffset : Number(at) + shift,
      char === undefined ? 'unexpected text' : `unexpected "${char}"`,
    );
  };
  // Where a record's text is not JSON, the tokenizer run over that text alone says where it breaks,
  // in the words it would have used on the whole file.
  const recheck = (text: Uint8Array, start: number, atEnd: boolean): void => {
    const alone = new Tokenizer();
    alone.onToken = () => undefined;
    try {
      alone.write(text);
    } catch (error) {
      tokenizerFailure(error, start, start);
    }
    if (!atEnd) return;
    try {
      alone.end();
    } catch {
      fail(start + text.length, 'the text ends in the middle of a value (is the file cut short?)');
    }
  };
  const endRecord = (end: number): void => {
    const bytes = window.subarray(recordStart - windowBase, end - windowBase);
    let value: unknown;
    try {
      value = JSON.parse(bytes.toString('utf8'));
    } catch (error) {
      recheck(bytes, recordStart, false);
      fail(
        recordStart,
        `${object}[${index}] is not valid (${(error as Error).message.replace(/ in JSON at .*$/, '')})`,
      );
    }
    handler.record(object, index++, value, base + recordStart, base + end);
    forward(PLACEHOLDER, recordStart);
    recordStart = -1;
  };

  // A string left open in a broken file would otherwise keep the rest of the file in `window`.
  const tooLarge = (): never => {
    recheck(window.subarray(recordStart - windowBase), recordStart, false);
    return fail(recordStart, `${object}[${index}] is not valid (it does not end within ${MAX_RECORD >> 20} MiB)`);
  };

  let position = base;
  for (;;) {
    const kept = recordStart >= 0 ? window.length - (recordStart - windowBase) : 0;
    if (kept + CHUNK > buffer.length) {
      const bigger = Buffer.allocUnsafe(2 * (kept + CHUNK));
      buffer.copy(bigger, 0, window.length - kept, window.length);
      buffer = bigger;
    } else buffer.copyWithin(0, window.length - kept, window.length);
    const streamOffset = position - base;
    window = buffer.subarray(0, kept);
    windowBase = streamOffset - kept;
    read = readSync(fd, buffer, kept, CHUNK, position);
    if (read === 0) break;
    const data = buffer.subarray(kept, kept + read);
    window = buffer.subarray(0, kept + read);
    position += read;
    let i = 0;
    while (i < read) {
      if (recordStart >= 0) {
        const end = extent.scan(data, i);
        if (end < 0) {
          if (position - base - recordStart > MAX_RECORD) tooLarge();
          break;
        }
        endRecord(streamOffset + end);
        i = end;
        continue;
      }
      if (at.element) {
        // The blanks before an element go to the tokenizer no more than the element does.
        while (i < read && isBlank(data[i] ?? 0)) i += 1;
        if (i === read) break;
        at.element = false;
        const byte = data[i];
        if (byte === 0x7b || byte === 0x5b) {
          recordStart = streamOffset + i;
          extent.reset();
          continue;
        }
      }
      // Up to the next `[` or `,`, after which an element may start: the tokenizer must stop there.
      let next = i;
      while (next < read && data[next] !== 0x5b && data[next] !== 0x2c) next += 1;
      next = Math.min(next + 1, read);
      skipped = streamOffset + i - fed;
      try {
        tokenizer.write(data.subarray(i, next));
      } catch (error) {
        if ((error as { code?: unknown }).code === 'SNAPSHOT_INVALID') throw error;
        tokenizerFailure(error, streamOffset + i, skipped);
      }
      fed += next - i;
      i = next;
    }
  }
  const size = position - base;
  if (recordStart >= 0) {
    recheck(window.subarray(recordStart - windowBase), recordStart, true);
    fail(size, 'the text ends before the JSON does (is the file cut short?)');
  }
  try {
    tokenizer.end();
  } catch {
    fail(size, 'the text ends in the middle of a value (is the file cut short?)');
  }
  if (!seen.started) fail(size, 'the file holds no JSON value');
  if (!seen.parserEnded) fail(size, 'the text ends before the JSON does (is the file cut short?)');
  if (topLevel !== undefined) throw snapshotChecks.notAnObject(file, topLevel);
}

// JSON's blanks: space, tab, line feed, carriage return.
function isBlank(byte: number): boolean {
  return byte === 0x20 || byte === 0x0a || byte === 0x0d || byte === 0x09;
}
