import { readFileSync, rmSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { MAP_LANES, type JourneyReport } from '@crm-journey/connector';
import { DEFAULT_AS_OF, generatePopulation, toSalesforceRecords } from '@crm-journey/sandbox';
import { chromium, type Browser, type Page } from 'playwright';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { chromiumLaunchOptions } from './repo-context.ts';
import type { MapDocument } from '../src/map/map-session.ts';
import type { ReportDocument } from '../src/report/render-report-html.ts';
import { HOSTILE, writeJourneys } from './map-support.ts';
import { openOffline } from './offline-page.ts';
import { bundledJourney, engineStates, independentStages, writeSnapshot } from './report-support.ts';
import { runCliInProcess } from './run-cli-in-process.ts';

const asOf = new Date(DEFAULT_AS_OF).toISOString();
const axeSource = readFileSync(createRequire(import.meta.url).resolve('axe-core/axe.min.js'), 'utf8');

describe('crm-journey map in real Chromium', () => {
  const records = toSalesforceRecords(generatePopulation({ customers: 400, seed: 9 }));
  const snapshot = writeSnapshot(records);
  const journeys = writeJourneys(snapshot.dir);
  const out = (name: string): string => join(snapshot.dir, name);
  const map = (args: readonly string[]) =>
    runCliInProcess(['map', '--journey', journeys.current, '--records', snapshot.file, '--as-of', asOf, ...args]);
  let browser: Browser;
  let document: MapDocument;

  beforeAll(async () => {
    const runs = await Promise.all([
      map(['--out', out('map.html'), '--json']),
      map(['--out', out('map-fa.html'), '--locale', 'fa']),
      map(['--out', out('compare.html'), '--compare-journey', journeys.future]),
      map(['--out', out('segments.html'), '--all-segments', '--locale', 'pl']),
    ]);
    for (const run of runs) expect(run.code, run.stderr).toBe(0);
    document = JSON.parse(runs[0].stdout) as MapDocument;
    browser = await chromium.launch(chromiumLaunchOptions());
  });
  afterAll(async () => {
    await browser.close();
    if (process.env['MAP_KEEP'] !== '1') rmSync(snapshot.dir, { recursive: true, force: true });
  });

  async function open(
    file: string,
    bypassCSP = false,
  ): Promise<{ page: Page; problems: string[]; requests: string[] }> {
    const context = await browser.newContext({ viewport: { width: 1600, height: 1100 }, bypassCSP });
    const page = await context.newPage();
    return { page, ...(await openOffline(page, pathToFileURL(out(file)).href)) };
  }

  it('draws every lane of every stage and the emotion curve, with no console error, offline', async () => {
    const { page, problems, requests } = await open('map.html');
    const stages = bundledJourney().stages.map((stage) => stage.id);
    for (const lane of MAP_LANES)
      for (const stage of stages) {
        const cell = page.locator(`table#map-all td[data-lane="${lane}"][data-stage="${stage}"]`);
        const box = await cell.boundingBox();
        expect(box?.width, `${lane} ${stage}`).toBeGreaterThan(60);
        expect((await cell.textContent())?.trim(), `${lane} ${stage}`).not.toBe('');
      }
    const dots = await page.locator('svg[data-chart="emotion-curve"] circle').count();
    expect(dots).toBe(document.panels[0]?.current.stages.filter((stage) => stage.emotion.score !== null).length);
    expect(dots).toBeGreaterThan(3);
    await expect(page.locator('td[data-lane="mindset"][data-stage="evaluation"]').textContent()).resolves.toContain(
      'Sceptical',
    );
    // The pain points say what overdue customers of Evaluation lack: the late-stage opportunity Purchase needs.
    const evaluation = document.panels[0]?.current.stages.find((stage) => stage.stage === 'evaluation');
    const lacks = evaluation?.painPoints.filter((pain) => pain.kind === 'unmet-checklist') ?? [];
    expect(lacks[0]?.text).toMatch(
      /^Overdue customers lack: an Opportunity record .*"Proposal\/Price Quote".* \((\d+) of \1\)\.$/,
    );
    await expect(
      page
        .locator('td[data-lane="pain-points"][data-stage="evaluation"] [data-kind="unmet-checklist"]')
        .first()
        .textContent(),
    ).resolves.toBe(lacks[0]?.text);
    expect(problems).toEqual([]);
    expect(requests).toEqual([]);
    await page.context().close();
  });

  it('keeps hostile text inert and embeds the same document --json prints', async () => {
    const { page, problems } = await open('map.html');
    expect(await page.evaluate('window.pwned')).toBeUndefined();
    expect(await page.locator('script').count()).toBe(1);
    expect(await page.locator('img').count()).toBe(0);
    await expect(page.locator('td[data-lane="goal"][data-stage="awareness"]').textContent()).resolves.toContain(
      HOSTILE,
    );
    const data = await page.evaluate<unknown>("JSON.parse(document.getElementById('map-data').textContent)");
    expect(data).toEqual(document);
    expect(problems).toEqual([]);
    await page.context().close();
  });

  it('has no accessibility violation (axe), in English and in Persian', async () => {
    for (const file of ['map.html', 'map-fa.html', 'compare.html']) {
      const { page } = await open(file, true);
      await page.evaluate(axeSource);
      const violations = await page.evaluate<{ id: string; nodes: unknown[] }[]>(
        "axe.run(document, { resultTypes: ['violations'] }).then((r) => r.violations.map((v) => ({ id: v.id, nodes: v.nodes.map((n) => n.target) })))",
      );
      expect(violations, file).toEqual([]);
      await page.context().close();
    }
  });

  it('reads right to left in Persian: the first stage at the right, the curve mirrored', async () => {
    const { page, problems } = await open('map-fa.html');
    expect(await page.getAttribute('html', 'dir')).toBe('rtl');
    const first = await page.locator('thead th[data-stage="awareness"]').boundingBox();
    const last = await page.locator('thead th[data-stage="advocacy"]').boundingBox();
    expect(first?.x).toBeGreaterThan(last?.x ?? Infinity);
    const xs = await page.evaluate<number[]>(
      '[...document.querySelectorAll(\'svg[data-chart="emotion-curve"] circle\')].map((c) => c.getBoundingClientRect().x)',
    );
    expect(xs[0]).toBeGreaterThan(xs[xs.length - 1] ?? Infinity);
    await expect(page.locator('tr[data-lane="goal"] th').textContent()).resolves.toBe('هدف مشتری');
    expect(problems).toEqual([]);
    await page.context().close();
  });

  it('puts the future state under the current one, row by row, and marks what differs', async () => {
    const { page } = await open('compare.html');
    expect(await page.locator('tr[data-lane="metrics"][data-version="future"]').count()).toBe(1);
    // Only the Awareness target changed (14 → 7 days): its metrics cell is marked, Onboarding's is not.
    await expect(
      page.locator('td.changed[data-lane="metrics"][data-stage="awareness"][data-version="future"]').textContent(),
    ).resolves.toMatch(/target 7 d/);
    expect(await page.locator('td.changed[data-lane="goal"]').count()).toBe(0);
    await page.context().close();
  });

  it('draws small multiples for everyone and every segment, labelled in Polish', async () => {
    const { page } = await open('segments.html');
    const segments = await page.evaluate<string[]>(
      "[...document.querySelectorAll('table.canvas')].map((table) => table.getAttribute('data-segment'))",
    );
    expect(segments).toEqual(['', ...bundledJourney().segments.map((segment) => segment.id)]);
    await expect(page.locator('tr[data-lane="pain-points"] th').first().textContent()).resolves.toBe('Problemy');
    await page.context().close();
  });

  it("gives the report's numbers and those of an independent computation", async () => {
    const run = await runCliInProcess([
      'report',
      '--journey',
      journeys.current,
      '--records',
      snapshot.file,
      '--as-of',
      asOf,
      '--json',
    ]);
    const report: JourneyReport = (JSON.parse(run.stdout) as ReportDocument).report;
    const stages = document.panels[0]?.current.stages ?? [];
    const independent = independentStages(
      bundledJourney(),
      engineStates(bundledJourney(), records, DEFAULT_AS_OF),
      DEFAULT_AS_OF,
    );
    report.stages.forEach((row, index) => {
      const stage = stages[index];
      expect(stage?.metrics).toMatchObject({
        now: row.now,
        overdue: row.overdue,
        medianDays: row.dwell.median,
        p90Days: row.dwell.p90,
        conversion: row.conversion,
        dropOff: row.dropOff,
      });
      expect(stage?.touchpoints.total).toBe(report.touchpoints[index]?.total);
      expect(stage?.emotion.score).toBe(report.emotion[index]?.mean);
      const expected = independent.get(row.stage);
      expect(stage?.metrics.now).toBe(expected?.now);
      expect(stage?.metrics.overdue).toBe(expected?.overdue);
      if (expected?.medianDays !== null) expect(stage?.metrics.medianDays).toBeCloseTo(expected?.medianDays ?? 0, 1);
      expect(stage?.emotion.touchpoints).toBe(expected?.touchpoints);
      const lacks = row.unmetChecklist.items.slice(0, 2).map((item) => ({
        kind: 'unmet-checklist',
        text: `Overdue customers lack: ${item.text} (${item.count} of ${row.unmetChecklist.customers}).`,
      }));
      expect(stage?.painPoints.filter((pain) => pain.kind === 'unmet-checklist')).toEqual(lacks);
    });
  });

  it('is the first section of the report, with the same map', async () => {
    const run = await runCliInProcess([
      'report',
      '--journey',
      journeys.current,
      '--records',
      snapshot.file,
      '--as-of',
      asOf,
      '--out',
      out('report.html'),
      '--json',
    ]);
    expect(run.code, run.stderr).toBe(0);
    expect((JSON.parse(run.stdout) as ReportDocument).map).toEqual(document.panels[0]?.current);
    const { page, problems } = await open('report.html');
    await expect(page.locator('main > section').first().getAttribute('aria-labelledby')).resolves.toBe('h-map');
    expect(await page.locator('section.map-section td[data-lane]').count()).toBe(MAP_LANES.length * 7);
    expect(await page.evaluate('window.pwned')).toBeUndefined();
    expect(problems).toEqual([]);
    await page.context().close();
  });

  it('prints an A3 landscape PDF and a self-contained SVG', async () => {
    const [pdf, svg] = await Promise.all([
      map(['--out', out('map.pdf'), '--format', 'pdf']),
      map(['--out', out('map.svg'), '--format', 'svg']),
    ]);
    expect(pdf.code).toBe(0);
    const bytes = readFileSync(out('map.pdf'));
    expect(bytes.subarray(0, 5).toString('latin1')).toBe('%PDF-');
    // A3 landscape: 420 × 297 mm = 1190.55 × 841.89 points.
    expect(bytes.toString('latin1')).toMatch(/\/MediaBox \[0 0 119[01]\.\d+ 84[12]\.\d+\]/);
    expect(svg.code).toBe(0);
    const { page, problems } = await open('map.svg');
    expect(await page.locator('foreignObject td[data-lane="emotion"]').count()).toBe(7);
    expect(problems).toEqual([]);
    await page.context().close();
  });

  it('refuses to overwrite an input of the run or a directory', async () => {
    const onInput = await map(['--out', snapshot.file]);
    expect(onInput.code).toBe(2);
    expect(onInput.stderr).toMatch(/is an input of this run/);
    expect(JSON.parse(readFileSync(snapshot.file, 'utf8'))).toHaveProperty('Account');
    const onDirectory = await map(['--out', snapshot.dir]);
    expect(onDirectory.code).toBe(2);
    expect(onDirectory.stderr).toMatch(/is a directory/);
  });
});
