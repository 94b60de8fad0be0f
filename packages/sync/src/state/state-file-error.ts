import { ConnectorError } from '@crm-journey/connector';

// SQLite's primary result codes (the low byte of an extended code), as node:sqlite reports them in `errcode`.
const SQLITE_PERM = 3;
const SQLITE_BUSY = 5;
const SQLITE_LOCKED = 6;
const SQLITE_READONLY = 8;
const SQLITE_IOERR = 10;
const SQLITE_CORRUPT = 11;
const SQLITE_FULL = 13;
const SQLITE_CANTOPEN = 14;
const SQLITE_NOTADB = 26;

const codeOf = (error: unknown): number | undefined => {
  const errcode = (error as { errcode?: unknown } | null)?.errcode;
  return typeof errcode === 'number' ? errcode & 0xff : undefined;
};

/** What went wrong with the file and what to do, by SQLite result code. */
function explain(path: string, code: number | undefined): { what: string; actions: string[] } {
  const elsewhere =
    'Or give another file with --state (or `state:` in the config); a new file starts a full first run.';
  switch (code) {
    case SQLITE_CORRUPT:
    case SQLITE_NOTADB:
      return {
        what: 'is not a crm-journey state file, or is damaged (truncated or overwritten)',
        actions: [
          `Move ${path} aside (keep it for support) and run again: the next run reads every customer.`,
          elsewhere,
        ],
      };
    case SQLITE_READONLY:
    case SQLITE_PERM:
      return {
        what: 'cannot be written (read-only file or directory, or not the owner)',
        actions: [`Make ${path} and its directory writable for this user (the WAL files sit beside it).`, elsewhere],
      };
    case SQLITE_FULL:
      return {
        what: 'cannot grow: the disk (or quota) is full',
        actions: [
          `Free space on the disk of ${path}, then run again; nothing that was not recorded was lost.`,
          elsewhere,
        ],
      };
    case SQLITE_BUSY:
    case SQLITE_LOCKED:
      return {
        what: 'stayed locked by another process for longer than the busy timeout',
        actions: ['Run again when the other crm-journey process on this file is done.'],
      };
    case SQLITE_CANTOPEN:
      return {
        what: 'cannot be opened (a directory, a missing directory, or no permission)',
        actions: [`Point --state at a file, not a directory, in a directory this user can write.`, elsewhere],
      };
    case SQLITE_IOERR:
      return {
        what: 'could not be read or written (an I/O error)',
        actions: ['Check the disk, then run again.', elsewhere],
      };
    default:
      return { what: 'could not be used', actions: [elsewhere] };
  }
}

/**
 * The one error for an unusable state file: names the file, what is wrong and what to do, with the
 * SQLite error as the cause.
 *
 * @example
 * throw stateFileError('/var/lib/crm-journey/state.sqlite', sqliteError);
 */
export function stateFileError(path: string, error: unknown): ConnectorError {
  if (error instanceof ConnectorError) return error;
  const detail = error instanceof Error ? error.message : String(error);
  const { what, actions } = explain(path, codeOf(error));
  return new ConnectorError('STATE_UNUSABLE', `State file ${path} ${what} (${detail}).`, { actions, cause: error });
}
