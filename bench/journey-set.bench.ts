// API calls of a full Salesforce sync of a B2B + B2C journey set (account and contact roots merged in one
// read) next to each journey alone and the fewest calls one read of the union plus the writes could take
// (issue 20), on an org with consumers; and the set read by one process at twice the size.
import {
  compileJourneySet,
  evaluateCustomerInSet,
  formatDiagnostic,
  journeySetReadDefinition,
  validateJourneySet,
  type CustomerWrite,
  type JourneySetDefinition,
} from '@crm-journey/connector';
import { connectSalesforce } from '@crm-journey/connector/salesforce';
import { DEFAULT_AS_OF, startSandbox } from '@crm-journey/sandbox';
import { readFileSync } from 'node:fs';
import { formatCount, writeBenchReport } from './bench-report.ts';
import { countKinds, salesforceRequestKind } from './request-kinds.ts';
import { salesforceMinimum } from './salesforce-minimum.ts';

/** Share of the generated customers that are consumers (contacts without an account). */
const CONSUMER_SHARE = 0.3;
const RUNS = [
  { label: 'B2B alone', kinds: ['b2b'], customers: 10_000 },
  { label: 'B2C alone', kinds: ['b2c'], customers: 10_000 },
  { label: 'B2B + B2C set', kinds: ['b2b', 'b2c'], customers: 10_000 },
  { label: 'B2B + B2C set', kinds: ['b2b', 'b2c'], customers: 20_000 },
] as const;

const log = (message: string): void => void process.stderr.write(`[connectors-set] ${message}\n`);
const clock = (): number => DEFAULT_AS_OF;

function loadSet(kinds: readonly string[]): JourneySetDefinition {
  const files = kinds.map((kind) => {
    const file = `journeys/salesforce-${kind}.yaml`;
    return { text: readFileSync(new URL(`../${file}`, import.meta.url), 'utf8'), file };
  });
  const { set, errors } = validateJourneySet(files);
  if (!set) throw new Error(`The bundled set does not validate:\n${errors.map(formatDiagnostic).join('\n')}`);
  return set;
}

interface Row {
  readonly label: string;
  readonly customers: number;
  readonly placed: number;
  readonly reads: number;
  readonly writes: number;
  readonly describes: number;
  readonly readMinimum: number;
  readonly writeMinimum: number;
  readonly seconds: number;
}

async function measure(run: (typeof RUNS)[number]): Promise<Row> {
  const sandbox = await startSandbox('salesforce', {
    customers: run.customers,
    seed: 1,
    consumerShare: CONSUMER_SHARE,
    now: clock,
  });
  try {
    const set = loadSet(run.kinds);
    const journey = journeySetReadDefinition(set);
    const compiled = compileJourneySet(set);
    const started = performance.now();
    sandbox.inspect.resetLog();
    const connector = await connectSalesforce({
      instanceUrl: sandbox.url,
      accessToken: sandbox.accessToken ?? '',
      env: {},
      now: clock,
      bulkPollIntervalMs: 500,
    });
    const read = new Map<string, number>();
    const writes: CustomerWrite[] = [];
    let placed = 0;
    for await (const { customer, records, changes, stored, sourceFingerprint } of connector.readCustomers(journey)) {
      for (const [object, list] of Object.entries(records)) read.set(object, (read.get(object) ?? 0) + list.length);
      const input = { customer, records, changes, previous: stored, asOf: DEFAULT_AS_OF };
      const state = evaluateCustomerInSet(compiled, input).state;
      if (state === null) continue;
      placed++;
      const tasks = state.nextActions.filter((action) => action.mode === 'create' && action.status === 'new');
      writes.push({ customer, state, stored, tasks, sourceFingerprint });
    }
    const readEnd = sandbox.inspect.requests.length;
    const summary = await connector.write(journey, writes);
    if (summary.failures.length > 0) throw new Error(`${run.label}: ${String(summary.failures.length)} writes failed.`);
    await connector.close();
    const written = new Map<string, number>();
    for (const { object } of sandbox.inspect.writes) written.set(object, (written.get(object) ?? 0) + 1);
    const readKinds = countKinds(sandbox.inspect.requests.slice(0, readEnd), salesforceRequestKind);
    const writeKinds = countKinds(sandbox.inspect.requests.slice(readEnd), salesforceRequestKind);
    const minimum = salesforceMinimum(read, written);
    const row = {
      label: run.label,
      customers: run.customers,
      placed,
      reads: readKinds.get('pages') ?? 0,
      writes: writeKinds.get('writes') ?? 0,
      describes: readKinds.get('describe') ?? 0,
      // Less the describeGlobal the minimum counts: describes are a column of their own.
      readMinimum: minimum.read - 1,
      writeMinimum: minimum.write,
      seconds: (performance.now() - started) / 1000,
    };
    log(`${run.label} ${formatCount(run.customers)}: ${JSON.stringify(row)}`);
    return row;
  } finally {
    await sandbox.close();
  }
}

async function main(): Promise<void> {
  const rows: Row[] = [];
  for (const run of RUNS) rows.push(await measure(run));
  const ratio = (row: Row): string =>
    `${((row.reads + row.writes) / (row.readMinimum + row.writeMinimum)).toFixed(2)}x`;
  writeBenchReport({
    id: 'connectors-set',
    title: 'Connectors: a B2B + B2C journey set in one read',
    blocks: [
      {
        kind: 'text',
        markdown:
          `A full sync through the Salesforce connector against the sandbox org (seed 1, ${String(CONSUMER_SHARE * 100)}% ` +
          'consumers: contacts without an account) of the bundled B2B and B2C journeys, alone and as one set: the set ' +
          'reads the account streams and the contact streams of contacts without an account in one merged read. ' +
          'Query calls are REST query pages and Bulk API 2.0 query-job calls; the minimum is one page per 2,000 records ' +
          'read per object (the union the set needs), and the writes as in the section above. Describes (a fresh ' +
          'describe cache) are shown apart and left out of the ratio. A read holds at most 8 query cursors at once ' +
          '(docs/sync.md): before that budget, the set read at 10,000 customers failed with `INVALID_QUERY_LOCATOR`. ' +
          'Issue 20 asks for at most 1.1x. Below 1.0x: a stream past the cursor budget (or above 50,000 rows) is read ' +
          'through a query job, a few calls for rows the minimum counts at one page per 2,000.',
      },
      {
        kind: 'table',
        columns: [
          'Journeys',
          'Customers',
          'Placed',
          'Query calls (min)',
          'Write calls (min)',
          'Describes',
          'Calls vs minimum',
          'Seconds',
        ],
        align: ['left', 'right', 'right', 'right', 'right', 'right', 'right', 'right'],
        rows: rows.map((row) => [
          row.label,
          formatCount(row.customers),
          formatCount(row.placed),
          `${formatCount(row.reads)} (${formatCount(row.readMinimum)})`,
          `${formatCount(row.writes)} (${formatCount(row.writeMinimum)})`,
          formatCount(row.describes),
          ratio(row),
          row.seconds.toFixed(1),
        ]),
      },
    ],
  });
}

await main();
