import { setFlagsFromString } from 'node:v8';

let favoured = false;

/**
 * Asks V8 to favour memory over speed for the rest of the process (`--optimize-for-size`, which its
 * heap reads at every collection): a sync holds little (a page or two of each merged stream, the
 * customer at hand; about 70 MB live at 100,000 customers) while it allocates gigabytes that die soon
 * after, and by default V8 sizes its heap from that rate, not from what is live: a young generation
 * of 128 MB and an old one grown to three or four times the live set. Measured with `crm-journey sync
 * --dry-run` against a 100,000-customer sandbox (docs/benchmarks.md, read-memory): without it about
 * 420 MB peak RSS, with it about 200 MB, for some 75% more CPU in this process (the read itself waits
 * on the CRM). Set once, before the read.
 *
 * @example
 * favourMemory();
 * await runSync(options);
 */
export function favourMemory(): void {
  if (favoured) return;
  favoured = true;
  setFlagsFromString('--optimize-for-size');
}
