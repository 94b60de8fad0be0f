// `kill`: a sync process is SIGKILLed after a seeded number of its requests or writes, then the sync runs
// under the faults until a run exits 0.
import type { ChildProcess } from 'node:child_process';
import type { Sandbox } from '@crm-journey/sandbox';
import type { KillPoint } from '../campaign-plan.ts';
import { expectOutcome } from '../journey-invariant.ts';
import { finishSyncProcess, RUN_TIMEOUT_MS } from '../sync-process.ts';
import type { Scenario } from './scenario.ts';

/** Runs the child until it has made `point.count` requests (or writes) against the sandbox, then SIGKILLs it. */
async function killAt(child: ChildProcess, sandbox: Sandbox, point: KillPoint): Promise<boolean> {
  const measure = (): number =>
    point.after === 'requests' ? sandbox.inspect.requests.length : sandbox.inspect.writes.length;
  const start = measure();
  const deadline = Date.now() + RUN_TIMEOUT_MS;
  while (child.exitCode === null && measure() - start < point.count && Date.now() < deadline)
    await new Promise((resolve) => setTimeout(resolve, 2));
  const killed = child.exitCode === null && child.kill('SIGKILL');
  await finishSyncProcess(child);
  return killed;
}

/** SIGKILL mid-run, then runs under faults. */
export const killMidRun: Scenario = {
  description: 'SIGKILLs a sync after 2-31 requests or 1-60 writes, then runs under the faults',
  run: async (context) => {
    const point = context.plan.kill ?? { after: 'requests', count: 1 };
    if (await killAt(await context.start(), context.sandbox, point)) context.note('killed');
    await context.runUnderFaults();
    return { want: expectOutcome(context.journey, context.records) };
  },
};
