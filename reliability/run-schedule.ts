// One schedule of the fault campaign: a sandbox with the schedule's faults, real `crm-journey sync`
// processes against it (killed with SIGKILL for kill schedules), a clean run, then the invariant.
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { DEFAULT_AS_OF, type FaultKind, type Sandbox } from '@crm-journey/sandbox';
import { campaignCrm, type CampaignCrm } from './campaign-crm.ts';
import type { SchedulePlan } from './campaign-plan.ts';
import { checkInvariant, expectOutcome, loadJourney } from './journey-invariant.ts';

/** What one schedule did and found. */
export interface ScheduleResult {
  readonly id: string;
  readonly crm: SchedulePlan['crm'];
  readonly kind: SchedulePlan['kind'];
  readonly customers: number;
  readonly faults: Partial<Record<FaultKind, number>>;
  /** Whether a sync process was really killed (it may finish before the kill point). */
  readonly killed: boolean;
  /** Sync runs with faults on, until one exited 0 (at most three). */
  readonly faultyRuns: number;
  readonly violations: readonly string[];
  readonly durationMs: number;
}

const ROOT = fileURLToPath(new URL('..', import.meta.url));
/** A run that takes longer is hung: a violation, not a wait. */
const RUN_TIMEOUT_MS = 120_000;
const FAULTY_ATTEMPTS = 3;

/** A real `crm-journey sync --once --json` child process. */
function spawnSync(
  crm: CampaignCrm,
  target: readonly string[],
  stateFile: string,
  plan: SchedulePlan,
  sourceRoot: string,
): ChildProcess {
  const args = [
    '--conditions=@crm-journey/source',
    '--disable-warning=ExperimentalWarning',
    join(sourceRoot, 'packages', 'sync', 'bin', 'crm-journey.ts'),
    'sync',
    '--journey',
    crm.journeyFile,
    ...target,
    '--once',
    '--state',
    stateFile,
    '--as-of',
    new Date(DEFAULT_AS_OF).toISOString(),
    '--batch-size',
    String(plan.batchSize),
    '--json',
  ];
  return spawn(process.execPath, args, { cwd: ROOT, stdio: ['ignore', 'pipe', 'pipe'] });
}

/** Waits for the child to exit; SIGKILLs it past the timeout. Resolves with its exit code and output. */
function finish(child: ChildProcess): Promise<{ code: number | null; output: string; hung: boolean }> {
  let output = '';
  child.stdout?.on('data', (chunk: Buffer) => (output += chunk.toString()));
  child.stderr?.on('data', (chunk: Buffer) => (output += chunk.toString()));
  let hung = false;
  const timer = setTimeout(() => {
    hung = true;
    child.kill('SIGKILL');
  }, RUN_TIMEOUT_MS);
  return new Promise((resolve) => {
    const done = (code: number | null): void => {
      clearTimeout(timer);
      resolve({ code, output, hung });
    };
    if (child.exitCode !== null || child.signalCode !== null) done(child.exitCode);
    else child.once('exit', done);
  });
}

/** Runs the child until it has made `count` requests (or writes) against the sandbox, then SIGKILLs it. */
async function killAt(child: ChildProcess, sandbox: Sandbox, plan: SchedulePlan): Promise<boolean> {
  const point = plan.kill ?? { after: 'requests', count: 1 };
  const measure = (): number =>
    point.after === 'requests' ? sandbox.inspect.requests.length : sandbox.inspect.writes.length;
  const start = measure();
  const deadline = Date.now() + RUN_TIMEOUT_MS;
  while (child.exitCode === null && measure() - start < point.count && Date.now() < deadline)
    await new Promise((resolve) => setTimeout(resolve, 2));
  const killed = child.exitCode === null && child.kill('SIGKILL');
  await finish(child);
  return killed;
}

function countFaults(sandbox: Sandbox): Partial<Record<FaultKind, number>> {
  const counts: Partial<Record<FaultKind, number>> = {};
  for (const fault of sandbox.faults?.injected ?? []) counts[fault.kind] = (counts[fault.kind] ?? 0) + 1;
  return counts;
}

/** The last JSON line of a `--json` run: its summary. */
function summaryOf(output: string): { failures?: unknown[] } | undefined {
  const line = output
    .trim()
    .split('\n')
    .reverse()
    .find((text) => text.startsWith('{'));
  try {
    return line === undefined ? undefined : (JSON.parse(line) as { failures?: unknown[] });
  } catch {
    return undefined;
  }
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
  const want = expectOutcome(loadJourney(join(ROOT, crm.journeyFile)), records);
  const sandbox = await crm.start(records, { seed: plan.seed, rules: plan.rules });
  const dir = mkdtempSync(join(tmpdir(), 'cj-reliability-'));
  const stateFile = join(dir, 'state.sqlite');
  const violations: string[] = [];
  const sourceRoot = options.sourceRoot ?? ROOT;
  const sync = async (): Promise<ChildProcess> =>
    spawnSync(crm, await crm.target(sandbox), stateFile, plan, sourceRoot);
  let killed = false;
  let faultyRuns = 0;
  try {
    if (plan.kind === 'kill') killed = await killAt(await sync(), sandbox, plan);
    while (faultyRuns < FAULTY_ATTEMPTS) {
      faultyRuns++;
      const run = await finish(await sync());
      if (run.hung)
        violations.push(`run ${String(faultyRuns)} under faults hung for ${String(RUN_TIMEOUT_MS / 1000)} s`);
      if (run.code === 0) break;
    }
    sandbox.faults?.disable();
    const clean = await finish(await sync());
    const summary = summaryOf(clean.output);
    if (clean.code !== 0 || summary === undefined || (summary.failures?.length ?? 0) > 0)
      violations.push(`the clean run exited ${String(clean.code)}: ${clean.output.trim().slice(0, 600)}`);
    await options.beforeCheck?.(sandbox);
    violations.push(...checkInvariant(crm, sandbox, want, stateFile));
  } catch (error) {
    // A schedule that cannot finish (no state file, a sandbox that will not start) is a violation too.
    violations.push(`the schedule stopped: ${error instanceof Error ? error.message : String(error)}`);
  } finally {
    await sandbox.close();
    rmSync(dir, { recursive: true, force: true });
  }
  return {
    id: plan.id,
    crm: plan.crm,
    kind: plan.kind,
    customers: want.stages.size,
    faults: countFaults(sandbox),
    killed,
    faultyRuns,
    violations,
    durationMs: Date.now() - started,
  };
}
