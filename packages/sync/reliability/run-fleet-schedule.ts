// One schedule of the fleet campaign: a throwaway PostgreSQL cluster, a sandbox org, N real
// `crm-journey serve --store postgres://…` processes, the schedule's faults while they sync it, then the
// invariant: the org holds exactly what one process writes, the run journal one finished run and nothing
// in flight, the outbox nothing, and every surviving node stops cleanly.
import { rmSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { openPostgresSyncStore } from '../src/state/postgres-sync-store.ts';
import {
  cleanups,
  cleanUp,
  crmState,
  fleetDir,
  oneProcessReference,
  sandboxOf,
  startNode,
  until,
  type CrmState,
  type Node,
  type SalesforceSandbox,
} from '../test/fleet-nodes.ts';
import { startThrowawayPostgres } from '../test/postgres/throwaway-postgres.ts';
import type { FleetPlan } from './fleet-plan.ts';

const skewedClock = fileURLToPath(new URL('../test/skewed-clock.ts', import.meta.url));
/** A fleet run that takes longer (leases of 10 s included) is lost: a violation. */
const RUN_TIMEOUT_MS = 150_000;

/** What one fleet schedule did and found. */
export interface FleetResult {
  readonly id: string;
  readonly customers: number;
  readonly nodes: number;
  /** Faults that really happened (a kill point the run never reached did not). */
  readonly happened: readonly string[];
  readonly runs: readonly string[];
  readonly violations: readonly string[];
  readonly durationMs: number;
}

const references = new Map<number, Promise<CrmState>>();

/** What one process writes on the org of that size: computed once per size (the org is seeded alike). */
function referenceOf(customers: number): Promise<CrmState> {
  const known = references.get(customers);
  if (known) return known;
  const made = oneProcessReference(customers).then(async (state) => {
    await cleanUp();
    return state;
  });
  references.set(customers, made);
  return made;
}

const alive = (node: Node): boolean => node.child.exitCode === null && node.child.signalCode === null;
const pause = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

/** Waits until the org has taken `count` writes, unless the run finished first; whether it got there. */
async function afterWrites(
  sandbox: SalesforceSandbox,
  count: number,
  finished: () => Promise<boolean>,
): Promise<boolean> {
  const deadline = Date.now() + RUN_TIMEOUT_MS;
  while (sandbox.inspect.writes.length < count && Date.now() < deadline) {
    if (await finished()) return false;
    await pause(20);
  }
  return sandbox.inspect.writes.length >= count;
}

/** The differences between the org and the one-process reference, as sentences. */
function compare(got: CrmState, want: CrmState): string[] {
  const problems: string[] = [];
  const count = (keys: readonly string[]): Map<string, number> => {
    const counts = new Map<string, number>();
    for (const key of keys) counts.set(key, (counts.get(key) ?? 0) + 1);
    return counts;
  };
  const [have, expected] = [count(got.keys), count(want.keys)];
  for (const [key, n] of expected)
    if ((have.get(key) ?? 0) !== n)
      problems.push(`task ${key} exists ${String(have.get(key) ?? 0)} times, expected ${String(n)}`);
  for (const key of have.keys())
    if (!expected.has(key)) problems.push(`task ${key} was created but one process does not create it`);
  for (const [id, stage] of Object.entries(want.stages))
    if (got.stages[id] !== stage)
      problems.push(`Account ${id} is in stage ${String(got.stages[id])}, expected ${String(stage)}`);
  return problems;
}

/**
 * Runs one fleet schedule end to end.
 *
 * @example
 * const result = await runFleetSchedule(planFleetSchedule('fleet:1:0'));
 */
export async function runFleetSchedule(plan: FleetPlan): Promise<FleetResult> {
  const started = Date.now();
  const violations: string[] = [];
  const happened: string[] = [];
  let runs: string[] = [];
  const reference = await referenceOf(plan.customers);
  const postgres = await startThrowawayPostgres();
  const dir = fleetDir();
  try {
    const sandbox = await sandboxOf(plan.customers);
    const scope = `salesforce:${sandbox.url}|salesforce-b2b`;
    const start = (index: number): Node =>
      startNode(
        sandbox,
        postgres.url,
        dir,
        index === 1 && plan.skewMs !== undefined
          ? { nodeArgs: ['--import', skewedClock], env: { CJ_TEST_CLOCK_OFFSET_MS: String(plan.skewMs) } }
          : {},
      );
    const nodes: Node[] = [];
    for (let index = 0; index < plan.nodes; index++) {
      if (index > 0 && !plan.together) await pause(500 + ((index * 737) % 1500));
      nodes.push(start(index));
    }
    if (plan.together) happened.push('together');
    if (plan.skewMs !== undefined) happened.push('skewed-node');
    const store = await openPostgresSyncStore(postgres.url);
    cleanups.push(() => store.close());
    const succeeded = async (): Promise<boolean> =>
      (await store.runs(scope).catch(() => [])).some((run) => run.status === 'succeeded');

    // The faults, in the order their write counts come: a kill, then an outage (or the other way round).
    const faults = [
      ...(plan.killAfterWrites === undefined ? [] : [{ at: plan.killAfterWrites, what: 'kill' as const }]),
      ...(plan.outage === undefined ? [] : [{ at: plan.outage.afterWrites, what: 'postgres-restart' as const }]),
    ].sort((a, b) => a.at - b.at);
    for (const fault of faults) {
      if (!(await afterWrites(sandbox, fault.at, succeeded))) continue;
      happened.push(fault.what);
      if (fault.what === 'kill') {
        const victim = nodes.find(alive);
        victim?.child.kill('SIGKILL');
        await victim?.exited;
        nodes.push(start(0));
      } else {
        postgres.pause();
        await pause(plan.outage?.ms ?? 1000);
        postgres.resume();
      }
    }
    await until('a finished run', succeeded, nodes, RUN_TIMEOUT_MS);
    // Every node had the chance to start a second run of the interval: none may.
    await pause(2500);
    runs = (await store.runs(scope)).map((run) => run.status);
    if (
      runs.filter((status) => status === 'succeeded').length !== 1 ||
      runs.some((s) => s !== 'succeeded' && s !== 'interrupted')
    )
      violations.push(`the run journal is [${runs.join(', ')}], expected one succeeded run (and interrupted ones)`);
    const pending = await store.pending(scope);
    if (pending.length > 0) violations.push(`the outbox still holds ${String(pending.length)} batch(es)`);
    violations.push(...compare(crmState(sandbox), reference));
    const killed = nodes.filter((node) => !alive(node)).length;
    if (killed !== (happened.includes('kill') ? 1 : 0))
      violations.push(
        `${String(killed)} node(s) exited on their own: ${nodes.map((node) => node.output().slice(-800)).join('\n---\n')}`,
      );
    // A node still starting (a replacement under load) has no SIGTERM handler yet: stop nodes once they listen.
    const listening = (node: Node): boolean => node.output().includes('"url":"http');
    await until('every node to listen', () => Promise.resolve(nodes.filter(alive).every(listening)), nodes, 60_000);
    for (const node of nodes.filter(alive)) node.child.kill('SIGTERM');
    for (const node of nodes.filter((node) => node.child.signalCode !== 'SIGKILL')) {
      const code = await node.exited;
      if (code !== 0) violations.push(`a node exited ${String(code)} on SIGTERM: ${node.output().slice(-800)}`);
    }
  } catch (error) {
    violations.push(`the schedule stopped: ${error instanceof Error ? error.message.slice(0, 2000) : String(error)}`);
  } finally {
    await cleanUp();
    postgres.stop();
    rmSync(dir, { recursive: true, force: true });
  }
  return {
    id: plan.id,
    customers: plan.customers,
    nodes: plan.nodes,
    happened,
    runs,
    violations,
    durationMs: Date.now() - started,
  };
}
