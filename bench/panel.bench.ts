// The journey panel's budgets: the size of the bundle a CRM page downloads (component and Lit, minified and
// gzipped) and the first render of a long journey in Chromium. Run by `npm run bench` (bench/run.ts).
import { readFileSync } from 'node:fs';
import { gzipSync } from 'node:zlib';
import type { JourneyState, NextAction, StageTransition, Touchpoint } from '@crm-journey/connector';
import { chromium } from 'playwright';
import { chromiumLaunchOptions } from '../chromium-launch.ts';
import { PANEL_BUNDLES, panelBundlePaths, panelLocaleScripts } from '@crm-journey/journey-panel/assets';
import { writeBenchReport } from './bench-report.ts';

const STAGES = 7;
const HISTORY = 50;
const TOUCHPOINTS = 200;
const ACTIONS = 6;
const WARMUP = 10;
const RUNS = 60;
const SIZE_BUDGET_KB = 25;
const RENDER_BUDGET_MS = 16;
const AS_OF = Date.parse('2026-11-20T12:00:00Z');
const DAY_MS = 86_400_000;
const CHANNELS: readonly Touchpoint['channel'][] = ['phone', 'email', 'web', 'social', 'in-person', 'support'];

/** The little of the page's DOM the measurement touches (the bench is type-checked without the DOM lib). */
interface PanelElement {
  state: unknown;
  stages: unknown;
  now: unknown;
  readonly updateComplete: Promise<boolean>;
  getBoundingClientRect(): unknown;
  remove(): void;
}
interface PageDocument {
  getElementById(id: string): { append(node: PanelElement): void } | null;
  createElement(tag: string): PanelElement;
}

const log = (message: string): void => void process.stderr.write(`[panel] ${message}\n`);

/** A long-lived customer: 50 stage changes (every fifth one backward) and 200 touchpoints over three years. */
function longJourney(): { state: JourneyState; stages: { id: string; label: string; targetDays: number }[] } {
  const stages = Array.from({ length: STAGES }, (_, index) => ({
    id: `stage-${String(index)}`,
    label: `Stage ${String(index + 1)}`,
    targetDays: 30,
  }));
  const start = AS_OF - 3 * 365 * DAY_MS;
  const history: StageTransition[] = [];
  let stage = 0;
  for (let i = 0; i < HISTORY; i++) {
    const backward = i > 0 && i % 5 === 0 && stage > 0;
    const next = i === 0 ? 0 : backward ? stage - 1 : Math.min(STAGES - 1, stage + 1);
    history.push({
      at: new Date(start + i * 20 * DAY_MS).toISOString(),
      from: i === 0 ? null : `stage-${String(stage)}`,
      to: `stage-${String(next)}`,
      direction: i === 0 ? 'initial' : backward ? 'backward' : 'forward',
      reason: backward ? 'Every open deal was lost; back to nurturing.' : 'Matched the conditions of the stage.',
      ...(backward ? { move: 'deal-lost', outcome: 'lost' as const } : {}),
      revision: 1,
    });
    stage = next;
  }
  const touchpoints: Touchpoint[] = Array.from({ length: TOUCHPOINTS }, (_, i) => ({
    rule: 'calls',
    object: 'Task',
    recordId: `00T${String(i).padStart(15, '0')}`,
    channel: CHANNELS[i % CHANNELS.length] ?? 'other',
    at: new Date(start + i * 5 * DAY_MS).toISOString(),
    subject: `Touchpoint ${String(i + 1)} with the customer`,
    emotion: ((i * 7) % 5) - 2,
    stage: `stage-${String(i % STAGES)}`,
  }));
  const nextActions: NextAction[] = Array.from({ length: ACTIONS }, (_, i) => ({
    key: `cj:bench:001:stage-${String(stage)}:abc:action-${String(i)}`,
    action: `action-${String(i)}`,
    type: (['call', 'email', 'meeting', 'task'] as const)[i % 4] ?? 'task',
    subject: `Next action ${String(i + 1)}`,
    description: null,
    dueDate: new Date(AS_OF + (i - 2) * DAY_MS).toISOString().slice(0, 10),
    priority: i === 0 ? 'high' : 'normal',
    owner: { kind: 'user', id: '005000000000001AAA' },
    mode: i % 2 === 0 ? 'create' : 'suggest',
    status: i === ACTIONS - 1 ? 'blocked' : 'new',
    blockedBy: i === ACTIONS - 1 ? [`cj:bench:001:stage-${String(stage)}:abc:action-0`] : [],
    recordId: null,
  }));
  const last = history.at(-1);
  const state: JourneyState = {
    journey: { id: 'bench', revision: 1 },
    customer: { type: 'Account', id: '001000000000001AAA', name: 'Benchmark Industries Ltd' },
    segment: null,
    stage: `stage-${String(stage)}`,
    stageEnteredAt: last?.at ?? null,
    timeInStage: { days: 12, targetDays: 30, status: 'on-time' },
    highWaterStage: `stage-${String(STAGES - 1)}`,
    guidance: 'Agree the next step in writing.',
    history,
    touchpoints,
    nextActions,
    evaluatedAt: new Date(AS_OF).toISOString(),
  };
  return { state, stages };
}

function percentile(values: readonly number[], share: number): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.floor(share * sorted.length))] ?? Number.NaN;
}

log("building the bundles (vite, the journey panel's own build)");
const built = await panelBundlePaths({ rebuild: true });
const bundles = (['open', 'closed'] as const).map((kind) => {
  const code = readFileSync(built.bundles[kind]);
  return { file: PANEL_BUNDLES[kind], bytes: code.length, gzipBytes: gzipSync(code, { level: 9 }).length };
});
const bundleCode = readFileSync(built.bundles.open, 'utf8');
// A page in another language than English also downloads that language's locale script.
const localeScripts = Object.entries(panelLocaleScripts()).map(([file, text]) => ({
  file,
  bytes: Buffer.byteLength(text),
  gzipBytes: gzipSync(text, { level: 9 }).length,
}));

const launchOptions = chromiumLaunchOptions();
const { executablePath } = launchOptions;
log(`rendering ${String(RUNS)} times in ${executablePath} after ${String(WARMUP)} warm-up renders`);
const browser = await chromium.launch(launchOptions);
let timings: { render: number[]; layout: number[]; cold: number };
let browserVersion: string;
try {
  browserVersion = browser.version();
  const page = await browser.newPage({ viewport: { width: 960, height: 1200 } });
  await page.setContent(
    '<!doctype html><html lang="en"><body><main id="host" style="inline-size: 880px"></main></body></html>',
  );
  await page.addScriptTag({ content: bundleCode });
  timings = await page.evaluate(
    async ({ journey, now, warmup, runs }) => {
      const page = (globalThis as unknown as { document: PageDocument }).document;
      const host = page.getElementById('host');
      if (!host) throw new Error('no host');
      const render: number[] = [];
      const layout: number[] = [];
      let cold = 0;
      for (let i = 0; i < warmup + runs; i++) {
        const panel = page.createElement('cj-journey-panel');
        panel.stages = journey.stages;
        panel.state = journey.state;
        panel.now = new Date(now);
        const start = performance.now();
        host.append(panel);
        await panel.updateComplete;
        const rendered = performance.now();
        // Style and layout of the new DOM: what the rep waits for before the panel is on screen.
        panel.getBoundingClientRect();
        const laidOut = performance.now();
        if (i === 0) cold = laidOut - start;
        if (i >= warmup) {
          render.push(rendered - start);
          layout.push(laidOut - start);
        }
        panel.remove();
        await new Promise((resolve) => setTimeout(resolve, 0));
      }
      return { render, layout, cold };
    },
    { journey: longJourney(), now: AS_OF, warmup: WARMUP, runs: RUNS },
  );
} finally {
  await browser.close();
}

const kb = (bytes: number): string => `${(bytes / 1024).toFixed(1)} KB`;
const ms = (value: number): string => `${value.toFixed(2)} ms`;
const medianRender = percentile(timings.render, 0.5);
const medianLayout = percentile(timings.layout, 0.5);
log(`median first render ${ms(medianRender)}, with layout ${ms(medianLayout)}`);
writeBenchReport({
  id: 'panel',
  title: 'Journey panel: bundle size and first render',
  blocks: [
    {
      kind: 'text',
      markdown: [
        `The classic bundles the CRM hosts load (\`packages/journey-panel/dist/\`, built by \`pnpm --filter @crm-journey/journey-panel build\`: Vite library mode, minified, Lit included, template and CSS whitespace squeezed), gzipped at level 9. Budget: ${String(SIZE_BUDGET_KB)} KB min+gzip. The bundles carry English; a user of another language also downloads that language's locale script (JSON data, not minified further), listed below.`,
      ].join('\n'),
    },
    {
      kind: 'table',
      columns: ['Bundle', 'Minified', 'Min+gzip', 'Budget'],
      align: ['left', 'right', 'right', 'left'],
      rows: bundles
        .map((bundle) => [
          `\`${bundle.file}\``,
          kb(bundle.bytes),
          kb(bundle.gzipBytes),
          bundle.gzipBytes <= SIZE_BUDGET_KB * 1024 ? 'within' : '**over**',
        ])
        .concat(
          localeScripts.map((script) => [
            `\`${script.file}\` (locale script)`,
            kb(script.bytes),
            kb(script.gzipBytes),
            bundles.every((bundle) => bundle.gzipBytes + script.gzipBytes <= SIZE_BUDGET_KB * 1024)
              ? 'within, with a bundle'
              : '**over, with a bundle**',
          ]),
        ),
    },
    {
      kind: 'text',
      markdown: `First render of one customer with ${String(STAGES)} stages, ${String(HISTORY)} history entries (every fifth backward), ${String(TOUCHPOINTS)} touchpoints and ${String(ACTIONS)} next actions, in ${browserVersion.startsWith('1') ? `Chromium ${browserVersion}` : browserVersion} (headless, \`${executablePath}\`) through playwright: from connecting the element with its data to Lit's \`updateComplete\`, and to the first layout after it. ${String(WARMUP)} warm-up renders, then ${String(RUNS)} measured; the panel is removed between renders. Budget: ${String(RENDER_BUDGET_MS)} ms median.`,
    },
    {
      kind: 'table',
      columns: ['Measure', 'Median', 'p95', 'Budget'],
      align: ['left', 'right', 'right', 'left'],
      rows: [
        [
          'Render (template to DOM)',
          ms(medianRender),
          ms(percentile(timings.render, 0.95)),
          medianRender <= RENDER_BUDGET_MS ? 'within' : '**over**',
        ],
        [
          'Render + style + layout',
          ms(medianLayout),
          ms(percentile(timings.layout, 0.95)),
          medianLayout <= RENDER_BUDGET_MS ? 'within' : '**over**',
        ],
        ['Very first panel on the page (unwarmed), with layout', ms(timings.cold), '', ''],
      ],
    },
  ],
});
