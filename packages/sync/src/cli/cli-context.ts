/** Where a command reads and writes; tests pass their own. */
export interface CliContext {
  /** Directory relative paths are resolved from. */
  readonly cwd: string;
  /** The repository's bundled journeys (`journeys/`), the demo's default; the bin passes them. */
  readonly journeysDir?: string;
  readonly stdout: { write(chunk: string): unknown };
  readonly stderr: { write(chunk: string): unknown };
}

/** A CLI failure the user caused (bad flags, missing files): printed without a stack, exit code 2. */
export class UsageError extends Error {
  override readonly name = 'UsageError';
}
