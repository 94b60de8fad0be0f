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
   * next chunk. One loop over the bytes: inside a string it only looks for the closing quote and for a
   * backslash (whose next byte it skips), which costs less than a call to `indexOf` for each of a
   * record's many short strings.
   */
  scan(data: Buffer, from: number): number {
    let { depth, inString, escaped } = this;
    const end = data.length;
    let i = from;
    // The chunk before ended right after a backslash: this byte is the escaped one.
    if (escaped && i < end) {
      escaped = false;
      i += 1;
    }
    while (i < end) {
      let byte = data[i] ?? 0;
      if (inString) {
        while (byte !== QUOTE && byte !== BACKSLASH && ++i < end) byte = data[i] ?? 0;
        if (i === end) break;
        if (byte === BACKSLASH) {
          escaped = i + 1 === end;
          i += 2;
          continue;
        }
        inString = false;
      } else if (byte === QUOTE) inString = true;
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
