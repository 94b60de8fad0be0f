// API calls of a full sync of 10,000 customers through each connector against its sandbox, next to the
// fewest calls the reads and writes could take; and the memory of the Salesforce read as the org grows.
import { CALL_UNITS, minimumApiCalls, type CrmConnector, type JourneyDefinition } from '@crm-journey/connector';
import { connectSalesforce } from '@crm-journey/connector/salesforce';
import { connectSugar } from '@crm-journey/connector/sugarcrm';
import { DEFAULT_AS_OF, startSandbox, type Sandbox } from '@crm-journey/sandbox';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { formatCount, writeBenchReport, type BenchTable, type BenchText } from './bench-report.ts';
import { loadJourney, readAndEvaluate } from './connector-sync.ts';
import {
  countKinds,
  REQUEST_KIND_LABELS,
  salesforceRequestKind,
  sugarRequestKind,
  type RequestKind,
} from './request-kinds.ts';
import { INGEST_JOB_CALLS, salesforceMinimum } from './salesforce-minimum.ts';
import { startSandboxProcess } from './sandbox-process.ts';

const CUSTOMERS = 10_000;
const MEMORY_SIZES = [10_000, 30_000, 100_000];
/** Rows per REST query page (`Sforce-Query-Options: batchSize`, the API's maximum). */
const SALESFORCE_PAGE = CALL_UNITS.salesforce.readPage;
/** Records per sObject Collections call. */
const SALESFORCE_COLLECTION = CALL_UNITS.salesforce.writeBatch;
/** The Sugar connector's `max_num` (the instance's default `max_list_limit`) and sub-requests per `/bulk`. */
const SUGAR_MAX_NUM = CALL_UNITS.sugarcrm.readPage;
const SUGAR_BULK = CALL_UNITS.sugarcrm.writeBatch;
/** Time the memory sizes may take together; a size projected past it is skipped and said so. */
const MEMORY_BUDGET_SECONDS = 600;
/** Customers between two live-heap samples (a full garbage collection each). */
const LIVE_SAMPLE_EVERY = 5000;
/** Describe results kept between runs, as `crm-journey sync` keeps them beside its state. */
const DESCRIBE_CACHE = mkdtempSync(path.join(tmpdir(), 'cj-bench-describe-'));
const JOURNEY_PATH = new URL('../journeys/salesforce-b2b.yaml', import.meta.url);
const MB = 1024 * 1024;
const KINDS = Object.keys(REQUEST_KIND_LABELS) as RequestKind[];

const log = (message: string): void => void process.stderr.write(`[connectors] ${message}\n`);
const collect = (): void => (globalThis as { gc?: () => void }).gc?.();
const ratio = (actual: number, minimum: number): string => (minimum === 0 ? '–' : `${(actual / minimum).toFixed(2)}x`);

interface CrmSetup {
  readonly crm: 'salesforce' | 'sugarcrm';
  readonly journey: JourneyDefinition;
  readonly kindOf: typeof salesforceRequestKind;
  readonly pageSize: number;
  readonly writeBatch: number;
  start(): Promise<Sandbox>;
  connect(sandbox: Sandbox): Promise<CrmConnector>;
  /** Fewest calls for the records read and written per object. */
  minimum(
    read: ReadonlyMap<string, number>,
    written: ReadonlyMap<string, number>,
    historyRecords: number,
  ): { read: number; write: number };
  /** What an earlier run leaves behind (the describe cache): its requests are counted apart. */
  warmUp?(sandbox: Sandbox): Promise<number>;
  /** Records whose history must be read one by one (Sugar's audit), after the measured runs. */
  historyRecords?(sandbox: Sandbox, journey: JourneyDefinition, modified: ReadonlyMap<string, number>): Promise<number>;
}

/** Requests of one phase, by kind. */
interface PhaseCount {
  readonly label: string;
  readonly kinds: ReadonlyMap<RequestKind, number>;
  readonly total: number;
  readonly seconds: number;
}

interface CrmResult {
  readonly crm: string;
  readonly customers: number;
  readonly phases: readonly PhaseCount[];
  readonly readMinimum: number;
  readonly writeMinimum: number;
  readonly recordsRead: ReadonlyMap<string, number>;
  readonly recordsWritten: ReadonlyMap<string, number>;
  readonly secondRunWrites: number;
  /** Records whose history was counted as read one by one (Sugar's audit reads). */
  readonly historyRecords: number;
  /** Customers per second of the first run, read + evaluate + write. */
  readonly customersPerSecond: number;
  readonly secondRunSummary: string;
  readonly endpoints: Readonly<Record<string, number>>;
  /** Requests of the warm-up run (connect and journey check on an empty describe cache). */
  readonly warmUpRequests: number;
}

const clock = (): number => DEFAULT_AS_OF;

const SALESFORCE: CrmSetup = {
  crm: 'salesforce',
  journey: loadJourney('journeys/salesforce-b2b.yaml'),
  kindOf: salesforceRequestKind,
  pageSize: SALESFORCE_PAGE,
  writeBatch: SALESFORCE_COLLECTION,
  start: () => startSandbox('salesforce', { customers: CUSTOMERS, seed: 1, now: clock }),
  connect: (sandbox) =>
    connectSalesforce({
      instanceUrl: sandbox.url,
      accessToken: sandbox.accessToken ?? '',
      env: {},
      now: clock,
      describeCache: { dir: DESCRIBE_CACHE },
      bulkPollIntervalMs: 500,
    }),
  minimum: (read, written) => salesforceMinimum(read, written),
  // A previous run (or `crm-journey validate --org`) checked the journey and filled the describe cache.
  warmUp: async (sandbox) => {
    const before = sandbox.inspect.requests.length;
    const connector = await SALESFORCE.connect(sandbox);
    const checked = await connector.checkJourney(readFileSync(JOURNEY_PATH, 'utf8'), 'salesforce-b2b.yaml');
    if (checked.errors.length > 0) throw new Error('The bundled journey does not check against the sandbox.');
    await connector.close();
    return sandbox.inspect.requests.length - before;
  },
};

const SUGAR: CrmSetup = {
  crm: 'sugarcrm',
  journey: loadJourney('journeys/sugarcrm-b2b.yaml'),
  kindOf: sugarRequestKind,
  pageSize: SUGAR_MAX_NUM,
  writeBatch: SUGAR_BULK,
  start: () => startSandbox('sugarcrm', { customers: CUSTOMERS, seed: 1, now: clock }),
  connect: (sandbox) =>
    connectSugar({
      url: sandbox.url,
      username: sandbox.username,
      password: sandbox.password,
      maxListLimit: SUGAR_MAX_NUM,
      bulkSize: SUGAR_BULK,
      env: {},
    }),
  minimum: (read, written, history) => minimumApiCalls(read.values(), written.values(), CALL_UNITS.sugarcrm, history),
  historyRecords: sugarHistoryRecords,
};

// Field names the journey's conditions read, by object (stages, moves, segments, actions: the replay
// evaluates them at every moment of a customer's history).
function conditionFields(journey: JourneyDefinition): Map<string, Set<string>> {
  const fields = new Map<string, Set<string>>();
  const walk = (node: unknown, object: string | undefined): void => {
    if (Array.isArray(node)) for (const item of node) walk(item, object);
    if (typeof node !== 'object' || node === null) return;
    const entry = node as Record<string, unknown>;
    const inside = entry['kind'] === 'quantified' && typeof entry['object'] === 'string' ? entry['object'] : object;
    if (inside !== undefined && typeof entry['field'] === 'string') {
      let set = fields.get(inside);
      if (!set) fields.set(inside, (set = new Set()));
      set.add(entry['field']);
    }
    for (const [key, value] of Object.entries(entry)) if (key !== 'object') walk(value, inside);
  };
  walk(
    [
      journey.stages.map((stage) => [stage.when, stage.actions.map((action) => action.when)]),
      journey.moves.map((move) => move.when),
      journey.segments.map((segment) => segment.when),
    ],
    undefined,
  );
  return fields;
}

// Sugar: the records of modules with an audited field the conditions read, changed since created (a record
// never updated has no audit rows; the connector reads audit only on first sight, so every one of them here).
// Audited fields come from the instance's own metadata, asked with a login of its own.
async function sugarHistoryRecords(
  sandbox: Sandbox,
  journey: JourneyDefinition,
  modified: ReadonlyMap<string, number>,
): Promise<number> {
  const base = `${sandbox.url}/rest/v11`;
  const login = await fetch(`${base}/oauth2/token`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({
      grant_type: 'password',
      client_id: 'sugar',
      client_secret: '',
      username: sandbox.username,
      password: sandbox.password,
      platform: 'base',
    }),
  });
  const { access_token: token } = (await login.json()) as { access_token: string };
  const metadata = (await (
    await fetch(`${base}/metadata?type_filter=modules`, { headers: { 'oauth-token': token } })
  ).json()) as { modules: Record<string, { fields?: Record<string, { audited?: boolean }> }> };
  let records = 0;
  for (const [module, fields] of conditionFields(journey)) {
    const vardefs = metadata.modules[module]?.fields ?? {};
    // sales_status is derived from the audited sales_stage (Opportunities without line items).
    const read = [...fields].map((field) =>
      module === 'Opportunities' && field === 'sales_status' ? 'sales_stage' : field,
    );
    if (read.some((field) => vardefs[field]?.audited === true)) records += modified.get(module) ?? 0;
  }
  return records;
}

function phase(label: string, setup: CrmSetup, sandbox: Sandbox, [from, to]: Mark, [since, until]: Mark): PhaseCount {
  const kinds = countKinds(sandbox.inspect.requests.slice(from, to), setup.kindOf);
  return { label, kinds, total: to - from, seconds: (until - since) / 1000 };
}

/** A request index or a time, at the start and end of a phase. */
type Mark = readonly [number, number];

function countWrites(sandbox: Sandbox, from: number): Map<string, number> {
  const written = new Map<string, number>();
  for (const { object } of sandbox.inspect.writes.slice(from)) written.set(object, (written.get(object) ?? 0) + 1);
  return written;
}

// Two runs back to back: the first reads, evaluates and writes every customer, the second finds nothing to write.
async function measureCalls(setup: CrmSetup): Promise<CrmResult> {
  const sandbox = await setup.start();
  const warmUpRequests = (await setup.warmUp?.(sandbox)) ?? 0;
  sandbox.inspect.resetLog();
  const requests = sandbox.inspect.requests;
  const times = [performance.now()];
  try {
    const connector = await setup.connect(sandbox);
    const connected = requests.length;
    times.push(performance.now());
    const first = await readAndEvaluate(connector, setup.journey, DEFAULT_AS_OF);
    const read = requests.length;
    times.push(performance.now());
    const writesBefore = sandbox.inspect.writes.length;
    const summary = await connector.write(setup.journey, first.writes);
    const written = requests.length;
    times.push(performance.now());
    const recordsWritten = countWrites(sandbox, writesBefore);
    log(
      `${setup.crm}: ${formatCount(first.customers)} customers, ${formatCount(written)} requests; ` +
        `${formatCount(summary.stagesWritten)} stages, ${formatCount(summary.tasksCreated)} tasks, ${formatCount(summary.failures.length)} failures`,
    );
    const second = await readAndEvaluate(connector, setup.journey, DEFAULT_AS_OF, { since: first.watermark });
    const reread = requests.length;
    times.push(performance.now());
    const writesBeforeSecond = sandbox.inspect.writes.length;
    const again = await connector.write(setup.journey, second.writes);
    const secondWrites = sandbox.inspect.writes.length - writesBeforeSecond;
    const finished = requests.length;
    times.push(performance.now());
    const at = (index: number): number => times[index] ?? 0;
    const endpoints = sandbox.inspect.callsByEndpoint();
    const historyRecords = (await setup.historyRecords?.(sandbox, setup.journey, first.modifiedByObject)) ?? 0;
    const minimum = setup.minimum(first.recordsByObject, recordsWritten, historyRecords);
    await connector.close();
    return {
      crm: setup.crm,
      customers: first.customers,
      phases: [
        phase('connect', setup, sandbox, [0, connected], [at(0), at(1)]),
        phase('1st run: read + evaluate', setup, sandbox, [connected, read], [at(1), at(2)]),
        phase('1st run: write', setup, sandbox, [read, written], [at(2), at(3)]),
        phase('2nd run: read + evaluate (since watermark)', setup, sandbox, [written, reread], [at(3), at(4)]),
        phase('2nd run: write', setup, sandbox, [reread, finished], [at(4), at(5)]),
      ],
      readMinimum: minimum.read,
      writeMinimum: minimum.write,
      warmUpRequests,
      recordsRead: first.recordsByObject,
      recordsWritten,
      secondRunWrites: secondWrites,
      historyRecords,
      customersPerSecond: first.customers / ((at(3) - at(1)) / 1000),
      secondRunSummary:
        `${formatCount(again.stagesWritten)} stages written, ${formatCount(again.tasksCreated)} tasks created, ` +
        `${formatCount(again.tasksExisting)} tasks already there, ${formatCount(again.failures.length)} failures`,
      endpoints,
    };
  } finally {
    await sandbox.close();
  }
}

interface MemoryRow {
  readonly customers: number;
  readonly read: number;
  readonly seconds: number;
  readonly sandboxSeconds: number;
  readonly baseHeapMb: number;
  readonly peakHeapMb: number;
  /** The largest heap left after a full garbage collection, sampled every few thousand customers. */
  readonly liveHeapMb: number;
  readonly baseRssMb: number;
  readonly peakRssMb: number;
}

// The Salesforce read path alone (read + evaluate, no writes) against an org in a child process.
async function measureMemory(journey: JourneyDefinition, customers: number): Promise<MemoryRow> {
  const sandbox = await startSandboxProcess(customers);
  try {
    const connector = await connectSalesforce({
      instanceUrl: sandbox.url,
      accessToken: sandbox.accessToken,
      env: {},
      now: clock,
    });
    collect();
    const base = process.memoryUsage();
    let peakHeap = base.heapUsed;
    let peakRss = base.rss;
    const sample = (): void => {
      const { heapUsed, rss } = process.memoryUsage();
      peakHeap = Math.max(peakHeap, heapUsed);
      peakRss = Math.max(peakRss, rss);
    };
    const timer = setInterval(sample, 50);
    let live = 0;
    const sampleLive = (count: number): void => {
      if (count % LIVE_SAMPLE_EVERY !== 0) return;
      sample();
      collect();
      live = Math.max(live, process.memoryUsage().heapUsed);
    };
    const started = performance.now();
    const result = await readAndEvaluate(connector, journey, DEFAULT_AS_OF, {
      keepWrites: false,
      onCustomer: sampleLive,
    }).finally(() => {
      clearInterval(timer);
    });
    sample();
    const seconds = (performance.now() - started) / 1000;
    await connector.close();
    const row = {
      customers,
      read: result.customers,
      seconds,
      sandboxSeconds: sandbox.startSeconds,
      baseHeapMb: base.heapUsed / MB,
      peakHeapMb: peakHeap / MB,
      liveHeapMb: live / MB,
      baseRssMb: base.rss / MB,
      peakRssMb: peakRss / MB,
    };
    log(
      `memory ${formatCount(customers)}: read ${formatCount(row.read)} in ${seconds.toFixed(1)} s; ` +
        `heap ${row.baseHeapMb.toFixed(0)} → ${row.peakHeapMb.toFixed(0)} MB (live ${row.liveHeapMb.toFixed(0)} MB), RSS ${row.baseRssMb.toFixed(0)} → ${row.peakRssMb.toFixed(0)} MB`,
    );
    return row;
  } finally {
    await sandbox.stop();
  }
}

function callsTable(result: CrmResult): BenchTable {
  const kinds = KINDS.filter((kind) => result.phases.some((entry) => (entry.kinds.get(kind) ?? 0) > 0));
  return {
    kind: 'table',
    columns: [`${result.crm} phase`, ...kinds.map((kind) => REQUEST_KIND_LABELS[kind]), 'Total', 'Time'],
    align: ['left', ...kinds.map(() => 'right' as const), 'right', 'right'],
    rows: result.phases.map((entry) => [
      entry.label,
      ...kinds.map((kind) => formatCount(entry.kinds.get(kind) ?? 0)),
      formatCount(entry.total),
      `${entry.seconds.toFixed(1)} s`,
    ]),
  };
}

function listCounts(counts: ReadonlyMap<string, number>): string {
  return [...counts]
    .sort(([a], [b]) => a.localeCompare(b))
    .map(([object, count]) => `${object} ${formatCount(count)}`)
    .join(', ');
}

function minimumRows(results: readonly CrmResult[]): string[][] {
  return results.flatMap((result) => {
    const [connect, read, write] = result.phases;
    const readCalls = (connect?.total ?? 0) + (read?.total ?? 0);
    const writeCalls = write?.total ?? 0;
    return [
      [
        result.crm,
        'reads (connect + read)',
        formatCount(readCalls),
        formatCount(result.readMinimum),
        ratio(readCalls, result.readMinimum),
      ],
      [
        result.crm,
        'writes',
        formatCount(writeCalls),
        formatCount(result.writeMinimum),
        ratio(writeCalls, result.writeMinimum),
      ],
      [
        result.crm,
        'reads + writes',
        formatCount(readCalls + writeCalls),
        formatCount(result.readMinimum + result.writeMinimum),
        ratio(readCalls + writeCalls, result.readMinimum + result.writeMinimum),
      ],
    ];
  });
}

function text(markdown: string): BenchText {
  return { kind: 'text', markdown };
}

async function main(): Promise<void> {
  const memory: MemoryRow[] = [];
  const budgetSeconds = MEMORY_BUDGET_SECONDS;
  const memoryStarted = performance.now();
  for (const size of MEMORY_SIZES) {
    const spent = (performance.now() - memoryStarted) / 1000;
    const last = memory.at(-1);
    // Both the sandbox start and the read grow linearly: skip a size that would not fit the budget.
    const projected = last === undefined ? 0 : ((last.seconds + last.sandboxSeconds) * size) / last.customers;
    if (spent + projected > budgetSeconds) {
      log(`memory ${formatCount(size)}: skipped, about ${projected.toFixed(0)} s would exceed the budget`);
      continue;
    }
    memory.push(await measureMemory(SALESFORCE.journey, size));
  }
  const results = [await measureCalls(SALESFORCE), await measureCalls(SUGAR)];
  for (const result of results) log(`${result.crm} endpoints: ${JSON.stringify(result.endpoints)}`);
  const skipped = MEMORY_SIZES.filter((size) => !memory.some((row) => row.customers === size));

  writeBenchReport({
    id: 'connectors',
    title: 'Connectors: API calls and memory',
    blocks: [
      text(
        `A full sync of ${formatCount(CUSTOMERS)} generated customers (seed 1) with the bundled B2B journeys through each ` +
          'connector against its sandbox org (in process, clock and `asOf` at `DEFAULT_AS_OF`), then a second run right after. ' +
          'Requests are the sandbox’s own log, by kind; the sync loop is the one of `runSync` (read and evaluate every ' +
          'customer, then one `write` of every customer whose state changed or that has new tasks).',
      ),
      ...results.map(callsTable),
      text(
        '**Minimum.** Reads: Σ over objects (modules) of ⌈records read / page size⌉, with the records the connector handed ' +
          `out per object (history and audit rows included) and a page of ${formatCount(SALESFORCE_PAGE)} rows for Salesforce ` +
          `REST queries, \`max_num\` = ${formatCount(SUGAR_MAX_NUM)} for Sugar’s filter API; for Salesforce plus one ` +
          'describeGlobal, the session check that also says which objects exist. Per-object describes are not in the ' +
          'minimum: the Salesforce connector keeps them in a describe cache between runs (24 h, refreshed when a check ' +
          'finds it stale), so a run describes nothing; the cold run that filled the cache (connect and journey check) is ' +
          `counted apart below. Writes: ⌈records written / ${formatCount(SALESFORCE_COLLECTION)}⌉ for ` +
          `Salesforce (sObject Collections), where the journey-field updates of all objects count together (one call ` +
          'takes records of several objects) and an activity object’s upserts can take one Bulk API 2.0 ingest job ' +
          `instead: min(⌈records / ${formatCount(SALESFORCE_COLLECTION)}⌉, ${String(INGEST_JOB_CALLS)}) (create, upload, ` +
          `close, one status poll, successful results); Σ over modules of ⌈sub-requests / ${formatCount(SUGAR_BULK)}⌉ for Sugar (\`/bulk\`, ` +
          'the connector’s bulk size). Records written are taken from the sandbox’s write log. Requests are every request ' +
          'of the phase, describes and auth included. Sugar’s audit reads: Sugar lists audit rows only per record ' +
          '(`GET <module>/<id>/audit`, no filter or bulk read of them), so the minimum adds ⌈records whose audit the replay ' +
          `needs / ${formatCount(SUGAR_BULK)}⌉ \`/bulk\` calls: the records of modules with an audited field (the instance’s ` +
          'metadata) that the journey’s conditions read, changed since created (`date_modified` ≠ `date_entered`; a record ' +
          'never updated has no audit rows), all of them on a first run. Targets: at most 1.1x for Salesforce reads and ' +
          'writes (issue 4), 1.3x for Sugar (issue 16).',
      ),
      {
        kind: 'table',
        columns: ['CRM', 'Calls for', 'Requests', 'Minimum', 'Ratio'],
        align: ['left', 'left', 'right', 'right', 'right'],
        rows: minimumRows(results),
      },
      text(
        results
          .map(
            (result) =>
              `- ${result.crm}: records read — ${listCounts(result.recordsRead)}; records written — ` +
              `${listCounts(result.recordsWritten)}. Second run: ${result.secondRunSummary}; ` +
              `${formatCount(result.secondRunWrites)} records written in the sandbox. First run: ` +
              `${formatCount(Math.round(result.customersPerSecond))} customers/s (read + evaluate + write)` +
              (result.historyRecords === 0
                ? '.'
                : `; ${formatCount(result.historyRecords)} records with audit reads counted.`) +
              (result.warmUpRequests === 0
                ? ''
                : ` The earlier run that filled the describe cache: ${formatCount(result.warmUpRequests)} requests.`),
          )
          .join('\n'),
      ),
      text(
        'Memory of the Salesforce read path (read + evaluate, no writes) against `crm-journey sandbox` in a child ' +
          'process, so that the org is not in the measured process. Peak `heapUsed` and RSS of the benchmark process, ' +
          'sampled every 50 ms while reading (the peak includes garbage not yet collected, so it follows V8’s heap ' +
          `sizing more than what is held); live heap: the largest \`heapUsed\` right after a full collection, taken every ` +
          `${formatCount(LIVE_SAMPLE_EVERY)} customers — what the read really holds. The base is after a garbage ` +
          'collection, before the read. One process, sizes in ascending order. This is the heap of the read in the ' +
          'benchmark process (the harness included, V8 at its default heap sizing), to see what the read holds; the ' +
          'peak RSS of the product process, `crm-journey sync --dry-run` in a process of its own, and the issue 17 ' +
          'target are in the section “Read path memory” (`npm run bench -- --only read-memory`).' +
          (skipped.length === 0
            ? ''
            : ` Not run: ${skipped.map(formatCount).join(', ')} customers (the module keeps to about ten minutes on this machine).`),
      ),
      {
        kind: 'table',
        columns: [
          'Customers',
          'Read',
          'Time',
          'Customers/s',
          'Heap base',
          'Heap peak',
          'Live heap',
          'RSS base',
          'RSS peak',
        ],
        align: ['right', 'right', 'right', 'right', 'right', 'right', 'right', 'right', 'right'],
        rows: memory.map((row) => [
          formatCount(row.customers),
          formatCount(row.read),
          `${row.seconds.toFixed(1)} s`,
          formatCount(row.read / row.seconds),
          `${row.baseHeapMb.toFixed(0)} MB`,
          `${row.peakHeapMb.toFixed(0)} MB`,
          `${row.liveHeapMb.toFixed(0)} MB`,
          `${row.baseRssMb.toFixed(0)} MB`,
          `${row.peakRssMb.toFixed(0)} MB`,
        ]),
      },
    ],
  });
}

await main().finally(() => {
  rmSync(DESCRIBE_CACHE, { recursive: true, force: true });
});
