import { setFlagsFromString } from 'node:v8';

let favoured = false;

// Flags by which whoever started the process sized the heap themselves (node flags or NODE_OPTIONS).
const HEAP_SIZING = /(^|\s)--(max-semi-space-size|max-old-space-size|max-heap-size|(no-)?optimize-for-size)\b/;

/**
 * Asks V8 to favour memory over speed for the rest of the process (`--optimize-for-size`, which its
 * heap reads at every collection): a sync holds little (a page or two of each merged stream, the
 * customer at hand; about 70 MB live at 100,000 customers) while it allocates gigabytes that die soon
 * after, and by default V8 sizes its heap from that rate, not from what is live: a young generation
 * of 128 MB and an old one grown to three or four times the live set. Measured with `crm-journey sync
 * --dry-run` against a 100,000-customer sandbox (docs/benchmarks.md, read-memory): without it about
 * 420 MB peak RSS, with it about 230 MB, for about three times the CPU in this process (the read
 * itself waits on the CRM). Set once, before the read; left alone when the process was started with heap sizing of
 * its own (`--max-semi-space-size`, `--max-old-space-size`, `--max-heap-size`, `--[no-]optimize-for-size`
 * among the node flags or in `NODE_OPTIONS`). Returns whether it set the flag.
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
  setFlagsFromString('--optimize-for-size');
  return true;
}
