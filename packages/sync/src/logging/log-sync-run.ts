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
  if (summary.orgChanged)
    logger.warn(
      { code: 'CJ_ORG_CHANGED', ...summary.orgChanged },
      'another org is behind the target than the state file was synced with (a sandbox refresh?): its state was dropped and every customer read',
    );
  for (const failure of failures.slice(0, 50)) logger.warn(failure, 'customer write failed');
}
