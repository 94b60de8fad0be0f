import type { CustomerRecordSet, JourneyDefinition } from '@crm-journey/connector';
/** Where a command reads and writes; tests pass their own. */
export interface CliContext {
  /** Directory relative paths are resolved from. */
  readonly cwd: string;
  /** The repository's bundled journeys (`journeys/`), the demo's default; the bin passes them. */
  readonly journeysDir?: string;
  readonly stdout: { write(chunk: string): unknown };
  readonly stderr: { write(chunk: string): unknown };
  /**
   * Reads a snapshot into customers instead of the streaming reader: the tests pass the in-memory one
   * (`readSnapshotWhole`) to check that both give the same output byte for byte.
   */
  readonly readSnapshot?: (
    context: CliContext,
    path: string,
    journey: JourneyDefinition,
  ) => { readonly customers: Iterable<CustomerRecordSet>; readonly unattached: Readonly<Record<string, number>> };
}

/** A CLI failure the user caused (bad flags, missing files): printed without a stack, exit code 2. */
export class UsageError extends Error {
  override readonly name = 'UsageError';
}
