// `broken-state`: after a sync under faults, the state file is garbage, cut in half, a directory, or
// read-only. The next run must stop with STATE_UNUSABLE naming the file, exit 1, print no stack and write
// nothing to the CRM. The operator then removes the file; the run from a fresh state file must not
// duplicate the tasks already in the CRM (issue #19).
import { chmodSync, mkdirSync, rmSync, statSync, truncateSync, writeFileSync } from 'node:fs';
import { expectOutcome } from '../journey-invariant.ts';
import { hasStackTrace } from '../sync-process.ts';
import type { Scenario } from './scenario.ts';

/** How the file is broken. Root writes a read-only file anyway, so that kind is drawn only as another user. */
const BREAKS = ['garbage', 'truncated', 'directory', ...(process.getuid?.() === 0 ? [] : ['read-only'])] as const;

function breakFile(path: string, how: string): void {
  for (const side of ['-wal', '-shm', '-journal']) rmSync(`${path}${side}`, { force: true });
  if (how === 'garbage') writeFileSync(path, 'this is not a database '.repeat(400));
  else if (how === 'truncated') truncateSync(path, Math.floor(statSync(path).size / 2));
  else if (how === 'directory') {
    rmSync(path, { force: true });
    mkdirSync(path);
  } else chmodSync(path, 0o444);
}

/** A broken state file: refused before any write, then replaced. */
export const brokenState: Scenario = {
  description: 'state file garbage, truncated, a directory or read-only: STATE_UNUSABLE before any write',
  run: async (context) => {
    const { sandbox, stateFile } = context;
    await context.runUnderFaults();
    sandbox.faults?.disable();
    const how = BREAKS[Math.floor(context.random() * BREAKS.length)] ?? 'garbage';
    breakFile(stateFile, how);
    context.note(how);
    const writes = sandbox.inspect.writes.length;
    const run = await context.run();
    if (run.code !== 1 || !run.output.includes(`STATE_UNUSABLE: State file ${stateFile}`))
      context.violation(`a ${how} state file gave exit ${String(run.code)}: ${run.output.slice(0, 400)}`);
    if (hasStackTrace(run.output))
      context.violation(`a ${how} state file printed a stack: ${run.output.slice(0, 400)}`);
    if (sandbox.inspect.writes.length !== writes)
      context.violation(
        `the run on a ${how} state file wrote ${String(sandbox.inspect.writes.length - writes)} time(s)`,
      );
    if (how === 'read-only') chmodSync(stateFile, 0o644);
    rmSync(stateFile, { recursive: true, force: true });
    return { want: expectOutcome(context.journey, context.records) };
  },
};
