// `npm run bench [-- --only <id>[,<id>]]`: runs each benchmark module in its own Node process and
// writes docs/benchmarks.md. A benchmark is a module that prints one BenchReport as JSON on stdout.
import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { isBenchReport, type BenchReport } from './bench-report.ts';
import { parseSections, renderDocument, renderSection, type BenchRunInfo } from './render-benchmarks.ts';

/** Every benchmark, in document order: add one line per new module in `bench/`. */
const BENCHMARKS = [
  { id: 'engine', file: 'engine.bench.ts' },
  { id: 'panel', file: 'panel.bench.ts' },
  { id: 'generator', file: 'generator.bench.ts' },
  { id: 'connectors', file: 'connectors.bench.ts' },
  { id: 'connectors-set', file: 'journey-set.bench.ts' },
  { id: 'read-memory', file: 'read-memory.bench.ts' },
  { id: 'report', file: 'report.bench.ts' },
  { id: 'map', file: 'map.bench.ts' },
  { id: 'serve', file: 'serve-load.bench.ts' },
  { id: 'fleet', file: '../packages/sync/bench/fleet.bench.ts' },
] as const satisfies readonly {
  readonly id: string;
  readonly file: string;
}[];

const ROOT = path.resolve(import.meta.dirname, '..');
const OUTPUT = path.join(ROOT, 'docs', 'benchmarks.md');
const NODE_FLAGS = ['--conditions=@crm-journey/source', '--disable-warning=ExperimentalWarning', '--expose-gc'];

type Benchmark = (typeof BENCHMARKS)[number];

function usageError(message: string): Error {
  const ids = BENCHMARKS.map((benchmark) => benchmark.id).join(', ');
  return new Error(`${message}\nUsage: npm run bench [-- --only <id>[,<id>...]]; benchmarks: ${ids}.`);
}

/** The benchmarks the arguments select: all of them, or those named by `--only a,b` / `--only=a`. */
function selectBenchmarks(args: readonly string[]): readonly Benchmark[] {
  const wanted: string[] = [];
  for (let i = 0; i < args.length; i++) {
    const arg = args[i] ?? '';
    const value = arg === '--only' ? args[++i] : arg.startsWith('--only=') ? arg.slice('--only='.length) : undefined;
    if (value === undefined || value === '') throw usageError(`Unknown or incomplete argument "${arg}".`);
    wanted.push(...value.split(',').map((id) => id.trim()));
  }
  if (wanted.length === 0) return BENCHMARKS;
  for (const id of wanted) {
    if (!BENCHMARKS.some((benchmark) => benchmark.id === id)) throw usageError(`There is no benchmark "${id}".`);
  }
  return BENCHMARKS.filter((benchmark) => wanted.includes(benchmark.id));
}

/** Runs one module in a fresh process; its progress goes straight to our stderr, its report comes on stdout. */
function runBenchmark(benchmark: Benchmark): BenchReport {
  const file = path.join('bench', benchmark.file);
  process.stderr.write(`\n[bench] ${benchmark.id}: node ${NODE_FLAGS.join(' ')} ${file}\n`);
  const child = spawnSync(process.execPath, [...NODE_FLAGS, file], {
    cwd: ROOT,
    encoding: 'utf8',
    stdio: ['ignore', 'pipe', 'inherit'],
    maxBuffer: 64 * 1024 * 1024,
  });
  if (child.error) throw new Error(`Could not start ${file}: ${child.error.message}`, { cause: child.error });
  if (child.status !== 0)
    throw new Error(`${file} failed (exit code ${String(child.status ?? child.signal)}); see its output above.`);
  const lastLine = child.stdout.trim().split('\n').pop() ?? '';
  let report: unknown;
  try {
    report = JSON.parse(lastLine);
  } catch (error) {
    throw new Error(`${file} did not print a JSON report on its last stdout line.`, { cause: error });
  }
  if (!isBenchReport(report) || report.id !== benchmark.id) {
    throw new Error(`${file} printed something that is not a report with id "${benchmark.id}".`);
  }
  return report;
}

function describeMachine(args: readonly string[]): BenchRunInfo {
  const cpus = os.cpus();
  return {
    date: new Date().toISOString(),
    cpu: cpus[0]?.model.trim() ?? 'unknown CPU',
    cores: cpus.length,
    memory: `${(os.totalmem() / 2 ** 30).toFixed(1)} GiB`,
    node: process.version,
    os: `${os.type()} ${os.release()} (${os.arch()})`,
    loadAverage: os
      .loadavg()
      .map((load) => load.toFixed(2))
      .join(', '),
    // The size knobs a benchmark reads from the environment (FLEET_BENCH_ORG=…) are part of the command.
    command: [
      ...Object.entries(process.env)
        .filter(([name, value]) => /^[A-Z]+_BENCH_[A-Z_]+$/.test(name) && value !== undefined)
        .map(([name, value]) => `${name}=${String(value)}`),
      'npm run bench',
      ...(args.length > 0 ? ['--', ...args] : []),
    ].join(' '),
  };
}

try {
  const args = process.argv.slice(2);
  const selected = selectBenchmarks(args);
  const run = describeMachine(args);
  const fresh = new Map<string, string>();
  for (const benchmark of selected) {
    const start = performance.now();
    const report = runBenchmark(benchmark);
    fresh.set(benchmark.id, renderSection(report, run, (performance.now() - start) / 1000));
  }
  // A partial run keeps the sections of the benchmarks it did not run.
  const kept = existsSync(OUTPUT) ? parseSections(readFileSync(OUTPUT, 'utf8')) : new Map<string, string>();
  const sections = BENCHMARKS.flatMap(({ id }) => fresh.get(id) ?? kept.get(id) ?? []);
  writeFileSync(OUTPUT, renderDocument(run, sections));
  process.stderr.write(`\n[bench] wrote ${path.relative(ROOT, OUTPUT)} (${[...fresh.keys()].join(', ')})\n`);
} catch (error) {
  process.stderr.write(`[bench] ${error instanceof Error ? error.message : String(error)}\n`);
  process.exitCode = 1;
}
