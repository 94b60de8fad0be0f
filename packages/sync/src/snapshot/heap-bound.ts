import { getHeapStatistics, setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';

// V8 lets garbage that outlived a few scavenges pile up in the old generation until a limit it sets
// from how the heap grew (about four times what is live); while one customer after another is read,
// nearly all of it is garbage, and that pile is most of the peak RSS.
let collect: (() => void) | undefined;

/**
 * Keeps the heap of a long streaming read near what it holds: checked every `every` steps, a full
 * garbage collection runs once the heap has grown by `slack` bytes (and doubled) since the last one.
 *
 * @example
 * const bound = heapBound();
 * for (const customer of customers) { bound.step(); session.add(customer); }
 */
export function heapBound(every = 2_000, slack = 96 << 20): { step(): void } {
  if (collect === undefined) {
    setFlagsFromString('--expose-gc');
    collect = runInNewContext('gc') as () => void;
  }
  const gc = collect;
  let steps = 0;
  let live = getHeapStatistics().used_heap_size;
  return {
    step() {
      if (++steps % every !== 0) return;
      const used = getHeapStatistics().used_heap_size;
      if (used < live + slack || used < 2 * live) return;
      gc();
      live = getHeapStatistics().used_heap_size;
    },
  };
}
