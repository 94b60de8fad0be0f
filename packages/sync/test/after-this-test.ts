// What a test started (sandboxes, stores, connectors, directories) is undone after it, pass or fail, so
// that a failing test leaves no server listening for the next one.
import { afterEach } from 'vitest';

const undo: (() => Promise<void> | void)[] = [];

afterEach(async () => {
  for (const cleanup of undo.splice(0).reverse()) await cleanup();
});

/** Runs `cleanup` after the current test, after those registered later (last first). */
export function afterThisTest(cleanup: () => Promise<void> | void): void {
  undo.push(cleanup);
}
