import { homedir } from 'node:os';
import { join, resolve } from 'node:path';
import { formatDiagnostic, type CrmConnector } from '@crm-journey/connector';
import { connectSalesforce } from '@crm-journey/connector/salesforce';
import { connectSugar } from '@crm-journey/connector/sugarcrm';
import type { CliContext } from '../cli/cli-context.ts';
import { UsageError } from '../cli/cli-context.ts';
import { readInputFile } from '../cli/load-files.ts';
import { parseAsOf, parseOptions, requireOption } from '../cli/parse-options.ts';
import { formatTable } from '../output/format-table.ts';
import { progressReporter, type ProgressOutput } from '../output/progress-reporter.ts';
import { runSync, type SyncSummary } from '../run/run-sync.ts';
import { openSyncStore } from '../state/sync-store.ts';

/** Parses `30s`, `5m`, `1h` into milliseconds. */
export function parseInterval(text: string): number {
  const match = /^(\d+)(ms|s|m|h)$/.exec(text.trim());
  if (!match)
    throw new UsageError(`crm-journey sync: --interval "${text}" is not a duration; write e.g. 30s, 5m or 1h.`);
  const unit = { ms: 1, s: 1000, m: 60_000, h: 3_600_000 }[match[2] as 'ms' | 's' | 'm' | 'h'];
  return Number(match[1]) * unit;
}

function parseBatchSize(text: string): number {
  const n = Number(text);
  if (!Number.isInteger(n) || n < 1 || n > 10_000)
    throw new UsageError(`crm-journey sync: --batch-size takes a whole number from 1 to 10000; got "${text}".`);
  return n;
}

/** The human summary of a run. */
export function formatSyncSummary(summary: SyncSummary, what: string): string {
  const lines = [
    `${summary.dryRun ? 'Dry run' : 'Sync'} of ${what}: ${summary.customers} customers in ${(summary.durationMs / 1000).toFixed(1)} s.`,
  ];
  const stages = Object.entries(summary.customersPerStage).map(([stage, count]) => [stage, String(count)]);
  if (stages.length > 0) lines.push('', formatTable(['Stage', 'Customers'], stages), '');
  if (summary.dryRun) {
    for (const change of summary.plan ?? []) {
      const name = change.customer.name ?? change.customer.id;
      const move =
        change.from === change.to
          ? `stays in ${change.to ?? '(none)'}`
          : `${change.from ?? '(none)'} -> ${change.to ?? '(none)'}`;
      lines.push(
        `${name}: ${move}${change.tasks.length === 0 ? '' : `; would create ${change.tasks.map((task) => `${task.type} "${task.subject}"${task.dueDate === null ? '' : ` due ${task.dueDate}`}`).join(', ')}`}`,
      );
    }
    lines.push(
      `Plan: ${summary.plan?.length ?? 0} customers to write, ${summary.stageChanges} stage changes, ${(summary.plan ?? []).reduce((n, change) => n + change.tasks.length, 0)} tasks to create. Nothing was written.`,
    );
  } else {
    lines.push(
      `Stage changes: ${summary.stageChanges}; journey fields written: ${summary.stagesWritten}; tasks created: ${summary.tasksCreated}${summary.tasksExisting > 0 ? ` (${summary.tasksExisting} already existed)` : ''}${summary.resumedBatches > 0 ? `; resumed ${summary.resumedBatches} batch(es) of an interrupted run` : ''}.`,
    );
    for (const failure of summary.failures.slice(0, 10))
      lines.push(`  failed ${failure.customerId}: ${failure.code} ${failure.message}`);
    if (summary.failures.length > 10) lines.push(`  ... and ${summary.failures.length - 10} more failures`);
  }
  const { used, limit } = summary.apiUsage;
  lines.push(
    `API calls: ${summary.apiCalls}${used !== undefined && limit !== undefined ? ` (the org has used ${used.toLocaleString('en-US')} of ${limit.toLocaleString('en-US')} today)` : ''}.`,
  );
  return `${lines.join('\n')}\n`;
}

/** Connects to the CRM the flags (or the environment) name. */
async function connect(
  values: Record<string, string | boolean | undefined>,
): Promise<{ connector: CrmConnector; target: string }> {
  // Only the flags that were given, so the connectors fall back to their environment variables.
  const given = (pairs: Record<string, string>): Record<string, string> => {
    const out: Record<string, string> = {};
    for (const [option, flag] of Object.entries(pairs)) {
      const value = values[flag];
      if (typeof value === 'string') out[option] = value;
    }
    return out;
  };
  const sugarUrl = typeof values['sugar-url'] === 'string' ? values['sugar-url'] : process.env['SUGAR_URL'];
  if (sugarUrl !== undefined && values['org'] === undefined && values['instance-url'] === undefined) {
    const connector = await connectSugar({
      url: sugarUrl,
      ...given({ username: 'sugar-user', password: 'sugar-password', platform: 'sugar-platform' }),
    });
    return { connector, target: `sugarcrm:${sugarUrl}` };
  }
  const connector = await connectSalesforce(
    given({ aliasOrUsername: 'org', instanceUrl: 'instance-url', accessToken: 'access-token' }),
  );
  return { connector, target: `salesforce:${connector.instanceUrl}` };
}

/**
 * `crm-journey sync --journey <file> (--org <alias> | --instance-url <url> --access-token <token> |
 * --sugar-url <url> --sugar-user <user> --sugar-password <password>) [--once | --interval <duration>]
 * [--dry-run] [--json] [--state <path>] [--as-of <ISO time>] [--batch-size N]`
 */
export async function syncCommand(
  args: readonly string[],
  context: CliContext & { readonly progress?: ProgressOutput },
): Promise<number> {
  const { values } = parseOptions('sync', args, {
    journey: { type: 'string' },
    org: { type: 'string' },
    'instance-url': { type: 'string' },
    'access-token': { type: 'string' },
    'sugar-url': { type: 'string' },
    'sugar-user': { type: 'string' },
    'sugar-password': { type: 'string' },
    'sugar-platform': { type: 'string' },
    once: { type: 'boolean', default: false },
    interval: { type: 'string' },
    'dry-run': { type: 'boolean', default: false },
    json: { type: 'boolean', default: false },
    state: { type: 'string' },
    'as-of': { type: 'string' },
    'batch-size': { type: 'string' },
  });
  const journeyPath = requireOption('sync', values.journey, 'journey');
  const interval = values.interval === undefined || values.once ? undefined : parseInterval(values.interval);
  const text = readInputFile(context, journeyPath, 'journey file');
  const { connector, target } = await connect(values);
  const store = openSyncStore(
    values.state === undefined ? join(homedir(), '.crm-journey', 'state.sqlite') : resolve(context.cwd, values.state),
  );
  const stop = new AbortController();
  const stopped = (): boolean => stop.signal.aborted;
  const onSignal = (): void => {
    stop.abort();
  };
  process.once('SIGINT', onSignal);
  process.once('SIGTERM', onSignal);
  try {
    const checked = await connector.checkJourney(text, journeyPath);
    for (const diagnostic of [...checked.errors, ...checked.warnings])
      context.stderr.write(`${formatDiagnostic(diagnostic)}\n`);
    if (!checked.journey) {
      context.stderr.write(`error JOURNEY_INVALID: ${journeyPath} does not fit ${target}; nothing was synced.\n`);
      return 1;
    }
    const journey = checked.journey;
    const scope = `${target}|${journey.id}`;
    for (;;) {
      const progress = values.json ? undefined : progressReporter(context.progress ?? context.stderr);
      const summary = await runSync({
        connector,
        journey,
        store,
        scope,
        dryRun: values['dry-run'],
        ...(values['as-of'] === undefined ? {} : { asOf: parseAsOf('sync', values['as-of']) }),
        ...(values['batch-size'] === undefined ? {} : { batchSize: parseBatchSize(values['batch-size']) }),
        ...(progress ? { onProgress: progress.update } : {}),
        signal: stop.signal,
      });
      progress?.done();
      context.stdout.write(
        values.json
          ? `${JSON.stringify(summary)}\n`
          : formatSyncSummary(summary, `${journey.id} (revision ${journey.revision}) against ${target}`),
      );
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
  } finally {
    process.off('SIGINT', onSignal);
    process.off('SIGTERM', onSignal);
    store.close();
    await connector.close();
  }
}
