// `two-writers`: two syncs with their own state files (two machines, or an admin's run beside `serve`) write
// the same org at the same moment, under faults. Each task must still exist once (issue #19).
import { join } from 'node:path';
import { expectOutcome } from '../journey-invariant.ts';
import type { Scenario } from './scenario.ts';

/** Two writers, two state files, one org. */
export const twoWriters: Scenario = {
  description: 'two syncs with two state files write one org at once',
  run: async (context) => {
    const other = join(context.dir, 'other-machine.sqlite');
    await Promise.all([context.runUnderFaults(), context.runUnderFaults({ stateFile: other })]);
    context.note('writers', 2);
    return {
      want: expectOutcome(context.journey, context.records),
      cleanRuns: [{}, { stateFile: other }],
      stateFiles: [context.stateFile, other],
    };
  },
};
