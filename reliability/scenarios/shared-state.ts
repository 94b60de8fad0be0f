// `shared-state`: three processes on one state file at once, one of them with `--wait`. A process that finds
// the file taken stops with STATE_LOCKED (exit 1, no stack trace, no `database is locked`); the waiting one
// never does (issue #19).
import { finishSyncProcess, hasStackTrace } from '../sync-process.ts';
import { expectOutcome } from '../journey-invariant.ts';
import type { Scenario } from './scenario.ts';

/** A second and third process on one state file. */
export const sharedState: Scenario = {
  description: 'three syncs on one state file at once (one with --wait 2m)',
  run: async (context) => {
    const children = await Promise.all([context.start(), context.start(), context.start({ args: ['--wait', '2m'] })]);
    const runs = await Promise.all(children.map((child) => finishSyncProcess(child)));
    runs.forEach((run, index) => {
      const waits = index === 2;
      if (hasStackTrace(run.output))
        context.violation(`a process on a shared state file printed a stack: ${run.output.slice(0, 400)}`);
      if (!run.output.includes('STATE_LOCKED')) return;
      context.note('locked');
      if (waits) context.violation('the process with --wait stopped with STATE_LOCKED instead of waiting');
      else if (run.code !== 1) context.violation(`STATE_LOCKED exited ${String(run.code)}, not 1`);
    });
    if (runs[2]?.output.includes('in use')) context.note('waited');
    // Whatever a fault cut short, the job is finished as an operator would: run again.
    if (runs.every((run) => run.code !== 0)) await context.runUnderFaults();
    return { want: expectOutcome(context.journey, context.records) };
  },
};
