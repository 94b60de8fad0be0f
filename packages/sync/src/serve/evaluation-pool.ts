// Serve's evaluation runs on worker threads through piscina: a maintained pool that queues tasks,
// replaces a worker that died, and cancels a task by AbortSignal by terminating its worker, which is how
// a plan past its time budget is stopped even in the middle of one customer's evaluation (a thread's
// synchronous loop cannot be interrupted any other way).
import { extname } from 'node:path';
import { fileURLToPath } from 'node:url';
import { Piscina } from 'piscina';
import { snapshotCatalog, type JourneyValidator } from '@crm-journey/connector';
import type {
  EvaluatedCustomer,
  EvaluateTask,
  ExplainedInSet,
  ExplainInSetTask,
  ValidateTask,
} from './evaluate-worker.ts';

const SOURCE_CONDITION = '--conditions=@crm-journey/source';

/** Whether this process already resolves the workspace packages to their sources (`--conditions X` or `=X`). */
function fromSources(): boolean {
  return process.execArgv.some((arg, index, all) =>
    arg === SOURCE_CONDITION ? true : arg === '--conditions' && all[index + 1] === '@crm-journey/source',
  );
}

/** Options for {@link createEvaluationPool}. */
export interface EvaluationPoolOptions {
  /** Worker threads, hence evaluations at once (default 2). */
  readonly threads?: number;
  /** Heap ceiling of each worker in MiB (default 512): a runaway evaluation fails alone, not the service. */
  readonly maxHeapMb?: number;
}

/** Evaluations off the event loop. */
export interface EvaluationPool {
  /** Evaluates one batch on a worker; rejects with an AbortError when `signal` aborts first. */
  run(task: EvaluateTask, signal?: AbortSignal): Promise<EvaluatedCustomer[]>;
  /** Places one customer in a journey set and explains it on a worker; rejects with an AbortError when `signal` aborts first. */
  explainInSet(task: ExplainInSetTask, signal?: AbortSignal): Promise<ExplainedInSet>;
  /** A validator for `checkJourney` that validates on a worker; aborts with `signal`. */
  validator(signal?: AbortSignal): JourneyValidator;
  close(): Promise<void>;
}

/**
 * Starts the pool (workers start on first use and stop after a minute idle).
 *
 * @example
 * const pool = createEvaluationPool({ threads: 2 });
 * const [customer] = await pool.run({ journeyKey: 'served', definition, inputs: [input], explain: false });
 */
export function createEvaluationPool(options: EvaluationPoolOptions = {}): EvaluationPool {
  // Run from the sources (`.ts`), the worker resolves the workspace packages to their sources too.
  const extension = extname(fileURLToPath(import.meta.url));
  const worker = new URL(`./evaluate-worker${extension}`, import.meta.url);
  const threads = options.threads ?? 2;
  const pool = new Piscina<EvaluateTask | ValidateTask | ExplainInSetTask, unknown>({
    filename: worker.href,
    name: 'evaluateTask',
    minThreads: 0,
    maxThreads: threads,
    idleTimeout: 60_000,
    resourceLimits: { maxOldGenerationSizeMb: options.maxHeapMb ?? 512 },
    execArgv: [...process.execArgv, ...(extension === '.ts' && !fromSources() ? [SOURCE_CONDITION] : [])],
  });
  return {
    run: async (task, signal) => (await pool.run(task, signal ? { signal } : {})) as EvaluatedCustomer[],
    explainInSet: async (task, signal) =>
      (await pool.run(task, { name: 'explainInSetTask', ...(signal ? { signal } : {}) })) as ExplainedInSet,
    validator: (signal) => async (text, file, catalog) =>
      (await pool.run(
        { text, file, catalog: snapshotCatalog(catalog) },
        { name: 'validateTask', ...(signal ? { signal } : {}) },
      )) as Awaited<ReturnType<JourneyValidator>>,
    close: () => pool.close(),
  };
}
