import type { MinimumApiCalls } from '@crm-journey/connector';
import type { SyncSummary } from '../run/run-sync.ts';

const count = (n: number): string => n.toLocaleString('en-US');
const plural = (n: number, word: string): string => `${count(n)} ${word}${n === 1 ? '' : 's'}`;

/** The first run's calls, split into connecting and syncing, against the fewest the sync could take. */
export function formatApiCallsLine(summary: SyncSummary, connecting: number, minimum: MinimumApiCalls): string {
  return (
    `API calls used: ${count(summary.apiCalls)} (${count(connecting)} to log in and describe the org, ` +
    `${count(summary.apiCalls - connecting)} to read and write) against a minimum of ${count(minimum.total)} ` +
    `to read and write (reads ${count(minimum.read)}, writes ${count(minimum.write)}).\n`
  );
}

/** One line per sync run of the loop: `[12:00:05] sync: 3 changed customers, 1 stage change, ...`. */
export function formatRunLine(summary: SyncSummary, calls: number, at: Date): string {
  const failures = summary.failures.length > 0 ? `, ${plural(summary.failures.length, 'failure')}` : '';
  return (
    `[${at.toISOString().slice(11, 19)}] sync: ${plural(summary.customers, 'changed customer')}, ` +
    `${plural(summary.stageChanges, 'stage change')}, ${plural(summary.tasksCreated, 'task')} created, ` +
    `${plural(calls, 'API call')}, ${(summary.durationMs / 1000).toFixed(1)} s${failures}\n`
  );
}
