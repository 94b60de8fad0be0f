import { readSync } from 'node:fs';

const MOST = 1 << 18;
const LEAST = 1 << 12;

/** One read-ahead window: bytes `from` up to `from + length` of the file, and how many reads it served. */
interface Window {
  buffer: Buffer;
  from: number;
  length: number;
  size: number;
  served: number;
}

/**
 * Reads byte ranges of a file through one read-ahead window per stream (an object of a snapshot):
 * a snapshot lists each object's records in about the order its customers come, so one `readSync` of
 * 256 KB serves hundreds of records instead of a system call each. A window that serves few ranges
 * (records in another order) shrinks down to reading one range at a time.
 *
 * @example
 * const reader = new RangeReader(fd, 2);
 * reader.text(0, 1234, 56); // the 56 bytes at 1234, as UTF-8 text
 */
export class RangeReader {
  private readonly fd: number;
  private readonly windows: Window[];

  constructor(fd: number, streams: number) {
    this.fd = fd;
    this.windows = Array.from({ length: streams }, () => ({
      buffer: Buffer.alloc(0),
      from: 0,
      length: 0,
      size: MOST,
      served: 0,
    }));
  }

  /** The `length` bytes at `start`, decoded as UTF-8, read through the window of `stream`. */
  text(stream: number, start: number, length: number): string {
    const window = this.windows[stream];
    if (!window) throw new RangeError(`no stream ${stream}`);
    if (start < window.from || start + length > window.from + window.length) this.fill(window, start, length);
    window.served += 1;
    const at = start - window.from;
    return window.buffer.toString('utf8', at, at + length);
  }

  private fill(window: Window, start: number, length: number): void {
    if (window.length > 0) window.size = window.served < 8 ? Math.max(LEAST, window.size >> 1) : MOST;
    const size = Math.max(window.size, length);
    if (window.buffer.length < size) window.buffer = Buffer.allocUnsafe(size);
    window.from = start;
    window.length = readSync(this.fd, window.buffer, 0, size, start);
    window.served = 0;
  }
}
