import { closeSync, openSync, readSync } from 'node:fs';

/**
 * "line L, column C" of a byte offset in a file, counted by reading the file up to it (only on the
 * error path, so the reader never keeps line numbers); columns count characters, not bytes.
 *
 * @example
 * jsonLocation('/abs/snapshot.json', 1234); // 'line 3, column 17'
 */
export function jsonLocation(path: string, offset: number): string {
  const fd = openSync(path, 'r');
  const chunk = Buffer.allocUnsafe(1 << 16);
  let line = 1;
  let column = 1;
  try {
    for (let position = 0; position < offset;) {
      const read = readSync(fd, chunk, 0, Math.min(chunk.length, offset - position), position);
      if (read === 0) break;
      for (let i = 0; i < read; i += 1) {
        const byte = chunk[i] ?? 0;
        if (byte === 0x0a) {
          line += 1;
          column = 1;
          // UTF-8 continuation bytes and the byte-order mark are not characters of their own.
        } else if ((byte & 0xc0) !== 0x80 && !(position === 0 && i < 3 && byte === 0xef)) column += 1;
      }
      position += read;
    }
  } finally {
    closeSync(fd);
  }
  return `line ${line}, column ${column}`;
}
