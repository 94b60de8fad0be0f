// `time-jump`: the CRM's and the host's clocks jump 1 to 14 months ahead with no record changed. An `--as-of`
// past the host's clock is refused for a run that writes; then the incremental run (time-driven
// re-evaluation only: the weekly full read is pushed out) must leave the org as a twin org synced at the
// same moments, whose last run is a full read (issue #19).
import { join } from 'node:path';
import { DEFAULT_AS_OF } from '@crm-journey/sandbox';
import { expectOutcome } from '../journey-invariant.ts';
import { referenceOutcome } from '../reference-org.ts';
import type { RunRequest, Scenario } from './scenario.ts';

const MINUTE = 60_000;
const DAY = 86_400_000;

/** Months of time passing, then an incremental run equal to a full read. */
export const timeJump: Scenario = {
  description: 'clocks jump 1-14 months; --as-of in the future refused; incremental run equals a full read',
  run: async (context) => {
    const { clock, journey, records } = context;
    const twin = await context.startOrg(context.crm.records(context.plan.customers, context.plan.seed));
    const twinState = join(context.dir, 'twin.sqlite');
    const both = async (run: RunRequest, twinArgs: readonly string[] = []): Promise<number> => {
      const runs = await context.runUnderFaults(run);
      await context.run({ ...run, org: twin, stateFile: twinState, args: twinArgs });
      return runs.reduce((n, finished) => n + (finished.summary?.stageChanges ?? 0), 0);
    };
    await both({});
    // The run after reads the echo of the first one's writes; the watermark passes them.
    clock.set(DEFAULT_AS_OF + 5 * MINUTE);
    await both({ asOf: clock.now() });
    const later = clock.now() + (30 + Math.floor(context.random() * 400)) * DAY;
    clock.set(later);

    // On the real clock (before `later`), a run that would write at `later` is refused, having written nothing.
    const writes = context.sandbox.inspect.writes.length;
    const refused = await context.run({ asOf: later });
    if (refused.code !== 2 || !refused.output.includes('is in the future'))
      context.violation(`--as-of in the future exited ${String(refused.code)}: ${refused.output.slice(0, 300)}`);
    if (context.sandbox.inspect.writes.length !== writes) context.violation('the refused --as-of run wrote to the CRM');
    context.note('refused');

    const jumped = { asOf: later, hostTime: later + 1000, args: ['--full-read-every', '3650d'] };
    context.note('moved', await both(jumped, ['--full-read-every', '1ms']));
    const { want, problems } = referenceOutcome(context.crm, twin);
    for (const problem of problems) context.violation(problem);
    // The full read itself is checked against the offline engine: the stage is a function of the records.
    const offline = expectOutcome(journey, records, later).stages;
    for (const [id, stage] of offline)
      if (want.stages.get(id) !== stage)
        context.violation(`the full read put ${id} in ${String(want.stages.get(id))}, the engine in ${String(stage)}`);
    return { want, cleanRuns: [jumped] };
  },
};
