import { linkSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { ConnectorError } from '@crm-journey/connector';

/**
 * Writes a whole file or nothing: the text goes to a temporary file beside it, which then replaces the
 * target (`overwrite`) or is linked in only if the target does not exist yet (no clobbering in a race).
 * Returns false when the target exists and `overwrite` is false.
 */
export function writeFileAtomically(path: string, text: string, overwrite: boolean): boolean {
  const temporary = `${path}.${String(process.pid)}.${Math.random().toString(36).slice(2)}.tmp`;
  try {
    writeFileSync(temporary, text, { flag: 'wx' });
    if (overwrite) renameSync(temporary, path);
    else linkSync(temporary, path);
    return true;
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'EEXIST' && !overwrite) return false;
    throw new ConnectorError('INPUT_UNREADABLE', `Cannot write ${path}: ${(error as Error).message}.`, {
      actions: ['Pass a path in a directory you can write to.'],
      cause: error,
    });
  } finally {
    rmSync(temporary, { force: true });
  }
}
