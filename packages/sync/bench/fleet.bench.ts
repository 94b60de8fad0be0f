// The fleet (issue #14): `crm-journey serve --store postgres://…` workers on a throwaway PostgreSQL
// (with pg_stat_statements) against sandbox Salesforce orgs served from this process. One, two and four
// workers keeping four orgs in sync, and one big org whose run is read in partitions by two workers,
// one of them SIGKILLed on a partition; one process's `runSync` on the same orgs is the baseline.
// Run alone with `npm run bench -- --only fleet`. The sizes are the defaults; smaller ones:
//   FLEET_BENCH_ORG=2500 FLEET_BENCH_BIG=20000 npm run bench -- --only fleet
import { readFileSync } from 'node:fs';
import { availableParallelism } from 'node:os';
import { validateJourney } from '@crm-journey/connector';
import { connectSalesforce } from '@crm-journey/connector/salesforce';
import pg from 'pg';
import { runSync } from '../src/run/run-sync.ts';
import { openSyncStore } from '../src/state/sync-store.ts';
import { fleetFindings } from './fleet-findings.ts';
import {
  cleanUp,
  crmState,
  fleetDir,
  journeyFile,
  sandboxOf,
  startNode,
  startServe,
  type Node,
  type SalesforceSandbox,
} from '../test/fleet-nodes.ts';
import { startThrowawayPostgres } from '../test/postgres/throwaway-postgres.ts';

/** Thousands separators: 312,456. */
const formatCount = (value: number): string => Math.round(value).toLocaleString('en-US');
/** bench/run.ts reads the report (its BenchReport shape) from the last line on stdout. */
const writeBenchReport = (report: { id: string; title: string; blocks: readonly object[] }): void =>
  void process.stdout.write(`${JSON.stringify(report)}\n`);
const log = (message: string): void => void process.stderr.write(`[fleet] ${message}\n`);

const sizeOf = (name: string, fallback: number): number => {
  const value = Number(process.env[name] ?? fallback);
  if (!Number.isInteger(value) || value < 1) throw new Error(`${name} must be a whole number above 0.`);
  return value;
};
const ORG = sizeOf('FLEET_BENCH_ORG', 10_000);
const ORGS = 4;
const BIG = sizeOf('FLEET_BENCH_BIG', 100_000);
/** The big org's run in four partitions: one per worker of the largest setup. */
const PARTITION = sizeOf('FLEET_BENCH_PARTITION', Math.ceil(BIG / 4));
const BATCH = 200;

interface Measured {
  readonly label: string;
  readonly customers: number;
  readonly runSeconds: number;
  readonly apiRequests: number;
  readonly baselineRequests: number;
  readonly statements: number | undefined;
  readonly partitions?: number;
  readonly killToPartitionSeconds?: number;
  readonly killToRunSeconds?: number;
}

const checked = validateJourney(readFileSync(journeyFile, 'utf8'), journeyFile);
if (!checked.journey) throw new Error('the bundled journey is invalid');
const journey = checked.journey;
const postgres = await startThrowawayPostgres({ settings: { shared_preload_libraries: 'pg_stat_statements' } });
let databases = 0;

async function freshDatabase(): Promise<{ url: string; name: string }> {
  const name = `bench_fleet_${++databases}`;
  const admin = new pg.Client({ connectionString: postgres.url });
  await admin.connect();
  await admin.query(`CREATE DATABASE ${name}`);
  await admin.end();
  const url = new URL(postgres.url);
  url.pathname = `/${name}`;
  const client = new pg.Client({ connectionString: url.toString() });
  await client.connect();
  await client.query('CREATE EXTENSION IF NOT EXISTS pg_stat_statements');
  await client.end();
  return { url: url.toString(), name };
}

/** One process syncing each org in turn: the baseline for time, API requests and tasks. */
async function oneProcess(orgs: number, customers: number): Promise<Measured & { tasks: number[] }> {
  let runSeconds = 0;
  let apiRequests = 0;
  const tasks: number[] = [];
  for (let i = 0; i < orgs; i++) {
    const sandbox = await sandboxOf(customers);
    const connector = await connectSalesforce({ instanceUrl: sandbox.url, accessToken: sandbox.accessToken });
    const store = openSyncStore(':memory:');
    const started = performance.now();
    await runSync({ connector, journey, store, scope: 'baseline', batchSize: BATCH });
    runSeconds += (performance.now() - started) / 1000;
    apiRequests += sandbox.inspect.requests.length;
    tasks.push(crmState(sandbox).keys.length);
    await store.close();
    await connector.close();
    await cleanUp();
  }
  const label = `one process (\`sync\`, SQLite), ${orgs} org${orgs > 1 ? 's' : ''} in turn`;
  return {
    label,
    customers: orgs * customers,
    runSeconds,
    apiRequests,
    baselineRequests: apiRequests,
    statements: 0,
    tasks,
  };
}

interface JournalRow {
  scope: string;
  status: string;
  started_at: Date;
  finished_at: Date | null;
}

/** Workers on a fresh database: waits for a succeeded run of every org, optionally killing one worker. */
async function fleet(options: {
  readonly label: string;
  readonly workers: number;
  readonly orgs: readonly SalesforceSandbox[];
  readonly partitionSize?: number;
  readonly kill?: boolean;
  readonly baseline: { readonly requests: number; readonly tasks: readonly number[] };
}): Promise<Measured> {
  const { orgs } = options;
  const database = await freshDatabase();
  const serveLines = options.partitionSize === undefined ? [] : [`  partitionSize: ${options.partitionSize}`];
  const targets = orgs.flatMap((org, i) => [
    `  org${i}:`,
    '    crm: salesforce',
    `    instanceUrl: ${org.url}`,
    `    accessToken: ${org.accessToken}`,
  ]);
  const syncs = orgs.map(
    (_, i) => `  - { target: org${i}, journey: ${journeyFile}, interval: 1h, batchSize: ${BATCH} }`,
  );
  const dir =
    orgs.length > 1 ? fleetDir([...serveLines, 'targets:', ...targets, 'syncs:', ...syncs]) : fleetDir(serveLines);
  const start = (): Node =>
    orgs.length > 1
      ? startServe(database.url, dir, ['--target', 'org0'], { batchSize: BATCH })
      : startNode(orgs[0] as SalesforceSandbox, database.url, dir, { batchSize: BATCH });
  const poll = new pg.Client({ connectionString: database.url });
  await poll.connect();
  let polls = 0;
  const query = async <T>(sql: string): Promise<T[]> => {
    polls++;
    // Before a node has created the schemas the tables do not exist yet: no rows.
    const result = await poll.query(sql).catch(() => ({ rows: [] }));
    return result.rows as T[];
  };
  const journal = () =>
    query<JournalRow>('SELECT scope, status, started_at, finished_at FROM crm_journey.runs ORDER BY id');
  const allDone = async (): Promise<boolean> =>
    new Set((await journal()).filter((run) => run.status === 'succeeded').map((run) => run.scope)).size === orgs.length;
  await poll.query('SELECT pg_stat_statements_reset()');
  const nodes: Node[] = [start()];
  const deadline = Date.now() + 60 * 60_000;
  const waitFor = async (check: () => Promise<boolean>, what: string): Promise<void> => {
    while (!(await check())) {
      if (Date.now() > deadline)
        throw new Error(`timed out waiting for ${what}\n${nodes.map((n) => n.output().slice(-2000)).join('\n')}`);
      await new Promise((resolve) => setTimeout(resolve, 500));
    }
  };
  const taken = (node: Node): boolean => node.output().includes('"msg":"fleet read partition"');
  let killedAt: number | undefined;
  if (options.kill) {
    // The first node coordinates the run; the second is killed on a read partition it is writing.
    await waitFor(async () => (await journal()).length > 0, 'the run to start');
    const victim = start();
    nodes.push(victim);
    for (let i = 2; i < options.workers; i++) nodes.push(start());
    await waitFor(() => Promise.resolve(taken(victim)), 'the second worker to take a read partition');
    const writes = orgs[0]?.inspect.writes.length ?? 0;
    await waitFor(() => Promise.resolve((orgs[0]?.inspect.writes.length ?? 0) >= writes + 5), 'more writes');
    victim.child.kill('SIGKILL');
    killedAt = Date.now();
  } else {
    for (let i = 1; i < options.workers; i++) nodes.push(start());
  }
  await waitFor(allDone, 'a succeeded run of every org');
  const runDoneAt = Date.now();
  const runs = await journal();
  const first = Math.min(...runs.map((run) => run.started_at.getTime()));
  const last = Math.max(
    ...runs.filter((run) => run.status === 'succeeded').map((run) => run.finished_at?.getTime() ?? 0),
  );
  const readJobs = await query<{ retry_count: number; completed_on: Date | null }>(
    `SELECT retry_count, completed_on FROM crm_journey_jobs.job WHERE name = 'crm-journey-read' AND state = 'completed'`,
  );
  const redone = readJobs.filter((job) => job.retry_count > 0 && job.completed_on);
  const counted = await poll.query(
    'SELECT sum(calls)::float8 AS calls FROM pg_stat_statements WHERE dbid = (SELECT oid FROM pg_database WHERE datname = $1)',
    [database.name],
  );
  const statements = (counted.rows[0] as { calls: number }).calls - polls - 1;
  await poll.end();
  for (const node of nodes)
    if (node.child.exitCode === null && node.child.signalCode === null) node.child.kill('SIGTERM');
  await Promise.all(nodes.map((node) => node.exited));
  const tasks = orgs.map((org) => crmState(org).keys.length);
  if (JSON.stringify(tasks) !== JSON.stringify(options.baseline.tasks))
    throw new Error(
      `${options.label}: tasks ${tasks.join(', ')}; one process wrote ${options.baseline.tasks.join(', ')}`,
    );
  return {
    label: options.label,
    customers: orgs.length * (orgs.length > 1 ? ORG : BIG),
    runSeconds: (last - first) / 1000,
    apiRequests: orgs.reduce((sum, org) => sum + org.inspect.requests.length, 0),
    baselineRequests: options.baseline.requests,
    statements,
    partitions: readJobs.length,
    ...(killedAt === undefined
      ? {}
      : {
          killToRunSeconds: (runDoneAt - killedAt) / 1000,
          killToPartitionSeconds:
            Math.max(0, ...redone.map((job) => (job.completed_on?.getTime() ?? 0) - killedAt)) / 1000,
        }),
  };
}

async function orgsOf(count: number, customers: number): Promise<SalesforceSandbox[]> {
  const orgs: SalesforceSandbox[] = [];
  for (let i = 0; i < count; i++) orgs.push(await sandboxOf(customers));
  return orgs;
}

try {
  const results: Measured[] = [];
  log(`one process, ${ORGS} orgs of ${ORG} customers`);
  const small = await oneProcess(ORGS, ORG);
  results.push(small);
  for (const workers of [1, 2, 4]) {
    log(`${workers} worker(s), ${ORGS} orgs of ${ORG} customers`);
    const orgs = await orgsOf(ORGS, ORG);
    const label = `${workers} worker${workers > 1 ? 's' : ''}, ${ORGS} orgs`;
    results.push(await fleet({ label, workers, orgs, baseline: { requests: small.apiRequests, tasks: small.tasks } }));
    await cleanUp();
  }
  log(`one process, one org of ${BIG} customers`);
  const big = await oneProcess(1, BIG);
  results.push(big);
  const bigBaseline = { requests: big.apiRequests, tasks: big.tasks };
  for (const [workers, kill] of [
    [2, false],
    [2, true],
  ] as const) {
    log(`${workers} workers${kill ? ', one killed' : ''}, one org of ${BIG} customers in partitions of ${PARTITION}`);
    const label = `${workers} workers, 1 org in partitions${kill ? ', one SIGKILLed on a partition' : ''}`;
    const orgs = await orgsOf(1, BIG);
    results.push(await fleet({ label, workers, orgs, partitionSize: PARTITION, kill, baseline: bigBaseline }));
    await cleanUp();
  }
  const seconds = (value: number | undefined): string => (value === undefined ? '-' : value.toFixed(1));
  writeBenchReport({
    id: 'fleet',
    title: 'Fleet: serve workers on a shared PostgreSQL',
    blocks: [
      {
        kind: 'text',
        markdown: `Sizes: ${ORGS} sandbox Salesforce orgs of ${formatCount(ORG)} generated customers, and one of ${formatCount(BIG)} read in partitions of ${formatCount(PARTITION)} (\`serve.partitionSize\`); set by \`FLEET_BENCH_ORG=${ORG} FLEET_BENCH_BIG=${BIG} FLEET_BENCH_PARTITION=${PARTITION}\` (the defaults are the issue's 10,000 and 100,000). A fresh org per row (same seed), the bundled B2B journey, batches of ${BATCH}, a lease of 10 s, a throwaway PostgreSQL 15 with \`pg_stat_statements\`, the orgs served from the benchmark's own process, and every worker a \`crm-journey serve\` process, all on the same **2 cores**. Run time: from the first run's start to the last run's end (the run journal, PostgreSQL's clock); the baseline is one process syncing the orgs one after the other in this run. API requests: every request the orgs received, connecting and describing included. PG statements: every statement the fleet's database ran (idle queue polling included). Every row wrote exactly the tasks one process wrote.`,
      },
      {
        kind: 'table',
        columns: [
          'setup',
          'run s',
          'customers/s',
          'read partitions',
          'API requests',
          'vs one process',
          'PG statements / customer',
          'SIGKILL to partition done s',
          'SIGKILL to run done s',
        ],
        align: ['left', 'right', 'right', 'right', 'right', 'right', 'right', 'right', 'right'],
        rows: results.map((result) => [
          result.label,
          result.runSeconds.toFixed(1),
          formatCount(result.customers / result.runSeconds),
          result.partitions === undefined ? '-' : String(result.partitions),
          formatCount(result.apiRequests),
          `${(result.apiRequests / result.baselineRequests).toFixed(3)}×`,
          result.statements ? (result.statements / result.customers).toFixed(2) : '-',
          seconds(result.killToPartitionSeconds),
          seconds(result.killToRunSeconds),
        ]),
      },
      { kind: 'text', markdown: fleetFindings(results, { cores: availableParallelism(), leaseSeconds: 10 }) },
    ],
  });
} finally {
  await cleanUp();
  postgres.stop();
}
