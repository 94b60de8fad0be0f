import { dirname, join } from 'node:path';
import { isConnectorError } from '@crm-journey/connector';
import { UsageError, type CliContext } from '../cli/cli-context.ts';
import type { CommandInput } from '../cli/command-definition.ts';
import type { syncFlags } from '../cli/definitions/sync-definition.ts';
import { parseAsOf } from '../cli/parse-options.ts';
import { connectTarget, targetSecrets } from '../config/crm-target.ts';
import { parseDuration, resolveRunSettings } from '../config/run-settings.ts';
import { createLogger, loggerSettings } from '../logging/create-logger.ts';
import { logSyncRun } from '../logging/log-sync-run.ts';
import { progressReporter, type ProgressOutput } from '../output/progress-reporter.ts';
import { syncSummaryChunks } from '../output/sync-summary-chunks.ts';
import { writeChunks } from '../output/write-chunks.ts';
import { checkJourneySetWithOrg } from '../run/check-journey-set.ts';
import { favourMemory } from '../run/favour-memory.ts';
import { runSync, type SyncSummary } from '../run/run-sync.ts';
import { holdStateFile } from '../state/hold-state-file.ts';
import { openStore, storeSecrets } from '../state/open-store.ts';
import type { SyncStore } from '../state/sync-store.ts';

/** Parses `30s`, `5m`, `1h` into milliseconds. */
export function parseInterval(text: string): number {
  return parseDuration(text, 'crm-journey sync: --interval');
}

/** The human summary of a run. */
export function formatSyncSummary(summary: SyncSummary, what: string): string {
  return [...syncSummaryChunks(summary, what, false)].join('');
}

/**
 * `crm-journey sync --journey <file> (--org <alias> | --instance-url <url> --access-token <token> |
 * --sugar-url <url> --sugar-user <user> --sugar-password <password>) [--once | --interval <duration>]
 * [--dry-run] [--json] [--state <path> | --store <postgres://… | path>] [--as-of <ISO time>] [--batch-size N] [--config <file>] [--target <name>]
 * [--wait <duration>] [--full-read-every <duration>] [--verbose]`; the journey, target, state, interval and batch
 * size may come from crm-journey.config.yaml.
 */
export async function syncCommand(
  { values }: CommandInput<typeof syncFlags>,
  context: CliContext & { readonly progress?: ProgressOutput },
): Promise<number> {
  const fullReadEveryMs =
    values['full-read-every'] === undefined
      ? undefined
      : parseDuration(values['full-read-every'], 'crm-journey sync: --full-read-every');
  const waitMs = values.wait === undefined ? 0 : parseDuration(values.wait, 'crm-journey sync: --wait');
  const asOf = values['as-of'] === undefined ? undefined : parseAsOf('sync', values['as-of']);
  // A run that writes stores its states (in the CRM and the state file) and the next run builds on them: one
  // evaluated in the future would leave future stages that a normal run keeps. A past time replays a late run.
  if (asOf !== undefined && asOf > Date.now() && !values['dry-run'])
    throw new UsageError(
      `crm-journey sync: --as-of ${values['as-of'] ?? ''} is in the future; a run that writes would leave stages that the next run keeps. Add --dry-run to see that plan without writing, or leave --as-of out.`,
    );
  const settings = resolveRunSettings('sync', values, context);
  // Logs go to stderr: stdout keeps the summary (and `--json` its one JSON object).
  const { logger } = createLogger({
    output: context.stderr,
    ...loggerSettings(context.stderr, values.verbose),
    secrets: [...targetSecrets(settings.target), ...storeSecrets(settings.store)],
  });
  for (const warning of settings.warnings) logger.warn({ code: warning.code }, warning.message);
  const { journeyPaths, batchSize } = settings;
  // A read holds little and allocates much: see favour-memory.ts for what V8 would size its heap to.
  favourMemory();
  const interval = values.once ? undefined : settings.intervalMs;
  logger.debug({ target: settings.target, config: settings.config?.file, journeys: journeyPaths }, 'connecting');
  const { connector, target } = await connectTarget(settings.target, process.env, {
    describeCacheDir: join(dirname(settings.statePath), 'describe-cache'),
  });
  // Opened once the journey has passed its checks: a refused journey leaves no state file behind.
  let store: SyncStore | undefined;
  let release: (() => Promise<void>) | undefined;
  const stop = new AbortController();
  const stopped = (): boolean => stop.signal.aborted;
  const onSignal = (): void => {
    stop.abort();
  };
  process.once('SIGINT', onSignal);
  process.once('SIGTERM', onSignal);
  try {
    const set = await checkJourneySetWithOrg(connector, context, journeyPaths, target, 'synced');
    const [journey] = set?.journeys ?? [];
    if (!set || !journey) return 1;
    store = await openStore(settings.store);
    // One process per state file: a second one waits (--wait) or stops here, before any CRM write (a
    // no-op on a PostgreSQL store, which a fleet shares).
    if (!values['dry-run'])
      release = await holdStateFile(store, store.location, {
        command: 'crm-journey sync',
        waitMs,
        onWait: (message) => context.stderr.write(`${message}\n`),
      });
    const ids = set.journeys.map((member) => member.id).join('+');
    // A set's state is its own: a journey run alone keeps its scope (and its watermark) as before.
    const scope = `${target}|${ids}`;
    const what =
      set.journeys.length === 1
        ? `${journey.id} (revision ${journey.revision})`
        : `the journey set ${set.journeys.map((member) => `${member.id} (revision ${member.revision})`).join(', ')}`;
    logger.info({ target, journey: ids, revision: journey.revision, dryRun: values['dry-run'] }, 'sync started');
    let runs = 0;
    for (;;) {
      const progress = values.json ? undefined : progressReporter(context.progress ?? context.stderr);
      const summary = await runSync({
        connector,
        journey,
        set,
        store,
        scope,
        dryRun: values['dry-run'],
        // Re-drawn once: the runs after it continue the new histories.
        replayHistory: values['replay-history'] && runs++ === 0,
        ...(asOf === undefined ? {} : { asOf }),
        ...(fullReadEveryMs === undefined ? {} : { fullReadEveryMs }),
        ...(batchSize === undefined ? {} : { batchSize }),
        ...(progress ? { onProgress: progress.update } : {}),
        signal: stop.signal,
      });
      progress?.done();
      logSyncRun(logger, summary, stop.signal.aborted);
      // A dry run's plan is read back from its file entry by entry, never held or printed as one string.
      try {
        await writeChunks(context.stdout, syncSummaryChunks(summary, `${what} against ${target}`, values.json));
      } finally {
        summary.plan?.dispose();
      }
      if (interval === undefined || values['dry-run'] || stop.signal.aborted)
        return summary.failures.length > 0 ? 1 : 0;
      await new Promise<void>((resolveWait) => {
        const timer = setTimeout(resolveWait, interval);
        stop.signal.addEventListener(
          'abort',
          () => {
            clearTimeout(timer);
            resolveWait();
          },
          { once: true },
        );
      });
      if (stopped()) return 0;
    }
  } catch (error) {
    // A known failure is logged by code and message (the CLI prints its remedies); a stack only with --verbose.
    if (isConnectorError(error)) {
      logger.error({ code: error.code, message: error.message }, 'sync failed');
      logger.debug({ err: error }, 'sync failed');
    } else logger.error({ err: error, code: 'INTERNAL' }, 'sync failed');
    throw error;
  } finally {
    process.off('SIGINT', onSignal);
    process.off('SIGTERM', onSignal);
    await release?.();
    await store?.close();
    await connector.close();
  }
}
