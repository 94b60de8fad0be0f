const QUOTE = 0x22;
const BACKSLASH = 0x5c;

/**
 * Finds where a record (a JSON object or array) ends, from its opening bracket, across as many chunks
 * as it spans: brackets are counted outside strings, and nothing is built. The record's text is then
 * checked and built by `JSON.parse`; this only says where it ends, which is what the first pass of a
 * snapshot needs for each of its million records (the tokenizer would build every key and value).
 *
 * @example
 * const extent = new RecordExtent();
 * extent.scan(Buffer.from('{"a": "}"} ,'), 0); // 10: the index just past the closing brace
 */
export class RecordExtent {
  private depth = 0;
  private inString = false;
  private escaped = false;

  /** Starts a new record at its opening bracket. */
  reset(): void {
    this.depth = 0;
    this.inString = false;
    this.escaped = false;
  }

  /**
   * Scans `data` from `from`: the index just past the record's last byte, or -1 when it goes on in the
   * next chunk. Strings, most of a record, are skipped with `indexOf` (native) from quote to quote.
   */
  scan(data: Buffer, from: number): number {
    let { depth, inString, escaped } = this;
    const end = data.length;
    let i = from;
    while (i < end) {
      if (inString) {
        if (escaped) {
          escaped = false;
          i += 1;
          continue;
        }
        const quote = data.indexOf(QUOTE, i);
        if (quote < 0) {
          // Whether the chunk ends inside an escape: an odd run of backslashes at its end.
          escaped = backslashesBefore(data, end, i) % 2 === 1;
          break;
        }
        inString = backslashesBefore(data, quote, i) % 2 === 1;
        i = quote + 1;
        continue;
      }
      const byte = data[i] ?? 0;
      if (byte === QUOTE) inString = true;
      else if (byte === 0x7b || byte === 0x5b) depth += 1;
      else if ((byte === 0x7d || byte === 0x5d) && --depth === 0) {
        this.depth = 0;
        return i + 1;
      }
      i += 1;
    }
    this.depth = depth;
    this.inString = inString;
    this.escaped = escaped;
    return -1;
  }
}

/** How many backslashes come right before `at`, looking no further back than `from`. */
function backslashesBefore(data: Buffer, at: number, from: number): number {
  let count = 0;
  while (at - count - 1 >= from && data[at - count - 1] === BACKSLASH) count += 1;
  return count;
}
