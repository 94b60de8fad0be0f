// How long `crm-journey report` takes on 10,000 and 100,000 customers from a snapshot, end to end in
// its own process (read and check the snapshot, evaluate, analyse, render the HTML and the JSON), and
// where the time goes, measured in this process with the connector's engine and analytics.
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import {
  buildJourneyReport,
  compileJourney,
  evaluateCustomer,
  groupCustomers,
  reportCustomer,
  validateJourney,
  type ReportCustomer,
} from '@crm-journey/connector';
import { DEFAULT_AS_OF, generatePopulation, toSalesforceRecords } from '@crm-journey/sandbox';
import { formatCount, writeBenchReport } from './bench-report.ts';

const SIZES = (process.env['REPORT_BENCH_SIZES'] ?? '10000,100000').split(',').map(Number);
const ROOT = path.resolve(import.meta.dirname, '..');
const JOURNEY = 'journeys/salesforce-b2b.yaml';
const AS_OF = new Date(DEFAULT_AS_OF).toISOString();
const MB = 1024 * 1024;
// GNU time reports the child's peak RSS; without it only the time is measured.
const GNU_TIME = '/usr/bin/time';

interface Row {
  readonly customers: number;
  readonly snapshotMb: number;
  readonly cliSeconds: number;
  readonly cliPeakMb: number | undefined;
  readonly htmlKb: number;
  readonly evaluateSeconds: number;
  readonly analyseSeconds: number;
}

function log(message: string): void {
  process.stderr.write(`[report] ${message}\n`);
}

function measure(customers: number): Row {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'crm-journey-report-bench-'));
  try {
    const { User: _users, ...records } = toSalesforceRecords(generatePopulation({ customers, seed: 1 }));
    const snapshot = path.join(dir, 'snapshot.json');
    writeFileSync(snapshot, JSON.stringify(records));
    const html = path.join(dir, 'report.html');
    const cli = [
      '--conditions=@crm-journey/source',
      '--disable-warning=ExperimentalWarning',
      path.join('packages', 'sync', 'bin', 'crm-journey.ts'),
      'report',
      '--journey',
      JOURNEY,
      '--records',
      snapshot,
      '--as-of',
      AS_OF,
      '--out',
      html,
      '--json',
    ];
    const timed = existsSync(GNU_TIME);
    const started = performance.now();
    const child = spawnSync(
      timed ? GNU_TIME : process.execPath,
      timed ? ['-f', 'peak-kb %M', process.execPath, ...cli] : cli,
      {
        cwd: ROOT,
        encoding: 'utf8',
        stdio: ['ignore', 'ignore', 'pipe'],
        maxBuffer: 64 * MB,
      },
    );
    const cliSeconds = (performance.now() - started) / 1000;
    if (child.status !== 0) throw new Error(`crm-journey report failed on ${customers} customers:\n${child.stderr}`);
    const peak = /peak-kb (\d+)/.exec(child.stderr)?.[1];

    // The same work in this process, phase by phase.
    const definition = validateJourney(readFileSync(path.join(ROOT, JOURNEY), 'utf8'), JOURNEY).journey;
    if (!definition) throw new Error('the bundled journey is invalid');
    const journey = compileJourney(definition, { codegen: true });
    const evaluated = performance.now();
    const facts: ReportCustomer[] = groupCustomers(definition, records).customers.map((set) => {
      const input = { customer: set.customer, records: set.records, changes: set.changes, asOf: DEFAULT_AS_OF };
      return reportCustomer(journey, input, evaluateCustomer(journey, input));
    });
    const analysed = performance.now();
    buildJourneyReport(journey, facts, { asOf: DEFAULT_AS_OF });
    const done = performance.now();
    const row: Row = {
      customers,
      snapshotMb: statSync(snapshot).size / MB,
      cliSeconds,
      cliPeakMb: peak === undefined ? undefined : Number(peak) / 1024,
      htmlKb: statSync(html).size / 1024,
      evaluateSeconds: (analysed - evaluated) / 1000,
      analyseSeconds: (done - analysed) / 1000,
    };
    log(
      `${formatCount(customers)} customers: CLI ${cliSeconds.toFixed(1)} s (peak ${row.cliPeakMb?.toFixed(0) ?? '?'} MB), ` +
        `evaluate ${row.evaluateSeconds.toFixed(2)} s, analyse ${row.analyseSeconds.toFixed(2)} s`,
    );
    return row;
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

const rows = SIZES.map(measure);

writeBenchReport({
  id: 'report',
  title: 'Journey analytics: `crm-journey report`',
  blocks: [
    {
      kind: 'text',
      markdown:
        '`crm-journey report --records <snapshot> --out report.html --json` on generated Salesforce customers (seed 1), ' +
        'timed end to end in its own process (Node start, reading and checking the snapshot, grouping, evaluating every ' +
        'customer with history replay, the analytics, the SVG charts and the HTML and JSON), with its peak RSS. The last ' +
        'two columns split the work in this process: group and evaluate, then the analytics alone (`buildJourneyReport`).',
    },
    {
      kind: 'table',
      columns: ['Customers', 'Snapshot', 'Report (CLI)', 'Peak RSS', 'HTML', 'Group + evaluate', 'Analytics'],
      align: ['right', 'right', 'right', 'right', 'right', 'right', 'right'],
      rows: rows.map((row) => [
        formatCount(row.customers),
        `${row.snapshotMb.toFixed(0)} MB`,
        `${row.cliSeconds.toFixed(1)} s`,
        row.cliPeakMb === undefined ? '–' : `${row.cliPeakMb.toFixed(0)} MB`,
        `${row.htmlKb.toFixed(0)} KB`,
        `${row.evaluateSeconds.toFixed(2)} s`,
        `${row.analyseSeconds.toFixed(2)} s`,
      ]),
    },
  ],
});
