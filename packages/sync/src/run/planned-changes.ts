import { closeSync, mkdtempSync, openSync, readSync, rmSync, writeSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { StringDecoder } from 'node:string_decoder';

/** One customer's entry in a dry run's plan. */
export interface PlannedChange {
  readonly customer: { readonly type: string; readonly id: string; readonly name?: string };
  readonly from: string | null;
  readonly to: string | null;
  readonly tasks: readonly {
    readonly key: string;
    readonly type: string;
    readonly subject: string;
    readonly dueDate: string | null;
  }[];
}

/** A dry run's plan, read back one entry at a time; `JSON.stringify` gives the array. */
export interface PlannedChanges extends Iterable<PlannedChange> {
  /** Customers to write. */
  readonly length: number;
  /** Tasks to create, over every customer. */
  readonly tasks: number;
  toJSON(): PlannedChange[];
  /** Removes the file behind the plan; iterating it afterwards is an error. */
  dispose(): void;
}

/** A plan being written by a run. */
export interface PlanSpool extends PlannedChanges {
  add(change: PlannedChange): void;
}

/** Characters buffered before a write to the file. */
const WRITE_AT = 1 << 16;
const READ_BYTES = 1 << 16;

// Plans a process did not dispose of (a test, a run that threw) are removed when it exits.
const open = new Set<PlanSpool>();
let hooked = false;
const disposeAll = (): void => {
  for (const spool of open) spool.dispose();
};

/**
 * A dry run's plan kept in a temporary file (one JSON line per customer) instead of memory: a first run
 * over 100,000 customers plans every one of them, and holding those entries (and printing them as one
 * string) was most of the run's memory. The file is made on the first entry and removed by `dispose`
 * or, at the latest, when the process exits.
 *
 * @example
 * const plan = createPlanSpool();
 * plan.add(change);
 * for (const entry of plan) print(entry);
 * plan.dispose();
 */
export function createPlanSpool(): PlanSpool {
  let dir: string | undefined;
  let fd: number | undefined;
  let pending: string[] = [];
  let pendingChars = 0;
  let length = 0;
  let tasks = 0;
  let disposed = false;
  const flush = (): void => {
    if (pending.length === 0) return;
    if (fd === undefined) {
      dir = mkdtempSync(join(tmpdir(), 'crm-journey-plan-'));
      fd = openSync(join(dir, 'plan.ndjson'), 'w+', 0o600);
    }
    writeSync(fd, pending.join(''));
    pending = [];
    pendingChars = 0;
  };
  function* entries(): Generator<PlannedChange> {
    if (disposed) throw new Error('This plan was disposed of: its entries are gone.');
    flush();
    if (fd === undefined) return;
    const decoder = new StringDecoder('utf8');
    const bytes = Buffer.alloc(READ_BYTES);
    let rest = '';
    for (let position = 0; ;) {
      const read = readSync(fd, bytes, 0, READ_BYTES, position);
      if (read === 0) break;
      position += read;
      const lines = (rest + decoder.write(bytes.subarray(0, read))).split('\n');
      rest = lines.pop() ?? '';
      for (const line of lines) yield JSON.parse(line) as PlannedChange;
    }
  }
  const spool: PlanSpool = {
    get length() {
      return length;
    },
    get tasks() {
      return tasks;
    },
    add(change) {
      const line = `${JSON.stringify(change)}\n`;
      pending.push(line);
      pendingChars += line.length;
      length++;
      tasks += change.tasks.length;
      if (pendingChars >= WRITE_AT) flush();
    },
    [Symbol.iterator]: entries,
    toJSON: () => [...entries()],
    dispose() {
      if (disposed) return;
      disposed = true;
      open.delete(spool);
      pending = [];
      if (fd !== undefined) closeSync(fd);
      if (dir !== undefined) rmSync(dir, { recursive: true, force: true });
    },
  };
  open.add(spool);
  if (!hooked) {
    hooked = true;
    process.once('exit', disposeAll);
  }
  return spool;
}
