// How long `crm-journey map` takes on a 100,000-customer snapshot and on a 10,000-customer sandbox org
// (read over its REST API), each end to end in its own process with its peak RSS, next to
// `crm-journey report` on the same input in the same run (the machine is noisy: compare the pair).
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync, statSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { DEFAULT_AS_OF, generatePopulation, toSalesforceRecords } from '@crm-journey/sandbox';
import { formatCount, writeBenchReport } from './bench-report.ts';
import { startSandboxProcess } from './sandbox-process.ts';

const SNAPSHOT_CUSTOMERS = Number(process.env['MAP_BENCH_SNAPSHOT'] ?? 100_000);
const ORG_CUSTOMERS = Number(process.env['MAP_BENCH_ORG'] ?? 10_000);
const ROOT = path.resolve(import.meta.dirname, '..');
const JOURNEY = 'journeys/salesforce-b2b.yaml';
const AS_OF = new Date(DEFAULT_AS_OF).toISOString();
const MB = 1024 * 1024;
// GNU time reports the child's peak RSS; without it only the time is measured.
const GNU_TIME = '/usr/bin/time';

interface Run {
  readonly seconds: number;
  readonly peakMb: number | undefined;
  readonly outKb: number;
}

function log(message: string): void {
  process.stderr.write(`[map] ${message}\n`);
}

/** Runs one CLI command in its own process, timed, with its peak RSS. */
function cli(args: readonly string[], out: string): Run {
  const command = [
    '--conditions=@crm-journey/source',
    '--disable-warning=ExperimentalWarning',
    path.join('packages', 'sync', 'bin', 'crm-journey.ts'),
    ...args,
    '--out',
    out,
  ];
  const timed = existsSync(GNU_TIME);
  const started = performance.now();
  const child = spawnSync(
    timed ? GNU_TIME : process.execPath,
    timed ? ['-f', 'peak-kb %M', process.execPath, ...command] : command,
    { cwd: ROOT, encoding: 'utf8', stdio: ['ignore', 'ignore', 'pipe'], maxBuffer: 64 * MB },
  );
  const seconds = (performance.now() - started) / 1000;
  if (child.status !== 0) throw new Error(`crm-journey ${args[0] ?? ''} failed:\n${child.stderr}`);
  const peak = /peak-kb (\d+)/.exec(child.stderr)?.[1];
  const run = {
    seconds,
    peakMb: peak === undefined ? undefined : Number(peak) / 1024,
    outKb: statSync(out).size / 1024,
  };
  log(
    `${args[0] ?? ''} ${args.slice(1, 2).join(' ')}: ${seconds.toFixed(1)} s, peak ${run.peakMb?.toFixed(0) ?? '?'} MB`,
  );
  return run;
}

const dir = mkdtempSync(path.join(os.tmpdir(), 'crm-journey-map-bench-'));
const rows: string[][] = [];
const row = (input: string, command: string, run: Run): string[] => [
  input,
  command,
  `${run.seconds.toFixed(1)} s`,
  run.peakMb === undefined ? '–' : `${run.peakMb.toFixed(0)} MB`,
  `${run.outKb.toFixed(0)} KB`,
];
try {
  const { User: _users, ...records } = toSalesforceRecords(
    generatePopulation({ customers: SNAPSHOT_CUSTOMERS, seed: 1 }),
  );
  const snapshot = path.join(dir, 'snapshot.json');
  writeFileSync(snapshot, JSON.stringify(records));
  const input = `snapshot, ${formatCount(SNAPSHOT_CUSTOMERS)} customers (${(statSync(snapshot).size / MB).toFixed(0)} MB)`;
  const common = ['--journey', JOURNEY, '--records', snapshot, '--as-of', AS_OF];
  rows.push(row(input, '`map`', cli(['map', ...common], path.join(dir, 'map.html'))));
  rows.push(row(input, '`map --all-segments`', cli(['map', ...common, '--all-segments'], path.join(dir, 'all.html'))));
  rows.push(row(input, '`report` (peer)', cli(['report', ...common], path.join(dir, 'report.html'))));

  const sandbox = await startSandboxProcess(ORG_CUSTOMERS);
  try {
    const org = `sandbox org, ${formatCount(ORG_CUSTOMERS)} customers (REST API on loopback)`;
    const target = [
      '--journey',
      JOURNEY,
      '--instance-url',
      sandbox.url,
      '--access-token',
      sandbox.accessToken,
      '--as-of',
      AS_OF,
    ];
    rows.push(row(org, '`map`', cli(['map', ...target], path.join(dir, 'org-map.html'))));
    rows.push(row(org, '`report` (peer)', cli(['report', ...target], path.join(dir, 'org-report.html'))));
  } finally {
    await sandbox.stop();
  }
} finally {
  rmSync(dir, { recursive: true, force: true });
}

writeBenchReport({
  id: 'map',
  title: 'Journey map: `crm-journey map`',
  blocks: [
    {
      kind: 'text',
      markdown:
        '`crm-journey map --out map.html` on generated Salesforce customers (seed 1), timed end to end in its own process ' +
        '(Node start, reading the snapshot or the org, evaluating every customer with history replay, the report and map ' +
        'tallies, the HTML), with its peak RSS; `crm-journey report` on the same input in the same run is the peer to ' +
        'compare with. `--all-segments` evaluates each customer once and feeds one map builder per segment.',
    },
    {
      kind: 'table',
      columns: ['Input', 'Command', 'Time', 'Peak RSS', 'Output'],
      align: ['left', 'left', 'right', 'right', 'right'],
      rows,
    },
  ],
});
