// One schedule of the fault campaign: a sandbox with the schedule's faults, the schedule's scenario (real
// `crm-journey sync` processes against it, killed, skewed, doubled, ...), a clean run, then the invariant.
import type { ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { DEFAULT_AS_OF, seededRandom, type FaultKind, type Sandbox } from '@crm-journey/sandbox';
import { campaignCrm } from './campaign-crm.ts';
import type { SchedulePlan } from './campaign-plan.ts';
import { checkInvariant, loadJourney } from './journey-invariant.ts';
import type { RunRequest, ScheduleContext } from './scenarios/scenario.ts';
import { SCENARIOS } from './scenarios/index.ts';
import {
  finishSyncProcess,
  RUN_TIMEOUT_MS,
  spawnSyncProcess,
  type FinishedSync,
  type SyncRunOptions,
} from './sync-process.ts';

/** What one schedule did and found. */
export interface ScheduleResult {
  readonly id: string;
  readonly crm: SchedulePlan['crm'];
  readonly kind: SchedulePlan['kind'];
  readonly customers: number;
  readonly faults: Partial<Record<FaultKind, number>>;
  /** Whether a sync process was really killed (it may finish before the kill point). */
  readonly killed: boolean;
  /** Sync runs with faults on, until one exited 0 (at most three each time the scenario asks). */
  readonly faultyRuns: number;
  /** What the scenario counted, e.g. `locked` refusals or `orgChanged` reports. */
  readonly events: Readonly<Record<string, number>>;
  readonly violations: readonly string[];
  readonly durationMs: number;
}

const ROOT = fileURLToPath(new URL('..', import.meta.url));
const FAULTY_ATTEMPTS = 3;

function countFaults(sandboxes: readonly Sandbox[]): Partial<Record<FaultKind, number>> {
  const counts: Partial<Record<FaultKind, number>> = {};
  for (const sandbox of sandboxes)
    for (const fault of sandbox.faults?.injected ?? []) counts[fault.kind] = (counts[fault.kind] ?? 0) + 1;
  return counts;
}

/** Options for {@link runSchedule}. */
export interface RunScheduleOptions {
  /** Called after the clean run, before the invariant: tests tamper with the org here to see it caught. */
  readonly beforeCheck?: (sandbox: Sandbox) => Promise<void> | void;
  /** Where the `crm-journey` sources the child processes run live (a snapshot); default the repository. */
  readonly sourceRoot?: string;
}

/**
 * Runs one schedule end to end and checks the invariant.
 *
 * @example
 * const result = await runSchedule(planSchedule('sugarcrm:kill:1:3'));
 */
export async function runSchedule(plan: SchedulePlan, options: RunScheduleOptions = {}): Promise<ScheduleResult> {
  const started = Date.now();
  const crm = campaignCrm(plan.crm);
  const records = crm.records(plan.customers, plan.seed);
  const journey = loadJourney(join(ROOT, crm.journeyFile));
  let time = DEFAULT_AS_OF;
  const clock = { now: () => time, set: (epochMs: number) => void (time = epochMs) };
  const sandbox = await crm.start(records, { faults: { seed: plan.seed, rules: plan.rules }, now: clock.now });
  const sandboxes: Sandbox[] = [sandbox];
  const closed = new Set<Sandbox>();
  const dir = mkdtempSync(join(tmpdir(), 'cj-reliability-'));
  const violations: string[] = [];
  const events: Record<string, number> = {};
  const sourceRoot = options.sourceRoot ?? ROOT;
  let faultyRuns = 0;
  let customers = 0;
  const context: ScheduleContext = {
    plan,
    crm,
    journey,
    records,
    sandbox,
    clock,
    dir,
    stateFile: join(dir, 'state.sqlite'),
    random: seededRandom(`${plan.id}:scenario`),
    start: async ({ org, ...run } = {}): Promise<ChildProcess> => {
      const full: SyncRunOptions = { stateFile: context.stateFile, ...run };
      const target = await crm.target(org ?? context.sandbox);
      return spawnSyncProcess(sourceRoot, crm.journeyFile, target, plan.batchSize, full);
    },
    startOrg: async (population, { rules = [], replacing, org } = {}) => {
      const port = replacing === undefined ? undefined : Number(new URL(replacing.url).port);
      if (replacing !== undefined && !closed.has(replacing)) {
        closed.add(replacing);
        await replacing.close();
      }
      const started = await crm.start(population, {
        faults: { seed: `${plan.seed}:${String(sandboxes.length)}`, rules },
        now: clock.now,
        ...(port === undefined ? {} : { port }),
        ...(org === undefined ? {} : { org }),
      });
      sandboxes.push(started);
      return started;
    },
    run: async (run = {}): Promise<FinishedSync> => {
      const finished = await finishSyncProcess(await context.start(run));
      if (finished.hung) violations.push(`a sync run hung for ${String(RUN_TIMEOUT_MS / 1000)} s`);
      return finished;
    },
    runUnderFaults: async (run: RunRequest = {}): Promise<readonly FinishedSync[]> => {
      const runs: FinishedSync[] = [];
      while (runs.length < FAULTY_ATTEMPTS && runs.at(-1)?.code !== 0) {
        faultyRuns++;
        runs.push(await context.run(run));
      }
      return runs;
    },
    note: (event, n = 1) => {
      events[event] = (events[event] ?? 0) + n;
    },
    violation: (text) => {
      violations.push(text);
    },
  };
  try {
    const outcome = await SCENARIOS[plan.kind].run(context);
    customers = outcome.want.stages.size;
    context.sandbox.faults?.disable();
    for (const run of outcome.cleanRuns ?? [{}]) {
      const clean = await context.run(run);
      if (clean.code !== 0 || clean.summary === undefined || (clean.summary.failures?.length ?? 0) > 0)
        violations.push(`the clean run exited ${String(clean.code)}: ${clean.output.trim().slice(0, 600)}`);
    }
    await options.beforeCheck?.(context.sandbox);
    violations.push(...checkInvariant(crm, context.sandbox, outcome.want, outcome.stateFiles ?? [context.stateFile]));
  } catch (error) {
    // A schedule that cannot finish (no state file, a sandbox that will not start) is a violation too.
    violations.push(`the schedule stopped: ${error instanceof Error ? error.message : String(error)}`);
  } finally {
    for (const box of sandboxes) if (!closed.has(box)) await box.close();
    rmSync(dir, { recursive: true, force: true });
  }
  return {
    id: plan.id,
    crm: plan.crm,
    kind: plan.kind,
    customers,
    faults: countFaults(sandboxes),
    killed: (events['killed'] ?? 0) > 0,
    faultyRuns,
    events,
    violations,
    durationMs: Date.now() - started,
  };
}
