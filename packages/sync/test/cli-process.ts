// A real `crm-journey` process, for the tests that need one (signals, a kill mid-run, a port of its own):
// the CLI run from its TypeScript sources.
import { spawn, type ChildProcessWithoutNullStreams } from 'node:child_process';
import { fileURLToPath } from 'node:url';

const bin = fileURLToPath(new URL('../bin/crm-journey.ts', import.meta.url));

/** A started CLI process: what it has printed so far, and its exit code once it ends. */
export interface CliProcess {
  readonly child: ChildProcessWithoutNullStreams;
  /** The exit code; null when a signal ended the process. */
  readonly exited: Promise<number | null>;
  readonly stdout: () => string;
  readonly stderr: () => string;
  /** stdout and stderr, interleaved as they came. */
  readonly output: () => string;
}

/** Starts `crm-journey <args>`; `env` is added to this process's environment, `nodeArgs` go to Node before the CLI. */
export function spawnCli(
  args: readonly string[],
  options: { readonly env?: Readonly<Record<string, string>>; readonly nodeArgs?: readonly string[] } = {},
): CliProcess {
  const child = spawn(
    process.execPath,
    [
      '--conditions=@crm-journey/source',
      '--disable-warning=ExperimentalWarning',
      ...(options.nodeArgs ?? []),
      bin,
      ...args,
    ],
    { env: { ...process.env, ...options.env } },
  );
  let stdout = '';
  let stderr = '';
  let output = '';
  child.stdout.on('data', (chunk: Buffer) => {
    stdout += chunk.toString();
    output += chunk.toString();
  });
  child.stderr.on('data', (chunk: Buffer) => {
    stderr += chunk.toString();
    output += chunk.toString();
  });
  const exited = new Promise<number | null>((resolve) => child.once('exit', resolve));
  return { child, exited, stdout: () => stdout, stderr: () => stderr, output: () => output };
}
