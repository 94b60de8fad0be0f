// `faults`: the sync runs under the schedule's faults until a run exits 0.
import { expectOutcome } from '../journey-invariant.ts';
import type { Scenario } from './scenario.ts';

/** Runs under faults only. */
export const faultsOnly: Scenario = {
  description: 'runs under the faults until a run exits 0 (at most three runs)',
  run: async (context) => {
    await context.runUnderFaults();
    return { want: expectOutcome(context.journey, context.records) };
  },
};
