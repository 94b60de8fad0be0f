// The campaign's invariant: after any schedule and a clean run, the CRM holds exactly what the offline
// engine decides for the same records, once.
import { existsSync, readFileSync } from 'node:fs';
import { DatabaseSync } from 'node:sqlite';
import {
  compileJourney,
  evaluateCustomer,
  groupCustomers,
  validateJourney,
  type JourneyDefinition,
  type RecordsByObject,
  type StageTransition,
} from '@crm-journey/connector';
import { DEFAULT_AS_OF, type Sandbox } from '@crm-journey/sandbox';
import type { CampaignCrm } from './campaign-crm.ts';

/** What the offline engine expects: per customer its stage and history, and every task key to create. */
export interface Expectation {
  readonly stages: ReadonlyMap<string, string | null>;
  readonly histories: ReadonlyMap<string, readonly string[]>;
  readonly keys: ReadonlySet<string>;
}

/** Reads and validates a bundled journey; a bundled journey that does not validate is a bug. */
export function loadJourney(file: string): JourneyDefinition {
  const result = validateJourney(readFileSync(file, 'utf8'), file);
  if (!result.journey) throw new Error(`The bundled journey ${file} does not validate.`);
  return result.journey;
}

/** A transition as compared: what a reader of the history needs to be right. */
function transitionText(transition: StageTransition): string {
  return `${transition.from ?? '(none)'}->${transition.to}@${transition.at}/${transition.direction}`;
}

/** Evaluates the population offline, independently of the sync, at `asOf` (default the sandbox's fixed clock). */
export function expectOutcome(
  journey: JourneyDefinition,
  records: RecordsByObject,
  asOf: number = DEFAULT_AS_OF,
): Expectation {
  const compiled = compileJourney(journey);
  const stages = new Map<string, string | null>();
  const histories = new Map<string, readonly string[]>();
  const keys = new Set<string>();
  for (const set of groupCustomers(journey, records).customers) {
    const state = evaluateCustomer(compiled, {
      customer: set.customer,
      records: set.records,
      changes: set.changes,
      asOf,
    });
    stages.set(set.customer.id, state.stage);
    histories.set(set.customer.id, state.history.map(transitionText));
    for (const action of state.nextActions)
      if (action.mode === 'create' && action.status === 'new') keys.add(action.key);
  }
  return { stages, histories, keys };
}

/** Compares two histories; names the first missing or extra transition. */
function historyProblem(want: readonly string[], got: readonly string[]): string | undefined {
  const missing = want.filter((transition) => !got.includes(transition));
  if (missing.length > 0) return `misses transition ${missing[0] ?? ''}`;
  if (want.join('|') !== got.join('|')) return `history is [${got.join(', ')}], expected [${want.join(', ')}]`;
  return undefined;
}

/** The history in a stored journey state (a record's state field or a state-file row), as compared. */
export function storedHistory(value: unknown): readonly string[] | undefined {
  if (typeof value !== 'string' || value === '') return undefined;
  const parsed = JSON.parse(value) as { history?: StageTransition[] };
  return parsed.history?.map(transitionText);
}

/**
 * Every violation of the invariant, as sentences (empty when it holds): each expected task exists
 * exactly once by action key; no task carries a key that is not expected; every root record's stage
 * field is right; the state stored on the record and in the sync's SQLite state has every transition
 * of the history; the outbox is empty.
 */
export function checkInvariant(
  crm: CampaignCrm,
  sandbox: Sandbox,
  want: Expectation,
  stateFiles: readonly string[],
): string[] {
  const violations: string[] = [];
  const counts = new Map<string, number>();
  for (const object of crm.activities) {
    for (const record of sandbox.inspect.records(object)) {
      const key = record[crm.keyField];
      if (typeof key === 'string' && key !== '') counts.set(key, (counts.get(key) ?? 0) + 1);
    }
  }
  for (const key of want.keys) {
    const n = counts.get(key) ?? 0;
    if (n !== 1) violations.push(`task ${key} exists ${String(n)} times, expected once`);
  }
  for (const key of counts.keys())
    if (!want.keys.has(key)) violations.push(`task ${key} was created but no action expects it`);

  const seen = new Set<string>();
  for (const root of crm.roots) {
    for (const record of sandbox.inspect.records(root.object)) {
      if (root.skip?.(record) === true) continue;
      const id = String(record[crm.idField]);
      seen.add(id);
      const stage =
        typeof record[crm.stageField] === 'string' && record[crm.stageField] !== '' ? record[crm.stageField] : null;
      const expected = want.stages.get(id);
      if (expected === undefined) continue;
      if (stage !== expected)
        violations.push(`${root.object} ${id} is in stage ${String(stage)}, expected ${String(expected)}`);
      const history = storedHistory(record[crm.stateField]);
      const problem = history && historyProblem(want.histories.get(id) ?? [], history);
      if (expected !== null && history === undefined) violations.push(`${root.object} ${id} has no stored state`);
      else if (problem !== undefined) violations.push(`${root.object} ${id}: stored state ${problem}`);
    }
  }
  for (const id of want.stages.keys()) if (!seen.has(id)) violations.push(`customer ${id} is missing from the CRM`);

  for (const stateFile of stateFiles) violations.push(...checkStateFile(stateFile, want));
  return violations;
}

/** The state file's half of the invariant: it exists, its outbox is empty, every history is right. */
function checkStateFile(stateFile: string, want: Expectation): string[] {
  if (!existsSync(stateFile)) return [`no sync run left the state file ${stateFile}`];
  const violations: string[] = [];
  const db = new DatabaseSync(stateFile, { readOnly: true });
  try {
    const outbox = (db.prepare('SELECT count(*) AS n FROM outbox').get() as { n: number }).n;
    if (outbox > 0) violations.push(`the outbox still holds ${String(outbox)} batch(es) after the clean run`);
    for (const row of db.prepare('SELECT customer_id, state FROM customers').all() as {
      customer_id: string;
      state: string;
    }[]) {
      const problem = historyProblem(want.histories.get(row.customer_id) ?? [], storedHistory(row.state) ?? []);
      if (problem !== undefined) violations.push(`state file, customer ${row.customer_id}: ${problem}`);
    }
  } finally {
    db.close();
  }
  return violations;
}
