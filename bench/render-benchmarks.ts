import type { BenchReport, BenchTable } from './bench-report.ts';

/** Where and how a benchmark run happened; printed in the document header and in each section. */
export interface BenchRunInfo {
  /** ISO date-time of the run. */
  readonly date: string;
  readonly cpu: string;
  readonly cores: number;
  readonly memory: string;
  readonly node: string;
  readonly os: string;
  /** `os.loadavg()` when the run started: other work on the machine skews the numbers. */
  readonly loadAverage: string;
  /** The exact command, e.g. `npm run bench -- --only engine`. */
  readonly command: string;
}

const START = (id: string): string => `<!-- bench:${id}:start -->`;
const END = (id: string): string => `<!-- bench:${id}:end -->`;
const SECTION = /<!-- bench:([\w-]+):start -->\n[\s\S]*?<!-- bench:\1:end -->/g;

function renderTable(table: BenchTable): string {
  const cell = (text: string): string => text.replaceAll('|', '\\|').replaceAll('\n', ' ');
  const rule = table.columns.map((_, i) => (table.align?.[i] === 'right' ? '---:' : '---'));
  return [table.columns.map(cell), rule, ...table.rows.map((row) => row.map(cell))]
    .map((cells) => `| ${cells.join(' | ')} |`)
    .join('\n');
}

function shortDate(iso: string): string {
  return `${iso.slice(0, 16).replace('T', ' ')} UTC`;
}

/** One benchmark's section, between markers so that a partial run (`--only`) can replace just it. */
export function renderSection(report: BenchReport, run: BenchRunInfo, seconds: number): string {
  const blocks = report.blocks.map((block) => (block.kind === 'table' ? renderTable(block) : block.markdown));
  return [
    START(report.id),
    `## ${report.title}`,
    '',
    `_Measured ${shortDate(run.date)} on ${run.cpu} (${String(run.cores)} cores), Node ${run.node}, with \`${run.command}\`, load average ${run.loadAverage} at start; took ${seconds.toFixed(0)} s._`,
    '',
    blocks.join('\n\n'),
    END(report.id),
  ].join('\n');
}

/** The sections of an existing document, by benchmark id. */
export function parseSections(markdown: string): Map<string, string> {
  const sections = new Map<string, string>();
  for (const match of markdown.matchAll(SECTION)) if (match[1]) sections.set(match[1], match[0]);
  return sections;
}

/**
 * The whole `docs/benchmarks.md`: the machine, then the sections in order (each names its own date, command
 * and load).
 *
 * @example
 * writeFileSync('docs/benchmarks.md', renderDocument(run, [renderSection(report, run, 42)]));
 */
export function renderDocument(run: BenchRunInfo, sections: readonly string[]): string {
  return [
    '# Benchmarks',
    '',
    '<!-- Written by `npm run bench` (bench/run.ts); edits by hand are overwritten. -->',
    '',
    'Each benchmark is a module in `bench/` that runs in a fresh Node process (`--expose-gc`), so that one does not',
    'warm up or pollute the heap of the next; `npm run bench -- --only <id>` reruns some and keeps the other sections.',
    '',
    'Each section says when it was measured, with which command, and the load average (1, 5, 15 min) of the',
    'machine when it started: the machine is shared, so compare figures within one section, not across them.',
    '',
    '| Machine | |',
    '| --- | --- |',
    `| CPU | ${run.cpu} |`,
    `| Cores | ${String(run.cores)} |`,
    `| Memory | ${run.memory} |`,
    `| Node | ${run.node} |`,
    `| OS | ${run.os} |`,
    '',
    sections.join('\n\n'),
    '',
  ].join('\n');
}
