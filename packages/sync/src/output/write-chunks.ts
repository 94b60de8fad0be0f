import { once } from 'node:events';
import type { EventEmitter } from 'node:events';

/** Pieces joined before a write: few writes, and a bounded string each. */
const WRITE_AT = 1 << 16;

/**
 * Writes text pieces to an output in writes of about 64 KB, waiting for `drain` when the output says it
 * is full (a pipe to a slow reader), so that a long output is never buffered whole in memory.
 *
 * @example
 * await writeChunks(process.stdout, ['a', 'b']);
 */
export async function writeChunks(out: { write(chunk: string): unknown }, chunks: Iterable<string>): Promise<void> {
  const emitter = out as Partial<EventEmitter>;
  let pending: string[] = [];
  let size = 0;
  const write = async (): Promise<void> => {
    const text = pending.join('');
    pending = [];
    size = 0;
    if (out.write(text) === false && typeof emitter.once === 'function') await once(emitter as EventEmitter, 'drain');
  };
  for (const chunk of chunks) {
    pending.push(chunk);
    size += chunk.length;
    if (size >= WRITE_AT) await write();
  }
  if (size > 0) await write();
}
