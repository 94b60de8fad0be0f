import { setFlagsFromString } from 'node:v8';

let favoured = false;

// Flags by which whoever started the process sized the heap themselves (node flags or NODE_OPTIONS).
const HEAP_SIZING =
  /(^|\s)--(max-semi-space-size|max-old-space-size|max-heap-size|heap-growing-percent|semi-space-growth-factor|(no-)?optimize-for-size)\b/;

/**
 * The heap sizing a read asks for: the young generation kept at its starting size instead of growing to
 * 2 × 64 MB (`--semi-space-growth-factor=1`), the old one grown by a fifth of what survived a collection
 * rather than up to four times (`--heap-growing-percent=20`), and V8's memory-first mode
 * (`--optimize-for-size`). V8 reads all three at every collection, so they take effect when set at run
 * time (`--max-semi-space-size` does not). Measured with `crm-journey sync --dry-run` at 100,000
 * Salesforce customers on a quiet machine (2026-12-07 00:50 UTC, load ~1.5), peak RSS and CPU of the CLI:
 * V8's defaults about 420 MB; the first two flags 273–279 MB, 40–42 CPU-s; `--optimize-for-size` alone
 * 243 MB, 68 CPU-s; the three together 247 MB, 52 CPU-s (64, 57 and 50 s of wall time: the read mostly
 * waits on the CRM).
 */
const READ_SIZING = '--optimize-for-size --heap-growing-percent=20 --semi-space-growth-factor=1';

/**
 * Asks V8 to size its heap from what the process holds for the rest of the process (`READ_SIZING`,
 * which its heap reads at every collection): a sync holds little (a page or two of each merged stream, the
 * customer at hand; about 70 MB live at 100,000 customers) while it allocates gigabytes that die soon
 * after, and by default V8 sizes its heap from that rate, not from what is live: a young generation
 * of 128 MB and an old one grown to three or four times the live set. Measured with `crm-journey sync
 * --dry-run` against a 100,000-customer sandbox (docs/benchmarks.md, read-memory): without it about
 * 420 MB peak RSS, with it under 256 MB, for about 1.3 times the CPU of the run with the two heap
 * flags alone (the read itself waits on the CRM). Set once, before the read; left alone when the process was started with heap sizing of
 * its own (`--max-semi-space-size`, `--max-old-space-size`, `--max-heap-size`, `--heap-growing-percent`,
 * `--semi-space-growth-factor`, `--[no-]optimize-for-size` among the node flags or in `NODE_OPTIONS`). Returns whether it set the flag.
 *
 * @example
 * favourMemory();
 * await runSync(options);
 */
export function favourMemory(
  execArgv: readonly string[] = process.execArgv,
  nodeOptions: string | undefined = process.env['NODE_OPTIONS'],
): boolean {
  if (favoured || HEAP_SIZING.test([...execArgv, nodeOptions ?? ''].join(' '))) return false;
  favoured = true;
  setFlagsFromString(READ_SIZING);
  return true;
}
