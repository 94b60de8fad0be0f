// Peak RSS of the read path as a user runs it: `crm-journey sync --dry-run --json` (read every customer,
// evaluate it, print the plan; nothing written) in its own process, against `crm-journey sandbox` in
// another, at 10,000 / 30,000 / 100,000 customers. GNU time gives the CLI process's peak RSS and CPU.
import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, openSync, closeSync, readSync, rmSync, statSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { DEFAULT_AS_OF } from '@crm-journey/sandbox';
import { formatCount, writeBenchReport } from './bench-report.ts';
import { startSandboxProcess, type SandboxProcess } from './sandbox-process.ts';

type Crm = 'salesforce' | 'sugarcrm';

const SIZES = (process.env['MEMORY_BENCH_SIZES'] ?? '10000,30000,100000').split(',').map(Number);
const CRMS = (process.env['MEMORY_BENCH_CRMS'] ?? 'salesforce,sugarcrm').split(',') as Crm[];
const ROOT = path.resolve(import.meta.dirname, '..');
const GNU_TIME = '/usr/bin/time';
const MB = 1024 * 1024;
const TARGET_MB = 256;
/** The CLI as `npm run crm-journey` starts it (package.json `cli`), flags included. */
const CLI = [
  '--conditions=@crm-journey/source',
  '--disable-warning=ExperimentalWarning',
  path.join('packages', 'sync', 'bin', 'crm-journey.ts'),
];

// Measured by hand the same way (one run each, the sampler of process.memoryUsage() beside GNU time), not
// rerun by this bench: where the memory was, and what each change did.
const HISTORY =
  'Salesforce, 100,000 customers, measured by hand the same way (2026-12-06 23:22–23:48 UTC, 1-minute load ' +
  'average 10–20 from other processes): before this work 928 MB peak RSS (27 s CPU, 122 s): a young generation ' +
  'grown to 128 MB, an old one of up to 354 MB around 70–144 MB live (the pages of the merged streams, and the ' +
  'dry run’s plan of every customer, held to the end), and at the end the plan printed as one string (~130 MB of ' +
  'large objects). With the plan in a temporary file and printed in 64 KB writes, query jobs’ rows handed out 500 ' +
  'at a time, and `pg`, `pino-pretty` and the Sugar connector loaded only when used (975 modules → 800): 421 MB ' +
  '(31 s CPU, 243 s), of which the young generation 128 MB and the old one ~150–250 MB committed around ~60 MB ' +
  'live: V8 sizing its heap from the allocation rate, not from what the read holds. Start flags for comparison: ' +
  '`--max-semi-space-size=16` ~400 MB; with `--max-old-space-size=1024` too ~296 MB. Set at run time by the command, at 100,000 customers ' +
  'on a quiet machine (2026-12-07 00:50 UTC, load ~1.5): `--semi-space-growth-factor=1 --heap-growing-percent=20` ' +
  '273–279 MB and 40–42 CPU-s (50 s); `--optimize-for-size` alone 243 MB and 68 CPU-s (64 s); the three together ' +
  '247 MB and 52 CPU-s (57 s); at 30,000 customers (load 2–5): V8’s defaults 458 MB and 12.3 CPU-s, the two heap ' +
  'flags 250–266 MB and 16.8 CPU-s (each alone: 410 and 351 MB). The sync command therefore sets the three for ' +
  'itself (packages/sync/src/run/favour-memory.ts; kept off when Node is started with heap sizing of its own): ' +
  'the rows above.';

interface Row {
  readonly crm: Crm;
  readonly customers: number;
  readonly read: number;
  readonly seconds: number;
  readonly cpuSeconds: number;
  readonly peakMb: number;
  readonly planMb: number;
}

const log = (message: string): void => void process.stderr.write(`[read-memory] ${message}\n`);

function targetFlags(crm: Crm, sandbox: SandboxProcess, secret: string): string[] {
  return crm === 'salesforce'
    ? ['--instance-url', sandbox.url, '--access-token-file', secret]
    : ['--sugar-url', sandbox.url, '--sugar-user', sandbox.username, '--sugar-password-file', secret];
}

// The customer count from the head of the JSON summary (the plan after it can be tens of MB).
function customersIn(file: string): number {
  const fd = openSync(file, 'r');
  try {
    const head = Buffer.alloc(4096);
    const read = readSync(fd, head, 0, head.length, 0);
    return Number(/"customers":(\d+)/.exec(head.subarray(0, read).toString('utf8'))?.[1] ?? Number.NaN);
  } finally {
    closeSync(fd);
  }
}

async function measure(crm: Crm, customers: number): Promise<Row> {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'crm-journey-read-memory-'));
  const sandbox = await startSandboxProcess(customers, { crm });
  try {
    const secret = path.join(dir, 'secret');
    writeFileSync(secret, `${crm === 'salesforce' ? sandbox.accessToken : sandbox.password}\n`, { mode: 0o600 });
    const out = path.join(dir, 'plan.json');
    const args = [
      ...CLI,
      'sync',
      '--journey',
      `journeys/${crm}-b2b.yaml`,
      ...targetFlags(crm, sandbox, secret),
      '--dry-run',
      '--json',
      '--state',
      path.join(dir, 'state.sqlite'),
      '--as-of',
      new Date(DEFAULT_AS_OF).toISOString(),
    ];
    const started = performance.now();
    const stdout = openSync(out, 'w');
    const child = spawn(GNU_TIME, ['-f', 'peak-kb %M cpu %U %S', process.execPath, ...args], {
      cwd: ROOT,
      stdio: ['ignore', stdout, 'pipe'],
    });
    closeSync(stdout);
    let stderr = '';
    child.stderr?.setEncoding('utf8');
    child.stderr?.on('data', (chunk: string) => (stderr += chunk));
    const code = await new Promise<number | null>((resolve) => child.once('exit', resolve));
    const seconds = (performance.now() - started) / 1000;
    if (code !== 0) throw new Error(`crm-journey sync --dry-run failed on ${crm}, ${customers} customers:\n${stderr}`);
    const peak = /peak-kb (\d+)/.exec(stderr)?.[1];
    const cpu = /cpu ([\d.]+) ([\d.]+)/.exec(stderr);
    const row: Row = {
      crm,
      customers,
      read: customersIn(out),
      seconds,
      cpuSeconds: cpu ? Number(cpu[1]) + Number(cpu[2]) : Number.NaN,
      peakMb: Number(peak) / 1024,
      planMb: statSync(out).size / MB,
    };
    log(
      `${crm} ${formatCount(customers)}: ${formatCount(row.read)} read in ${seconds.toFixed(1)} s ` +
        `(CPU ${row.cpuSeconds.toFixed(1)} s), peak RSS ${row.peakMb.toFixed(0)} MB, load ${os.loadavg()[0]?.toFixed(2) ?? '?'}`,
    );
    return row;
  } finally {
    await sandbox.stop();
    rmSync(dir, { recursive: true, force: true });
  }
}

if (!existsSync(GNU_TIME)) throw new Error(`${GNU_TIME} is needed for the peak RSS (apt-get install time).`);
const rows: Row[] = [];
for (const crm of CRMS) for (const size of SIZES) rows.push(await measure(crm, size));
const loadAtEnd = os.loadavg()[0]?.toFixed(2) ?? '?';

writeBenchReport({
  id: 'read-memory',
  title: 'Read path memory: `crm-journey sync --dry-run`',
  blocks: [
    {
      kind: 'text',
      markdown:
        'The read path as a user runs it: `crm-journey sync --journey journeys/<crm>-b2b.yaml --dry-run --json` (connect, ' +
        'check the journey against a cold describe cache, read every customer, evaluate it with history replay, print the ' +
        'plan of every customer to write; nothing is written) in its own process, started as `npm run crm-journey` ' +
        'starts it, against `crm-journey sandbox --customers N` (seed 1) in another process, `--as-of` at the ' +
        "sandbox's `DEFAULT_AS_OF`; a fresh state file, so a first run that plans every customer. Peak RSS and CPU " +
        '(user + system) of the CLI process from GNU time (`%M`, `%U`, `%S`), stdout to a file. Sizes one after the ' +
        `other, each with its own sandbox. Target (issue 17): peak RSS ≤ ${TARGET_MB} MB at 100,000 customers. ` +
        `1-minute load average at the end: ${loadAtEnd}. ${HISTORY}`,
    },
    {
      kind: 'table',
      columns: ['CRM', 'Customers', 'Read', 'Time', 'CPU', 'Customers/s', 'Peak RSS', 'Plan (JSON)', 'Target'],
      align: ['left', 'right', 'right', 'right', 'right', 'right', 'right', 'right', 'left'],
      rows: rows.map((row) => [
        row.crm,
        formatCount(row.customers),
        formatCount(row.read),
        `${row.seconds.toFixed(1)} s`,
        `${row.cpuSeconds.toFixed(1)} s`,
        formatCount(row.read / row.seconds),
        `${row.peakMb.toFixed(0)} MB`,
        `${row.planMb.toFixed(1)} MB`,
        row.customers !== 100_000 ? '' : row.peakMb <= TARGET_MB ? '**met**' : '**not met**',
      ]),
    },
  ],
});
