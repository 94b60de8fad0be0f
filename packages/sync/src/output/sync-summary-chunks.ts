import type { SyncSummary } from '../run/run-sync.ts';
import { formatTable } from './format-table.ts';

// Stands for the plan in the JSON of the rest of the summary; the entries are written in its place.
const PLAN_MARK = '\u0000plan\u0000';

function* jsonChunks(summary: SyncSummary): Generator<string> {
  const { plan } = summary;
  if (plan === undefined) {
    yield `${JSON.stringify(summary)}\n`;
    return;
  }
  // The same bytes as JSON.stringify(summary): the plan keeps its place among the keys.
  const text = JSON.stringify({ ...summary, plan: PLAN_MARK });
  const at = text.indexOf(JSON.stringify(PLAN_MARK));
  yield `${text.slice(0, at)}[`;
  let first = true;
  for (const change of plan) {
    yield first ? JSON.stringify(change) : `,${JSON.stringify(change)}`;
    first = false;
  }
  yield `]${text.slice(at + JSON.stringify(PLAN_MARK).length)}\n`;
}

function* textChunks(summary: SyncSummary, what: string): Generator<string> {
  if (summary.orgChanged)
    yield `Warning CJ_ORG_CHANGED: the target is now org ${summary.orgChanged.to}, not ${summary.orgChanged.from} as when this state file was last synced (a sandbox refresh?). What was kept for the old org was ${summary.dryRun ? 'ignored' : 'dropped'} and every customer read.\n`;
  yield `${summary.dryRun ? 'Dry run' : 'Sync'} of ${what}: ${summary.customers} customers in ${(summary.durationMs / 1000).toFixed(1)} s.\n`;
  if (summary.journeyChanged) {
    const revisions = Object.entries(summary.journeyChanged.revisions).map(([id, n]) => `${id} revision ${n}`);
    yield `The journey changed since the last run (now ${revisions.join(', ')}): every customer was read and re-evaluated; only what differs was written.\n`;
  }
  if (summary.replayedHistory === true)
    yield 'Histories re-drawn from the records under the current rules (--replay-history); no task was deleted.\n';
  const stages = Object.entries(summary.customersPerStage).map(([stage, count]) => [stage, String(count)]);
  if (stages.length > 0) yield `\n${formatTable(['Stage', 'Customers'], stages)}\n\n`;
  if (summary.dryRun) {
    for (const change of summary.plan ?? []) {
      const name = change.customer.name ?? change.customer.id;
      const move =
        change.from === change.to
          ? `stays in ${change.to ?? '(none)'}`
          : `${change.from ?? '(none)'} -> ${change.to ?? '(none)'}`;
      yield `${name}: ${move}${change.tasks.length === 0 ? '' : `; would create ${change.tasks.map((task) => `${task.type} "${task.subject}"${task.dueDate === null ? '' : ` due ${task.dueDate}`}`).join(', ')}`}\n`;
    }
    yield `Plan: ${summary.plan?.length ?? 0} customers to write, ${summary.stageChanges} stage changes, ${summary.plan?.tasks ?? 0} tasks to create. Nothing was written.\n`;
  } else {
    yield `Stage changes: ${summary.stageChanges}; journey fields written: ${summary.stagesWritten}; tasks created: ${summary.tasksCreated}${summary.tasksExisting > 0 ? ` (${summary.tasksExisting} already existed)` : ''}${summary.resumedBatches > 0 ? `; resumed ${summary.resumedBatches} batch(es) of an interrupted run` : ''}.\n`;
    const set = summary.journeySet;
    if (set) {
      const counts = Object.entries(set.customersPerJourney).map(([id, n]) => `${id} ${n}`);
      yield `Journeys: ${counts.join(', ')}; in no journey (nothing written): ${set.inNoJourney}; moved between journeys: ${set.moves.length}.\n`;
      for (const move of set.moves.slice(0, 10)) yield `  moved ${move.customerId}: ${move.from} -> ${move.to}\n`;
      if (set.tasksLeftOpen.length > 0)
        yield `Open tasks of the journeys customers left (kept, not deleted): ${set.tasksLeftOpen.map((task) => `${task.recordId} (${task.journey})`).join(', ')}.\n`;
    }
    for (const failure of summary.failures.slice(0, 10))
      yield `  failed ${failure.customerId}: ${failure.code} ${failure.message}\n`;
    if (summary.failures.length > 10) yield `  ... and ${summary.failures.length - 10} more failures\n`;
  }
  const { used, limit } = summary.apiUsage;
  yield `API calls: ${summary.apiCalls}${used !== undefined && limit !== undefined ? ` (the org has used ${used.toLocaleString('en-US')} of ${limit.toLocaleString('en-US')} today)` : ''}.\n`;
}

/**
 * A run's summary as it is printed, in pieces: the human text, or (`json`) one JSON line. A dry run's
 * plan is read back from its file entry by entry, so a plan of any size is never one string.
 *
 * @example
 * await writeChunks(process.stdout, syncSummaryChunks(summary, 'b2b against prod', false));
 */
export function syncSummaryChunks(summary: SyncSummary, what: string, json: boolean): Iterable<string> {
  return json ? jsonChunks(summary) : textChunks(summary, what);
}
