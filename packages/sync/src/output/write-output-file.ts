import { lstatSync, mkdirSync, readlinkSync, renameSync, rmSync, statSync, writeFileSync, type Stats } from 'node:fs';
import { basename, dirname, join } from 'node:path';
import { UsageError } from '../cli/cli-context.ts';

/** What an output file is checked against: the command, its flag, and the files the run reads. */
export interface OutputFileOptions {
  /** The command, for messages: `report`, `map`, `schema`. */
  readonly command: string;
  /** The file name suggested when the path is a directory, e.g. `report.html`. */
  readonly example: string;
  /** Absolute paths of the run's inputs (`--journey`, `--records`, `--config`, ...); none may be replaced. */
  readonly inputs: readonly string[];
  /** The flag that named the path; default `--out`. */
  readonly flag?: string;
}

const statOf = (path: string, follow: boolean): Stats | undefined => {
  try {
    return follow ? statSync(path) : lstatSync(path);
  } catch {
    return undefined;
  }
};

/**
 * Refuses an output path that is a directory, a symbolic link or one of the run's inputs (compared by
 * device and inode, so another spelling or a hard link of an input is caught too). Commands call it
 * before they read anything, so a bad `--out` costs no CRM call.
 */
export function checkOutputPath(path: string, options: OutputFileOptions): void {
  const { command, example, inputs, flag = '--out' } = options;
  const refuse = (why: string): never => {
    throw new UsageError(`crm-journey ${command}: ${flag} ${path} ${why}`);
  };
  const own = statOf(path, false);
  if (own?.isSymbolicLink() === true)
    refuse(
      `is a symbolic link (to ${readlinkSync(path)}); crm-journey does not write through links. ` +
        `Give the real path, or remove the link first.`,
    );
  if (own?.isDirectory() === true) refuse(`is a directory; give a file name, e.g. ${join(path, example)}.`);
  if (own === undefined) return;
  for (const input of inputs) {
    const other = statOf(input, true);
    if (other !== undefined && other.dev === own.dev && other.ino === own.ino)
      refuse(`is an input of this run (${input}); write the output to another file.`);
  }
}

/**
 * Writes an output file atomically (a temporary file in the same directory, then a rename), so a reader
 * never sees half a file and a failed write leaves the old one; checks the path first (see
 * {@link checkOutputPath}).
 *
 * @example
 * writeOutputFile('/tmp/report.html', html, { command: 'report', example: 'report.html', inputs: [journeyPath] });
 */
export function writeOutputFile(path: string, content: string | Uint8Array, options: OutputFileOptions): void {
  checkOutputPath(path, options);
  const temporary = join(
    dirname(path),
    `.${basename(path)}.${String(process.pid)}.${Math.random().toString(36).slice(2)}.tmp`,
  );
  try {
    mkdirSync(dirname(path), { recursive: true });
    writeFileSync(temporary, content, { flag: 'wx' });
    renameSync(temporary, path);
  } catch (error) {
    try {
      rmSync(temporary, { force: true });
    } catch {
      // The temporary file was never created (its directory is missing or not a directory).
    }
    const { code, message } = error as NodeJS.ErrnoException;
    const why =
      code === 'EACCES' || code === 'EPERM'
        ? 'permission denied'
        : code === 'ENOSPC'
          ? 'the disk is full'
          : code === 'ENOTDIR' || code === 'EEXIST'
            ? 'a part of the path is a file, not a directory'
            : message;
    throw new UsageError(
      `crm-journey ${options.command}: cannot write ${options.flag ?? '--out'} ${path}: ${why}. ` +
        'Nothing was replaced; give a path in a directory you can write to.',
    );
  }
}
