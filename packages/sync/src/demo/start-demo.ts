import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  CALL_UNITS,
  minimumApiCalls,
  type Crm,
  type CrmConnector,
  type CrmRecordApi,
  type JourneySetDefinition,
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
import { checkDemoJourneys, consumerShareOf } from './demo-journeys.ts';
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
  /**
   * The journey files to sync: one journey, or a journey set read once (the command's default is the
   * bundled B2B + B2C set of the CRM).
   */
  readonly journeyPaths: readonly string[];
  /** The share of generated consumers (B2C: contacts without an account); default 0. */
  readonly consumerShare?: number;
  readonly stdout: { write(chunk: string): unknown };
  /** Where the first run's progress bar goes (a TTY gets a redrawn bar). */
  readonly progress: ProgressOutput;
  /**
   * The `/report` page of the sandbox org for a query, as a whole HTML page; default: read the org and
   * render the report of the journey asked for, or of a set the portfolio overview.
   */
  readonly renderReport?: (
    context: DemoReportContext,
    query: Readonly<Record<string, unknown>>,
  ) => Promise<{ status: number; html: string }>;
}

/** What a report renderer gets: the org, the journey files and the sync state. */
export interface DemoReportContext {
  readonly crm: Crm;
  readonly sandbox: StartedSandbox;
  readonly journeyPaths: readonly string[];
  readonly statePath: string;
}

/** A running demo: the sandbox, the sync loop and the record browser. */
export interface RunningDemo {
  readonly sandbox: StartedSandbox;
  readonly loop: SyncLoop;
  readonly browserUrl: string;
  readonly reportUrl: string;
  readonly statePath: string;
  /** The journeys the demo syncs (one, or the B2B + B2C set). */
  readonly set: JourneySetDefinition;
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
  const { crm, stdout, journeyPaths } = options;
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
      consumerShare: options.consumerShare ?? consumerShareOf(journeyPaths),
    });
    cleanups.push(() => sandbox.close());
    stdout.write(`${sandbox.title} at ${sandbox.url}\n`);

    const connect = (): Promise<CrmConnector> => connectSandbox(sandbox.target);
    const raw = await connect();
    const connector = countRecordsRead(raw);
    cleanups.push(() => connector.close());
    const set = await checkDemoJourneys(connector, crm, journeyPaths, stdout);
    const [journey] = set.journeys;
    if (journey === undefined) throw new RangeError('a journey set has at least one journey');
    const name = set.journeys.map((member) => `${member.id} (revision ${member.revision})`).join(' and ');

    const stateDir = mkdtempSync(join(tmpdir(), 'crm-journey-demo-'));
    cleanups.push(() => {
      rmSync(stateDir, { recursive: true, force: true });
    });
    const statePath = join(stateDir, 'state.sqlite');
    const store = openSyncStore(statePath);
    cleanups.push(() => store.close());
    const assets = await loadRecordPageAssets(set.journeys, (line) => stdout.write(line));

    const scope = `${crm}:${sandbox.url}|${set.journeys.map((member) => member.id).join('+')}`;
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
      runSync({ connector, journey, set, store, scope, signal, ...(onProgress ? { onProgress } : {}) });

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
    stdout.write(formatSyncSummary(firstRun, `${name} against the ${crm} sandbox`));
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

    const renderReport = options.renderReport ?? ((_context, query) => renderDemoReport({ connect, set }, query));
    const browser = crm === 'salesforce' ? SALESFORCE_BROWSER : SUGAR_BROWSER;
    const served: RecordBrowser = await startRecordBrowser({
      // The panel hosts find the customer on the set's roots: a contact without an account is one.
      browser: { ...browser, rootObject: [set.root, set.contactRoot].filter(Boolean).join('+') },
      records,
      assets,
      syncNow: () => loop.runNow(),
      renderReport: (query) => renderReport({ crm, sandbox, journeyPaths, statePath }, query),
      renderMap: (query) => renderDemoMap({ connect, set }, query),
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
      set,
      firstRun,
      stop,
    };
  } catch (error) {
    await stop();
    throw error;
  }
}
