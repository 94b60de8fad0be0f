import { closeSync, openSync, readSync } from 'node:fs';
import { TokenParser, Tokenizer, TokenType, type ParsedTokenInfo } from '@streamparser/json';
import { snapshotChecks } from '@crm-journey/connector';
import { jsonLocation } from './json-location.ts';

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
  const chunk = Buffer.allocUnsafe(CHUNK);
  let read = readSync(fd, chunk, 0, 3, 0);
  // Exports saved by Windows tools often start with a byte-order mark.
  const base = read === 3 && BOM.every((byte, i) => chunk[i] === byte) ? 3 : 0;
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
  let recordStart = -1;
  let window = Buffer.alloc(0);
  let windowBase = 0; // stream offset of window[0]

  const tokenizer = new Tokenizer();
  tokenizer.onToken = (info) => {
    const { token, offset } = info;
    if (recordStart >= 0) {
      // The hot path: most tokens are inside a record, and only brackets matter there.
      if (token > TokenType.RIGHT_BRACKET) return;
      if (token === TokenType.LEFT_BRACE || token === TokenType.LEFT_BRACKET) depth += 1;
      else if (--depth === listDepth) {
        const text = window.toString('utf8', recordStart - windowBase, offset + 1 - windowBase);
        let value: unknown;
        try {
          value = JSON.parse(text);
        } catch (error) {
          fail(
            recordStart,
            `${object}[${index}] is not valid (${(error as Error).message.replace(/ in JSON at .*$/, '')})`,
          );
        }
        handler.record(object, index++, value, base + recordStart, base + offset + 1);
        recordStart = -1;
        forward(PLACEHOLDER, offset);
      }
      return;
    }
    if (topLevel !== undefined) {
      forward(info, offset);
      return;
    }
    if (!seen.started && token !== TokenType.LEFT_BRACE) {
      topLevel = token === TokenType.LEFT_BRACKET ? 'an array' : (PRIMITIVE[token] ?? 'something else');
      forward(info, offset);
      return;
    }
    if (listDepth > 0 && depth === listDepth && token !== TokenType.COMMA && token !== TokenType.RIGHT_BRACKET) {
      if (OPENS.has(token)) {
        recordStart = offset;
        depth += 1;
        return;
      }
      handler.record(object, index++, info.value, base + offset, base + offset);
      forward(PLACEHOLDER, offset);
      return;
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
    handler.list(object);
  };

  let position = base;
  for (;;) {
    const keep = recordStart >= 0 ? Buffer.from(window.subarray(recordStart - windowBase)) : undefined;
    read = readSync(fd, chunk, 0, CHUNK, position);
    if (read === 0) break;
    const data = chunk.subarray(0, read);
    const streamOffset = position - base;
    if (keep === undefined) {
      window = data;
      windowBase = streamOffset;
    } else {
      window = Buffer.concat([keep, data]);
      windowBase = recordStart;
    }
    position += read;
    try {
      tokenizer.write(data);
    } catch (error) {
      if ((error as { code?: unknown }).code === 'SNAPSHOT_INVALID') throw error;
      const at = /absolute position "(\d+)"/.exec((error as Error).message)?.[1];
      const char = /^Unexpected "(.*?)"/.exec((error as Error).message)?.[1];
      fail(
        at === undefined ? streamOffset : Number(at),
        char === undefined ? 'unexpected text' : `unexpected "${char}"`,
      );
    }
  }
  const size = position - base;
  try {
    tokenizer.end();
  } catch {
    fail(size, 'the text ends in the middle of a value (is the file cut short?)');
  }
  if (!seen.started) fail(size, 'the file holds no JSON value');
  if (!seen.parserEnded) fail(size, 'the text ends before the JSON does (is the file cut short?)');
  if (topLevel !== undefined) throw snapshotChecks.notAnObject(file, topLevel);
}
