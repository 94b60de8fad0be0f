// Every kind of schedule and the scenario that runs it: the one table to extend with a new kind.
import type { ScheduleKind } from '../campaign-plan.ts';
import { brokenState } from './broken-state.ts';
import { clockSkew } from './clock-skew.ts';
import { faultsOnly } from './faults-only.ts';
import { killMidRun } from './kill-mid-run.ts';
import { orgRefresh } from './org-refresh.ts';
import type { Scenario } from './scenario.ts';
import { sharedState } from './shared-state.ts';
import { timeJump } from './time-jump.ts';
import { twoWriters } from './two-writers.ts';

/** The scenario of each schedule kind. */
export const SCENARIOS: Readonly<Record<ScheduleKind, Scenario>> = {
  faults: faultsOnly,
  kill: killMidRun,
  'clock-skew': clockSkew,
  'time-jump': timeJump,
  'two-writers': twoWriters,
  'shared-state': sharedState,
  'org-refresh': orgRefresh,
  'broken-state': brokenState,
};
