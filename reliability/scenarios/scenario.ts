// The extension point of the fault campaign: a scenario is what a schedule does to the org, the processes
// and the state file before the common end (faults off, a clean run, the invariant). Add one by writing a
// file here, adding its kind to SCHEDULE_KINDS (campaign-plan.ts) and to SCENARIOS (scenarios/index.ts).
import type { ChildProcess } from 'node:child_process';
import type { JourneyDefinition, RecordsByObject } from '@crm-journey/connector';
import type { StartedSandbox } from '@crm-journey/sandbox';
import type { CampaignCrm } from '../campaign-crm.ts';
import type { SchedulePlan } from '../campaign-plan.ts';
import type { Expectation } from '../journey-invariant.ts';
import type { FinishedSync, SyncRunOptions } from '../sync-process.ts';

/** The org's clock, which a scenario may move (the sandbox stamps records and answers `Date` with it). */
export interface OrgClock {
  now(): number;
  set(epochMs: number): void;
}

/** How a scenario asks for a sync process: its options, and the org it runs against (default `sandbox`). */
export type RunRequest = Partial<SyncRunOptions> & { readonly org?: StartedSandbox };

/** What a scenario works with; `sandbox` changes when the scenario refreshes the org. */
export interface ScheduleContext {
  readonly plan: SchedulePlan;
  readonly crm: CampaignCrm;
  readonly journey: JourneyDefinition;
  /** The generated population the sandbox started with. */
  readonly records: RecordsByObject;
  sandbox: StartedSandbox;
  readonly clock: OrgClock;
  /** A temporary directory of the schedule, removed after it. */
  readonly dir: string;
  /** The schedule's state file (in `dir`). */
  readonly stateFile: string;
  /** The scenario's own seeded draws (from the schedule id, so a replay draws the same). */
  readonly random: () => number;
  /** Starts a sync process (state file default `stateFile`); the caller finishes it. */
  start(options?: RunRequest): Promise<ChildProcess>;
  /** Runs a sync process to its end; a hang is recorded as a violation. */
  run(options?: RunRequest): Promise<FinishedSync>;
  /**
   * Starts another org on the schedule's clock (a reference twin), closed after the schedule; with
   * `replacing`, that org is closed first and the new one takes its port (a refresh behind the same URL).
   */
  startOrg(
    records: RecordsByObject,
    options?: { readonly rules?: SchedulePlan['rules']; readonly replacing?: StartedSandbox; readonly org?: string },
  ): Promise<StartedSandbox>;
  /** Runs under the faults until a run exits 0, at most three times (a fault may outlast a run's retries); every run. */
  runUnderFaults(options?: RunRequest): Promise<readonly FinishedSync[]>;
  /** Counts something the scenario did (shown per kind in the campaign's results). */
  note(event: string, n?: number): void;
  violation(text: string): void;
}

/** What the common end checks after a scenario. */
export interface ScenarioOutcome {
  /** What the org must hold after the clean run. */
  readonly want: Expectation;
  /** The clean runs (faults off) that must exit 0 with no failures; default one on `stateFile`. */
  readonly cleanRuns?: readonly Partial<SyncRunOptions>[];
  /** State files whose outbox must be empty and histories right; default `stateFile`. */
  readonly stateFiles?: readonly string[];
}

/** One kind of schedule. */
export interface Scenario {
  /** One line for the docs and the campaign's table legend. */
  readonly description: string;
  run(context: ScheduleContext): Promise<ScenarioOutcome>;
}
