import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  CALL_UNITS,
  ConnectorError,
  formatDiagnostic,
  minimumApiCalls,
  type Crm,
  type CrmConnector,
  type CrmRecordApi,
} from '@crm-journey/connector';
import { startSandbox, type StartedSandbox } from '@crm-journey/sandbox';
import { formatSyncSummary } from '../commands/sync-command.ts';
import { progressReporter, type ProgressOutput } from '../output/progress-reporter.ts';
import { runSync, type SyncSummary } from '../run/run-sync.ts';
import { startSyncLoop, type SyncLoop } from '../run/sync-loop.ts';
import { openSyncStore } from '../state/sync-store.ts';
import { SALESFORCE_BROWSER, SUGAR_BROWSER } from './browser-objects.ts';
import { countRecordsRead } from './counting-connector.ts';
import { renderDemoMap, renderDemoReport } from './demo-report.ts';
import { connectSandbox, openSandboxRecordApi } from './sandbox-connection.ts';
import { formatApiCallsLine, formatRunLine } from './demo-log-lines.ts';
import { startRecordBrowser, type RecordBrowser } from './record-browser.ts';
import { loadRecordPageAssets } from './record-page-assets.ts';
import { sandboxApiLines } from './sandbox-api-lines.ts';

/** Options of {@link startDemo}. */
export interface DemoOptions {
  readonly crm: Crm;
  readonly customers: number;
  readonly seed: string;
  /** The record browser's port on 127.0.0.1; 0 picks a free one. */
  readonly port: number;
  readonly intervalMs: number;
  /** The interval as the user wrote it (`10s`), for messages. */
  readonly intervalText: string;
  /** The journey file to sync (the command's default is the bundled B2B journey of the CRM). */
  readonly journeyPath: string;
  readonly stdout: { write(chunk: string): unknown };
  /** Where the first run's progress bar goes (a TTY gets a redrawn bar). */
  readonly progress: ProgressOutput;
  /** The analytics report of the sandbox org, as a whole HTML page; default: read the org and render it. */
  readonly renderReport?: (context: DemoReportContext) => Promise<string>;
}

/** What a report renderer gets: the org, the journey file and the sync state. */
export interface DemoReportContext {
  readonly crm: Crm;
  readonly sandbox: StartedSandbox;
  readonly journeyPath: string;
  readonly statePath: string;
}

/** A running demo: the sandbox, the sync loop and the record browser. */
export interface RunningDemo {
  readonly sandbox: StartedSandbox;
  readonly loop: SyncLoop;
  readonly browserUrl: string;
  readonly reportUrl: string;
  readonly statePath: string;
  /** The first run's summary. */
  readonly firstRun: SyncSummary;
  /** Stops everything and removes the temporary state; safe to call twice. */
  stop(): Promise<void>;
}

/** A person is waiting for the page: one quick retry, then the error. */
const PAGE_RETRY = { attempts: 2, baseDelayMs: 200 } as const;

/**
 * Starts the whole product on 127.0.0.1: a sandbox org with generated customers, the first sync (progress
 * bar, summary, API calls against the minimum), a sync every `intervalMs`, and the record browser with the
 * journey panel. Stop it with `stop()`.
 *
 * @example
 * const demo = await startDemo({ crm: 'salesforce', customers: 3000, seed: '1', port: 4400, intervalMs: 10_000,
 *   intervalText: '10s', stdout: process.stdout, progress: process.stderr });
 */
export async function startDemo(options: DemoOptions): Promise<RunningDemo> {
  const { crm, stdout } = options;
  const { journeyPath } = options;
  const journeyText = readFileSync(journeyPath, 'utf8');
  const cleanups: (() => Promise<void> | void)[] = [];
  const stop = async (): Promise<void> => {
    for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
  };
  try {
    const started = Date.now();
    const sandbox = await startSandbox(crm, {
      port: 0,
      customers: options.customers,
      seed: options.seed,
      asOf: started,
    });
    cleanups.push(() => sandbox.close());
    stdout.write(`${sandbox.title} at ${sandbox.url}\n`);

    const connect = (): Promise<CrmConnector> => connectSandbox(sandbox.target);
    const raw = await connect();
    const connector = countRecordsRead(raw);
    cleanups.push(() => connector.close());
    const checked = await connector.checkJourney(journeyText, journeyPath);
    for (const diagnostic of checked.warnings) stdout.write(`${formatDiagnostic(diagnostic)}\n`);
    if (!checked.journey) {
      throw new ConnectorError(
        'JOURNEY_INVALID',
        `${journeyPath} does not fit the ${crm} sandbox:\n${checked.errors.map(formatDiagnostic).join('\n')}`,
        { actions: ['Fix the journey file (npm run crm-journey -- validate <file>), or leave out --journey.'] },
      );
    }
    const journey = checked.journey;

    const stateDir = mkdtempSync(join(tmpdir(), 'crm-journey-demo-'));
    cleanups.push(() => {
      rmSync(stateDir, { recursive: true, force: true });
    });
    const statePath = join(stateDir, 'state.sqlite');
    const store = openSyncStore(statePath);
    cleanups.push(() => store.close());
    const assets = await loadRecordPageAssets(journey, (line) => stdout.write(line));

    const scope = `${crm}:${sandbox.url}|${journey.id}`;
    // Stops the first run's read between pages when the demo stops; the loop has its own signal.
    const stopping = new AbortController();
    cleanups.push(() => {
      stopping.abort();
    });
    let callsBefore = 0;
    const sync = (
      signal: AbortSignal,
      onProgress?: Parameters<typeof runSync>[0]['onProgress'],
    ): Promise<SyncSummary> =>
      runSync({ connector, journey, store, scope, signal, ...(onProgress ? { onProgress } : {}) });

    // The first run: progress bar, the summary, and the calls against the fewest possible.
    const writesBefore = sandbox.inspect.writes.length;
    const connecting = connector.apiUsage().calls;
    const progress = progressReporter(options.progress);
    const firstRun = await sync(stopping.signal, progress.update);
    progress.done();
    const written = new Map<string, number>();
    for (const { object } of sandbox.inspect.writes.slice(writesBefore))
      written.set(object, (written.get(object) ?? 0) + 1);
    const minimum = minimumApiCalls(connector.recordsRead.values(), written.values(), CALL_UNITS[crm]);
    stdout.write(
      formatSyncSummary(firstRun, `${journey.id} (revision ${journey.revision}) against the ${crm} sandbox`),
    );
    stdout.write(formatApiCallsLine(firstRun, connecting, minimum));
    callsBefore = firstRun.apiCalls;

    const loop = startSyncLoop({
      run: (signal) => sync(signal),
      intervalMs: options.intervalMs,
      onRun: (summary) => {
        const calls = summary.apiCalls - callsBefore;
        callsBefore = summary.apiCalls;
        stdout.write(formatRunLine(summary, calls, new Date()));
      },
      onError: (error) => {
        stdout.write(
          `[${new Date().toISOString().slice(11, 19)}] sync failed: ${error instanceof Error ? error.message : String(error)}\n`,
        );
      },
    });
    cleanups.push(async () => {
      if (!(await loop.stop()))
        stdout.write('A sync run did not finish within 10 s of the stop; closing its connections under it.\n');
    });

    const records: CrmRecordApi = await openSandboxRecordApi(sandbox.target, PAGE_RETRY);
    cleanups.push(() => records.close());

    const renderReport = options.renderReport ?? (() => renderDemoReport({ connect, journey }));
    const served: RecordBrowser = await startRecordBrowser({
      browser: crm === 'salesforce' ? SALESFORCE_BROWSER : SUGAR_BROWSER,
      records,
      assets,
      syncNow: () => loop.runNow(),
      renderReport: () => renderReport({ crm, sandbox, journeyPath, statePath }),
      renderMap: (query) => renderDemoMap({ connect, journey }, query),
      homeLines: () => [
        `Record browser: ${served.url}`,
        `Analytics report: ${served.url}/report`,
        `Journey map: ${served.url}/map`,
        ...sandboxApiLines(sandbox),
        `Sandbox inspection: ${sandbox.url}/__sandbox/stats`,
        `Syncing every ${options.intervalText}; state in ${statePath}.`,
      ],
      port: options.port,
      intervalText: options.intervalText,
    });
    cleanups.push(() => served.close());
    stdout.write(
      [
        '',
        `Record browser:     ${served.url}/`,
        `Analytics report:   ${served.url}/report`,
        `Journey map:        ${served.url}/map`,
        ...sandboxApiLines(sandbox),
        `Sandbox inspection: ${sandbox.url}/__sandbox/stats`,
        `Syncing every ${options.intervalText}. Press Ctrl-C to stop.`,
        '',
      ].join('\n'),
    );
    return {
      sandbox,
      loop,
      browserUrl: served.url,
      reportUrl: `${served.url}/report`,
      statePath,
      firstRun,
      stop,
    };
  } catch (error) {
    await stop();
    throw error;
  }
}
