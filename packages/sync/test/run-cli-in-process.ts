// Shared by the CLI tests: `crm-journey <args>` run in the test's own process, as bin/crm-journey.ts runs it,
// with what it prints collected instead of written to the terminal.
import { runCli } from '../src/cli/run-cli.ts';

/** What one in-process CLI run printed, and its exit code. */
export interface CliRun {
  readonly code: number;
  readonly stdout: string;
  readonly stderr: string;
}

/** Runs the CLI in process from `cwd`; a crash (anything but an exit code) rejects with its stack. */
export async function runCliInProcess(args: readonly string[], cwd = process.cwd()): Promise<CliRun> {
  let stdout = '';
  let stderr = '';
  const code = await runCli(args, {
    cwd,
    stdout: { write: (chunk: string) => (stdout += chunk) },
    stderr: { write: (chunk: string) => (stderr += chunk) },
  });
  return { code, stdout, stderr };
}
