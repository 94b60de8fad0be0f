import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { connectSalesforce } from '@crm-journey/connector/salesforce';
import {
  DEFAULT_AS_OF,
  generatePopulation,
  startSalesforceSandbox,
  toSalesforceRecords,
  type Sandbox,
} from '@crm-journey/fixtures';
import { chromium } from 'playwright';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { chromiumLaunchOptions } from '../../../chromium-launch.ts';
import type { MapDocument } from '../src/map/map-session.ts';
import type { ReportDocument } from '../src/report/render-report-html.ts';
import { runSync } from '../src/run/run-sync.ts';
import { openSyncStore } from '../src/state/sync-store.ts';
import { bundledJourney, journeyFile } from './report-support.ts';
import { runCliInProcess } from './run-cli-in-process.ts';

const asOf = new Date(DEFAULT_AS_OF).toISOString();

describe('crm-journey map of a Salesforce sandbox org right after its first sync', () => {
  let sandbox: Sandbox;
  const dir = mkdtempSync(join(tmpdir(), 'crm-journey-map-'));
  const target = (): string[] => ['--instance-url', sandbox.url, '--access-token', sandbox.accessToken ?? ''];

  beforeAll(async () => {
    sandbox = await startSalesforceSandbox({
      records: toSalesforceRecords(generatePopulation({ customers: 1000, seed: 1 })),
      now: () => DEFAULT_AS_OF,
    });
    const connector = await connectSalesforce({ instanceUrl: sandbox.url, accessToken: sandbox.accessToken ?? '' });
    const store = openSyncStore(join(dir, 'state.sqlite'));
    try {
      await runSync({ connector, journey: bundledJourney(), store, scope: 'map-test', asOf: DEFAULT_AS_OF });
    } finally {
      store.close();
      await connector.close();
    }
  });
  afterAll(async () => {
    await sandbox.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('shows the planted bottlenecks as pain points in their stages, and no verdict on tasks written a moment ago', async () => {
    const out = join(dir, 'map.html');
    const [mapRun, reportRun] = await Promise.all([
      runCliInProcess([
        'map',
        '--journey',
        journeyFile,
        ...target(),
        '--as-of',
        asOf,
        '--all-segments',
        '--out',
        out,
        '--json',
      ]),
      runCliInProcess(['report', '--journey', journeyFile, ...target(), '--as-of', asOf, '--json']),
    ]);
    expect(mapRun.code, mapRun.stderr).toBe(0);
    const document = JSON.parse(mapRun.stdout) as MapDocument;
    const { report } = JSON.parse(reportRun.stdout) as ReportDocument;
    const pains = (segment: string | null, stage: string) =>
      document.panels
        .find((panel) => panel.current.segment === segment)
        ?.current.stages.find((candidate) => candidate.stage === stage)?.painPoints ?? [];
    // docs/sandbox.md: purchased-list leads stall in Awareness; Enterprise deals in Evaluation;
    // escalations after go-live make Onboarding's touchpoints negative, through support.
    expect(pains(null, 'awareness')).toContainEqual({
      kind: 'dwell',
      text: expect.stringMatching(/^Awareness: median [\d.]+ days in the stage against a 14-day target/) as string,
    });
    expect(pains('enterprise', 'evaluation')).toContainEqual({
      kind: 'dwell',
      text: expect.stringMatching(
        /^Evaluation: median [\d.]+ days in the stage against a 45-day target; (8|9|10)\d?% of customers in it overdue/,
      ) as string,
    });
    expect(pains(null, 'onboarding')).toContainEqual({
      kind: 'emotion',
      text: expect.stringMatching(/^Onboarding: \d+% of touchpoints are negative .* through support\.$/) as string,
    });
    // The sync wrote its tasks at the evaluation time: all pending, none called useless.
    const created = report.actions.reduce((sum, action) => sum + action.created, 0);
    expect(created).toBeGreaterThan(0);
    expect(report.actions.every((action) => action.pending === action.created && action.judged === 0)).toBe(true);
    expect(report.bottlenecks.filter((item) => item.kind === 'action')).toEqual([]);
    const everyone = document.panels[0]?.current;
    expect(everyone?.customers).toBe(report.customers);
    expect(everyone?.stages.flatMap((stage) => stage.painPoints).filter((pain) => pain.kind === 'action')).toEqual([]);

    if (process.env['MAP_SCREENSHOT'] === '1') {
      const browser = await chromium.launch(chromiumLaunchOptions());
      try {
        const page = await browser.newPage({ viewport: { width: 1700, height: 1000 } });
        await page.goto(pathToFileURL(out).href);
        await page
          .locator('table#map-all')
          .screenshot({ path: join(import.meta.dirname, '../../../docs/images/map.png') });
      } finally {
        await browser.close();
      }
    }
  });
});
