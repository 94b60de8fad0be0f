/** A table of a benchmark report; cells are Markdown. */
export interface BenchTable {
  readonly kind: 'table';
  readonly columns: readonly string[];
  /** Per column: right-align numbers. */
  readonly align?: readonly ('left' | 'right')[];
  readonly rows: readonly (readonly string[])[];
}

/** A paragraph (or any Markdown block) of a benchmark report. */
export interface BenchText {
  readonly kind: 'text';
  readonly markdown: string;
}

/** What one benchmark module prints on stdout as JSON; `bench/run.ts` turns it into a section of the docs. */
export interface BenchReport {
  /** The id `--only` selects, e.g. `engine`. */
  readonly id: string;
  readonly title: string;
  readonly blocks: readonly (BenchTable | BenchText)[];
}

/** Narrows parsed JSON to a {@link BenchReport}. */
export function isBenchReport(value: unknown): value is BenchReport {
  if (typeof value !== 'object' || value === null) return false;
  const { id, title, blocks } = value as Record<string, unknown>;
  return typeof id === 'string' && typeof title === 'string' && Array.isArray(blocks);
}

/**
 * Hands a report to `bench/run.ts`: the JSON goes to stdout, which nothing else in a benchmark writes to.
 *
 * @example
 * writeBenchReport({ id: 'engine', title: 'Engine throughput', blocks: [text('…'), table] });
 */
export function writeBenchReport(report: BenchReport): void {
  process.stdout.write(`${JSON.stringify(report)}\n`);
}

/** Formats an integer with thousands separators: 312,456. */
export function formatCount(value: number): string {
  return Math.round(value).toLocaleString('en-US');
}
