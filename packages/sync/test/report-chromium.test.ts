import { readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import type { CrmRecord } from '@crm-journey/connector';
import { generatePopulation, toSalesforceRecords } from '@crm-journey/sandbox';
import { chromium, type Browser } from 'playwright';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ReportDocument } from '../src/report/render-report-html.ts';
import { embeddedJson, HALF_YEAR_COMPARISON, reportOnSnapshot, writeSnapshot } from './report-support.ts';
import { openOffline } from './offline-page.ts';
import { chromiumLaunchOptions } from './repo-context.ts';

// Names as an attacker would type them into the CRM.
const HOSTILE = '</script><script>window.pwned=1;alert(1)</script><img src=x onerror="window.pwned=2"><!--';

describe('the HTML report in real Chromium', () => {
  const records = toSalesforceRecords(generatePopulation({ customers: 400, seed: 9 }));
  const hostile = Object.fromEntries(
    Object.entries(records).map(([object, list]) => [
      object,
      (list ?? []).map((record: CrmRecord) =>
        object === 'Account'
          ? { ...record, Name: `${HOSTILE} ${String(record['Name'])}` }
          : object === 'Lead'
            ? { ...record, Company: `${HOSTILE} ${String(record['Company'])}` }
            : record,
      ),
    ]),
  );
  const snapshot = writeSnapshot(hostile);
  const out = join(snapshot.dir, 'report.html');
  let browser: Browser;

  beforeAll(async () => {
    const run = await reportOnSnapshot(snapshot.file, [
      '--as-of',
      '2026-11-20T12:00:00Z',
      ...HALF_YEAR_COMPARISON,
      '--out',
      out,
    ]);
    expect(run.code).toBe(0);
    browser = await chromium.launch(chromiumLaunchOptions());
  });
  afterAll(async () => {
    await browser.close();
    rmSync(snapshot.dir, { recursive: true, force: true });
  });

  it('renders every chart offline, with no console errors, and keeps hostile names inert', async () => {
    const page = await browser.newPage();
    const { problems, requests } = await openOffline(page, pathToFileURL(out).href);

    for (const chart of ['funnel', 'dwell', 'flows', 'emotion', 'comparison']) {
      const svg = page.locator(`figure#chart-${chart} svg[data-chart="${chart}"]`);
      await expect(svg.getAttribute('role')).resolves.toBe('img');
      const box = await svg.boundingBox();
      expect(box?.width).toBeGreaterThan(400);
      expect(box?.height).toBeGreaterThan(200);
      // Drawn shapes with a real extent, not an empty frame.
      // (A string, as the test is typed without the DOM library.)
      const drawn = await page.evaluate<number>(
        `[...document.querySelectorAll('svg[data-chart="${chart}"] :is(path, rect, polygon, circle)')]
          .filter((shape) => { const box = shape.getBBox(); return box.width * box.height > 20; }).length`,
      );
      expect(drawn, chart).toBeGreaterThan(6);
      await expect(svg.locator('title').textContent()).resolves.toMatch(/\w+/);
    }
    const labels = await page.locator('figure#chart-funnel svg text').allTextContents();
    expect(labels.join(' ')).toContain('Awareness');

    // The hostile names are shown as text and nothing of them ran.
    expect(await page.evaluate('window.pwned')).toBeUndefined();
    expect(await page.locator('script').count()).toBe(1);
    expect(await page.locator('img').count()).toBe(0);
    const names = await page.locator('table[data-table="overdue-customers"] tbody th').allTextContents();
    expect(names.length).toBeGreaterThan(0);
    expect(names.every((name) => name.startsWith(HOSTILE))).toBe(true);
    const data = await page.evaluate<unknown>("JSON.parse(document.getElementById('report-data').textContent)");
    expect(data).toEqual(embeddedJson(readFileSync(out, 'utf8')));
    expect((data as ReportDocument).report.overdueCustomers[0]?.name?.startsWith(HOSTILE)).toBe(true);

    expect(problems).toEqual([]);
    expect(requests).toEqual([]);
    await page.close();
  });
});
