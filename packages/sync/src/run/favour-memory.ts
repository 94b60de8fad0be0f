import { setFlagsFromString } from 'node:v8';

let favoured = false;

// Flags by which whoever started the process sized the heap themselves (node flags or NODE_OPTIONS).
const HEAP_SIZING =
  /(^|\s)--(max-semi-space-size|max-old-space-size|max-heap-size|heap-growing-percent|semi-space-growth-factor|(no-)?optimize-for-size)\b/;

/**
 * The heap sizing a read asks for. The young generation stays at its starting size instead of growing
 * to 2 × 64 MB (`--semi-space-growth-factor=1`), and the old one grows by a fifth of what survived a
 * collection rather than up to four times (`--heap-growing-percent=20`). Both are read by V8 at every
 * collection, so they take effect when set at run time. Chosen over `--optimize-for-size`, which kept
 * the peak about as low but cost about twice the CPU (it also changes how code is compiled): measured
 * with `crm-journey sync --dry-run` at 30,000 Salesforce customers, default sizing 458 MB peak RSS and
 * 12.3 CPU-s, these flags 250–266 MB and 16.8 CPU-s, `--optimize-for-size` 245–247 MB and 27–29 CPU-s.
 */
const READ_SIZING = '--heap-growing-percent=20 --semi-space-growth-factor=1';

/**
 * Asks V8 to size its heap from what the process holds for the rest of the process (`READ_SIZING`,
 * which its heap reads at every collection): a sync holds little (a page or two of each merged stream, the
 * customer at hand; about 70 MB live at 100,000 customers) while it allocates gigabytes that die soon
 * after, and by default V8 sizes its heap from that rate, not from what is live: a young generation
 * of 128 MB and an old one grown to three or four times the live set. Measured with `crm-journey sync
 * --dry-run` against a 100,000-customer sandbox (docs/benchmarks.md, read-memory): without it about
 * 420 MB peak RSS, with it about 265 MB, for about 1.4 times the CPU in this process (the read
 * itself waits on the CRM). Set once, before the read; left alone when the process was started with heap sizing of
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
