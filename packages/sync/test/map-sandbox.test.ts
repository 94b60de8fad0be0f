import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { singleJourneySet } from '@crm-journey/connector';
import { connectSalesforce } from '@crm-journey/connector/salesforce';
import {
  DEFAULT_AS_OF,
  generatePopulation,
  startSalesforceSandbox,
  toSalesforceRecords,
  type Sandbox,
} from '@crm-journey/sandbox';
import { chromium } from 'playwright';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { chromiumLaunchOptions, repoFile } from './repo-context.ts';
import type { MapDocument } from '../src/map/map-session.ts';
import type { ReportDocument } from '../src/report/render-report-html.ts';
import { renderDemoMap } from '../src/demo/demo-report.ts';
import { createLogger } from '../src/logging/create-logger.ts';
import { runSync } from '../src/run/run-sync.ts';
import { buildServeApp } from '../src/serve/serve-app.ts';
import { createServeMetrics } from '../src/serve/serve-metrics.ts';
import { openSyncStore } from '../src/state/sync-store.ts';
import { bundledJourney, journeyFile } from './report-support.ts';
import { runCliInProcess } from './run-cli-in-process.ts';

const asOf = new Date(DEFAULT_AS_OF).toISOString();
const TOKEN = 'map-test-token-0123456789abcdef';
const embedded = (html: string): unknown =>
  JSON.parse(/<script type="application\/json" id="map-data">(.*?)<\/script>/s.exec(html)?.[1] ?? 'null');

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
      await store.close();
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
        await page.locator('table#map-all').screenshot({ path: repoFile('docs', 'images', 'map.png') });
      } finally {
        await browser.close();
      }
    }
  });

  it('serves /map behind the token, with segment, period and language chosen by a plain GET form', async () => {
    const connector = await connectSalesforce({ instanceUrl: sandbox.url, accessToken: sandbox.accessToken ?? '' });
    const { logger } = createLogger({
      output: { write: () => undefined },
      format: 'json',
      level: 'silent',
      secrets: [TOKEN],
    });
    const store = openSyncStore(':memory:');
    const app = await buildServeApp({
      token: TOKEN,
      logger,
      connector,
      journey: bundledJourney(),
      store,
      scope: 'map-test',
      metrics: createServeMetrics(),
      isReady: () => true,
      now: () => DEFAULT_AS_OF,
    });
    const browser = await chromium.launch(chromiumLaunchOptions());
    try {
      const base = await app.listen({ host: '127.0.0.1', port: 0 });
      const headers = { authorization: `Bearer ${TOKEN}` };
      expect((await fetch(`${base}/map`)).status).toBe(401);
      const bad = await fetch(`${base}/map?segmnt=enterprise`, { headers });
      expect(bad.status).toBe(400);
      await expect(bad.json()).resolves.toMatchObject({
        error: { message: expect.stringContaining('segmnt') as string },
      });
      expect((await fetch(`${base}/map?segment=nope`, { headers })).status).toBe(400);
      const page = await fetch(`${base}/map?segment=enterprise&from=2026-01-01&locale=ru`, { headers });
      expect(page.status).toBe(200);
      const cli = await runCliInProcess([
        'map',
        '--journey',
        journeyFile,
        ...target(),
        '--as-of',
        asOf,
        '--segment',
        'enterprise',
        '--from',
        '2026-01-01',
        '--json',
      ]);
      expect(embedded(await page.text())).toEqual(JSON.parse(cli.stdout));

      // The form works without any script: choose "every segment" and submit.
      const context = await browser.newContext({ extraHTTPHeaders: headers });
      const tab = await context.newPage();
      await tab.goto(`${base}/map`);
      await tab.selectOption('select[name="segment"]', '*');
      await tab.selectOption('select[name="locale"]', 'fa');
      await Promise.all([tab.waitForURL(/segment=\*/), tab.click('button[type="submit"]')]);
      expect(await tab.locator('table.canvas').count()).toBe(1 + bundledJourney().segments.length);
      expect(await tab.getAttribute('div.map', 'dir')).toBe('rtl');
      await expect(tab.locator('select[name="segment"]').inputValue()).resolves.toBe('*');
      await context.close();
    } finally {
      await browser.close();
      await app.close();
      await store.close();
      await connector.close();
    }
  });

  it("draws the demo's /map page from its org, and refuses a wrong query", async () => {
    const connect = () => connectSalesforce({ instanceUrl: sandbox.url, accessToken: sandbox.accessToken ?? '' });
    const page = await renderDemoMap({ connect, set: singleJourneySet(bundledJourney()) }, { segment: 'enterprise' });
    expect(page.status).toBe(200);
    expect(page.html).toContain('data-segment="enterprise"');
    const wrong = await renderDemoMap({ connect, set: singleJourneySet(bundledJourney()) }, { to: '2026-13-01' });
    expect(wrong).toMatchObject({
      status: 400,
      html: expect.stringContaining('Field &quot;to&quot; must be a date') as string,
    });
  });
});
