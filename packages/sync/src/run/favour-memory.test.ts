import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { favourMemory } from './favour-memory.ts';

const MODULE = fileURLToPath(new URL('./favour-memory.ts', import.meta.url));

// A read's pattern in a fresh process: a window of pages that live a while, then die; the peak size
// V8 gave its heap (young and old generations), in MB.
function peakHeapMb(favour: boolean): number {
  const script = `
    import v8 from 'node:v8';
    import { favourMemory } from ${JSON.stringify(MODULE)};
    if (${String(favour)}) favourMemory();
    const window = [];
    let peak = 0;
    for (let page = 0; page < 600; page++) {
      window.push(Array.from({ length: 2000 }, (_, i) => ({ id: 'r' + page + '_' + i, n: i, text: 'x'.repeat(40) + i })));
      if (window.length > 24) window.shift();
      peak = Math.max(peak, v8.getHeapStatistics().total_heap_size);
    }
    process.stdout.write(String(peak / 1048576));
  `;
  const child = spawnSync(
    process.execPath,
    ['--disable-warning=ExperimentalWarning', '--input-type=module', '-e', script],
    { encoding: 'utf8' },
  );
  if (child.status !== 0) throw new Error(child.stderr);
  return Number(child.stdout);
}

describe('favourMemory', () => {
  it('keeps the heap of a read-like workload near what it holds, where V8 would size it from the allocation rate', () => {
    const favoured = peakHeapMb(true);
    const plain = peakHeapMb(false);
    expect(favoured).toBeLessThan(plain * 0.75);
  }, 60_000);

  it('leaves V8 as told when the process was started with heap sizing of its own', () => {
    expect(favourMemory(['--max-semi-space-size=64'], undefined)).toBe(false);
    expect(favourMemory([], '--no-optimize-for-size --conditions=x')).toBe(false);
    expect(favourMemory(['--conditions=@crm-journey/source'], '--max-old-space-size=4096')).toBe(false);
  });
});
