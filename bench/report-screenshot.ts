// `node --conditions=@crm-journey/source bench/report-screenshot.ts`: regenerates docs/images/report.png
// from the real report of a sandbox org (3,000 generated customers, seed 1), read with the real
// Salesforce client through `crm-journey report`, and opened offline in real Chromium.
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { chromium } from 'playwright';
import { chromiumLaunchOptions } from '../chromium-launch.ts';
import { startSandboxProcess } from './sandbox-process.ts';

const ROOT = path.resolve(import.meta.dirname, '..');
const OUTPUT = path.join(ROOT, 'docs', 'images', 'report.png');
const AS_OF = '2026-11-20T12:00:00Z';

const sandbox = await startSandboxProcess(3000);
const dir = mkdtempSync(path.join(os.tmpdir(), 'crm-journey-report-'));
const html = path.join(dir, 'report.html');
try {
  const run = spawnSync(
    process.execPath,
    [
      '--conditions=@crm-journey/source',
      '--disable-warning=ExperimentalWarning',
      path.join('packages', 'sync', 'bin', 'crm-journey.ts'),
      'report',
      '--journey',
      'journeys/salesforce-b2b.yaml',
      '--instance-url',
      sandbox.url,
      '--access-token',
      sandbox.accessToken,
      '--as-of',
      AS_OF,
      '--out',
      html,
    ],
    { cwd: ROOT, encoding: 'utf8', stdio: ['ignore', 'inherit', 'inherit'] },
  );
  if (run.status !== 0) throw new Error(`crm-journey report failed (exit ${String(run.status)}).`);
  const browser = await chromium.launch(chromiumLaunchOptions());
  try {
    const page = await browser.newPage({ viewport: { width: 1240, height: 1500 }, deviceScaleFactor: 1 });
    await page.route(/^(?!file:)/, (route) => route.abort());
    await page.goto(pathToFileURL(html).href);
    await page.screenshot({ path: OUTPUT, clip: { x: 0, y: 0, width: 1240, height: 1500 } });
    process.stderr.write(`Wrote ${path.relative(ROOT, OUTPUT)}.\n`);
  } finally {
    await browser.close();
  }
} finally {
  await sandbox.stop();
  rmSync(dir, { recursive: true, force: true });
}
