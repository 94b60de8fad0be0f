import type { Logger } from 'pino';
import type { SyncSummary } from '../run/run-sync.ts';

/**
 * Logs a finished run: one `info` line with its counts (what dashboards and alerts read), and one
 * `warn` line per failed customer, up to 50.
 */
export function logSyncRun(logger: Logger, summary: SyncSummary, interrupted: boolean): void {
  const { plan: _plan, failures, ...counts } = summary;
  logger.info(
    { ...counts, failures: failures.length, interrupted },
    summary.dryRun ? 'dry run finished' : 'sync run finished',
  );
  for (const failure of failures.slice(0, 50)) logger.warn(failure, 'customer write failed');
}
