// A real `crm-journey sync --once --json` child process of the campaign, with its own state file, evaluation
// time and, when a schedule needs it, a host clock that is not the CRM's.
import { spawn, type ChildProcess } from 'node:child_process';
import { join } from 'node:path';
import { DEFAULT_AS_OF } from '@crm-journey/sandbox';

/** How one sync process runs, beyond its target. */
export interface SyncRunOptions {
  readonly stateFile: string;
  /** `--as-of`, epoch ms; default the sandbox's fixed time; `null` leaves the flag out. */
  readonly asOf?: number | null;
  /** What the process's wall clock reads when it starts (a host clock off from the CRM's); default the real one. */
  readonly hostTime?: number;
  /** More flags, e.g. `--wait 2m` or `--full-read-every 3650d`. */
  readonly args?: readonly string[];
}

/** What a finished child left: exit code, stdout and stderr together, and whether it had to be killed. */
export interface FinishedSync {
  readonly code: number | null;
  readonly output: string;
  readonly hung: boolean;
  /** The `--json` summary, when the run printed one. */
  readonly summary?: SyncJsonSummary;
}

/** The fields of a `--json` summary the campaign reads. */
export interface SyncJsonSummary {
  readonly failures?: unknown[];
  readonly stageChanges?: number;
  readonly orgChanged?: { readonly from: string; readonly to: string };
}

/** A run that takes longer is hung: a violation, not a wait. */
export const RUN_TIMEOUT_MS = 120_000;

/**
 * Starts the CLI from `sourceRoot` (a snapshot of the sources) against `target`.
 *
 * @example
 * const child = spawnSyncProcess(root, 'journeys/sugarcrm-b2b.yaml', flags, 10, { stateFile });
 */
export function spawnSyncProcess(
  sourceRoot: string,
  journeyFile: string,
  target: readonly string[],
  batchSize: number,
  options: SyncRunOptions,
): ChildProcess {
  const asOf = options.asOf === undefined ? DEFAULT_AS_OF : options.asOf;
  // The skewed clock the tests use for a drifted machine: timers stay monotonic, Date moves.
  const clock =
    options.hostTime === undefined ? [] : ['--import', join(sourceRoot, 'packages', 'sync', 'test', 'skewed-clock.ts')];
  const args = [
    '--conditions=@crm-journey/source',
    '--disable-warning=ExperimentalWarning',
    ...clock,
    join(sourceRoot, 'packages', 'sync', 'bin', 'crm-journey.ts'),
    'sync',
    '--journey',
    join(sourceRoot, journeyFile),
    ...target,
    '--once',
    '--state',
    options.stateFile,
    ...(asOf === null ? [] : ['--as-of', new Date(asOf).toISOString()]),
    '--batch-size',
    String(batchSize),
    '--json',
    ...(options.args ?? []),
  ];
  const env =
    options.hostTime === undefined
      ? process.env
      : { ...process.env, CJ_TEST_CLOCK_OFFSET_MS: String(options.hostTime - Date.now()) };
  return spawn(process.execPath, args, { cwd: sourceRoot, env, stdio: ['ignore', 'pipe', 'pipe'] });
}

/** The last JSON line a `--json` run printed on stdout: its summary (logs go to stderr). */
function summaryOf(output: string): SyncJsonSummary | undefined {
  const line = output
    .trim()
    .split('\n')
    .reverse()
    .find((text) => text.startsWith('{"'));
  try {
    return line === undefined ? undefined : (JSON.parse(line) as SyncJsonSummary);
  } catch {
    return undefined;
  }
}

/** Waits for the child to exit; SIGKILLs it past the timeout. */
export function finishSyncProcess(child: ChildProcess): Promise<FinishedSync> {
  let output = '';
  let stdout = '';
  child.stdout?.on('data', (chunk: Buffer) => {
    output += chunk.toString();
    stdout += chunk.toString();
  });
  child.stderr?.on('data', (chunk: Buffer) => (output += chunk.toString()));
  let hung = false;
  const timer = setTimeout(() => {
    hung = true;
    child.kill('SIGKILL');
  }, RUN_TIMEOUT_MS);
  return new Promise((resolve) => {
    const done = (code: number | null): void => {
      clearTimeout(timer);
      const summary = summaryOf(stdout);
      resolve({ code, output, hung, ...(summary === undefined ? {} : { summary }) });
    };
    if (child.exitCode !== null || child.signalCode !== null) done(child.exitCode);
    else child.once('exit', done);
  });
}

/** A stack trace in a child's output: never acceptable, even on a refusal. */
export function hasStackTrace(output: string): boolean {
  return /\n\s+at .+[(:]\d+/.test(output) || /database is locked/.test(output);
}
