import { readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { JourneyReport } from '@crm-journey/connector';
import { connectSalesforce } from '@crm-journey/connector/salesforce';
import {
  DEFAULT_AS_OF,
  generatePopulation,
  startSalesforceSandbox,
  toSalesforceRecords,
  type Sandbox,
} from '@crm-journey/sandbox';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runSync } from '../src/run/run-sync.ts';
import type { ReportDocument } from '../src/report/render-report-html.ts';
import { openSyncStore } from '../src/state/sync-store.ts';
import {
  bundledJourney,
  embeddedJson,
  engineStates,
  expectPlantedBottlenecks,
  HALF_YEAR_COMPARISON,
  htmlTableRows,
  independentStages,
  independentUnmet,
  journeyFile,
  reportOnSnapshot,
  writeSnapshot,
  type UnmetCounts,
} from './report-support.ts';
import { runCliInProcess } from './run-cli-in-process.ts';

const asOf = new Date(DEFAULT_AS_OF).toISOString();

describe('crm-journey report on a snapshot', () => {
  const records = toSalesforceRecords(generatePopulation({ customers: 1200, seed: 5 }));
  const snapshot = writeSnapshot(records);
  const out = join(snapshot.dir, 'out', 'report.html');
  let document: ReportDocument;
  let html: string;

  beforeAll(async () => {
    const run = await reportOnSnapshot(snapshot.file, ['--as-of', asOf, '--out', out, '--json']);
    expect(run.stderr).toContain('written to');
    expect(run.code).toBe(0);
    document = JSON.parse(run.stdout) as ReportDocument;
    html = readFileSync(out, 'utf8');
  });
  afterAll(() => {
    rmSync(snapshot.dir, { recursive: true, force: true });
  });

  it('agrees with an independent computation from the histories, in the JSON and in the HTML', () => {
    const journey = bundledJourney();
    const states = engineStates(journey, records, DEFAULT_AS_OF);
    const expected = independentStages(journey, states, DEFAULT_AS_OF);
    const { report } = document;
    expect(report.customers).toBe(states.length);
    const rows = htmlTableRows(html, 'stages');
    const close = (actual: number | null, wanted: number | null, digits = 0.051): void => {
      if (wanted === null) expect(actual).toBeNull();
      else expect(Math.abs((actual ?? Number.NaN) - wanted)).toBeLessThan(digits);
    };
    for (const stage of report.stages) {
      const want = expected.get(stage.stage);
      if (!want) throw new Error(`no independent numbers for ${stage.stage}`);
      expect([stage.now, stage.overdue, stage.entered, stage.converted, stage.lost, stage.churned]).toEqual([
        want.now,
        want.overdue,
        want.entered,
        want.converted,
        want.lost,
        want.churned,
      ]);
      close(stage.dwell.median, want.medianDays);
      close(stage.dwell.p90, want.p90Days);
      expect(report.funnel.find((step) => step.stage === stage.stage)?.reached).toBe(want.reached);
      const emotion = report.emotion.find((point) => point.stage === stage.stage);
      expect([emotion?.touchpoints, emotion?.negative]).toEqual([want.touchpoints, want.negative]);
      close(emotion?.mean ?? null, want.meanEmotion, 0.0051);

      // The HTML prints the same numbers.
      const row = rows.get(stage.stage);
      expect(row?.get('now')).toBe(String(want.now));
      expect(row?.get('overdue')).toBe(String(want.overdue));
      expect(row?.get('entered')).toBe(String(want.entered));
      close(Number(row?.get('medianDays')), want.medianDays);
      close(Number(row?.get('p90Days')), want.p90Days);
      const conversion = want.entered === 0 ? null : (100 * want.converted) / want.entered;
      if (conversion === null) expect(row?.get('conversion')).toBe('–');
      else close(Number.parseFloat(row?.get('conversion') ?? ''), conversion);
    }
    // The page carries exactly the JSON `--json` printed.
    expect(embeddedJson(html)).toEqual(document);
  });

  it('counts the checklist items stalled customers lack as an independent count does, and shows them', () => {
    const states = engineStates(bundledJourney(), records, DEFAULT_AS_OF);
    const expected = independentUnmet(states);
    const rows = htmlTableRows(html, 'unmet-checklist');
    let listed = 0;
    for (const stage of document.report.stages) {
      const want: UnmetCounts = expected.get(stage.stage) ?? { customers: 0, items: new Map() };
      expect(stage.unmetChecklist.customers).toBe(want.customers);
      const counts = [...want.items.entries()].map(([path, { text, count }]) => ({ path, text, count }));
      for (const item of stage.unmetChecklist.items) {
        expect(counts).toContainEqual({ path: item.path, text: item.text, count: item.count });
        // Nothing left out counts more than what is listed.
        for (const other of counts)
          if (!stage.unmetChecklist.items.some((i) => i.path === other.path))
            expect(other.count).toBeLessThanOrEqual(item.count);
        const row = rows.get(`${stage.stage}:${item.path}`);
        expect(row?.get('count')).toBe(String(item.count));
        expect(row?.get('text')).toBe(item.text.replaceAll('"', '&quot;'));
        listed++;
      }
      expect(stage.unmetChecklist.items.length).toBe(Math.min(5, counts.length));
    }
    expect(rows.size).toBe(listed);
    // The planted bottleneck: enterprise deals stalled in Evaluation lack the late-stage opportunity of Purchase.
    const evaluation = document.report.stages.find((stage) => stage.stage === 'evaluation')?.unmetChecklist;
    expect(evaluation?.customers).toBeGreaterThan(20);
    expect(evaluation?.items[0]).toMatchObject({ path: 'stages[3].when.Opportunity', share: 1 });
    expect(evaluation?.items[0]?.text).toContain('"Proposal/Price Quote", "Negotiation/Review"');
  });

  it('draws every chart as inline SVG and loads nothing from the network', () => {
    for (const chart of ['funnel', 'dwell', 'flows', 'emotion'])
      expect(html).toMatch(new RegExp(`<svg role="img" aria-labelledby="${chart}-title" data-chart="${chart}"`));
    expect(html).not.toMatch(/\bsrc=|<link|https?:\/\/(?!www\.w3\.org)/);
    expect(html).toContain("default-src 'none'");
  });

  it('compares two periods side by side', async () => {
    const run = await reportOnSnapshot(snapshot.file, ['--as-of', asOf, ...HALF_YEAR_COMPARISON, '--json']);
    expect(run.code).toBe(0);
    const { report, comparison } = JSON.parse(run.stdout) as ReportDocument;
    // The earlier period is the base ("before"); the report's own period comes after it.
    expect(comparison?.base.label).toBe('2025-11-20 to 2026-05-19');
    expect(comparison?.other.label).toBe('2026-05-20 to 2026-11-20');
    expect(comparison?.other.report).toEqual(report);
    const before = comparison?.base.report as JourneyReport;
    expect(before.period.to).toBe('2026-05-19T23:59:59.999Z');
    for (const stage of comparison?.stages ?? []) {
      const a = before.stages.find((candidate) => candidate.stage === stage.stage);
      const b = report.stages.find((candidate) => candidate.stage === stage.stage);
      expect(stage.difference.now).toBe((b?.now ?? 0) - (a?.now ?? 0));
    }
    expect(comparison?.stages.some((stage) => stage.highlights.length > 0)).toBe(true);
  });

  it('compares two journey versions over the same customers (current state and future state)', async () => {
    // Revision 2 gives Evaluation 60 days instead of 30: the same customers, fewer of them overdue.
    const text = readFileSync(journeyFile, 'utf8').replace('revision: 1', 'revision: 2');
    const future = join(snapshot.dir, 'future.yaml');
    writeFileSync(future, text.replace(/(- id: evaluation\n(?:.*\n){3}) {4}targetDays: 30/, '$1    targetDays: 60'));
    expect(readFileSync(future, 'utf8')).toContain('targetDays: 60');
    const run = await reportOnSnapshot(snapshot.file, ['--as-of', asOf, '--compare-journey', future, '--json']);
    expect(run.code).toBe(0);
    const { comparison } = JSON.parse(run.stdout) as ReportDocument;
    expect(comparison?.base.label).toBe('Revision 1');
    expect(comparison?.other.label).toMatch(/^Revision 2 \(.*future\.yaml\)$/);
    const evaluation = comparison?.stages.find((stage) => stage.stage === 'evaluation');
    expect(evaluation?.difference.now).toBe(0);
    expect(evaluation?.other?.overdueShare).toBeLessThan(evaluation?.base?.overdueShare ?? 0);
    expect(evaluation?.highlights.map((line) => line.field)).toContain('overdueShare');
    const awareness = comparison?.stages.find((stage) => stage.stage === 'awareness');
    expect(awareness?.difference).toMatchObject({ now: 0, overdueShare: 0, medianDays: 0 });
    expect(awareness?.highlights).toEqual([]);
  });

  it('refuses an unknown segment and a period that ends before it starts, naming the fix', async () => {
    const segment = await reportOnSnapshot(snapshot.file, ['--segment', 'enterprize', '--json']);
    expect(segment.code).toBe(2);
    expect(segment.stderr).toContain(
      '--segment enterprize: journey salesforce-b2b has no such segment; its segments: enterprise, smb',
    );
    const period = await reportOnSnapshot(snapshot.file, ['--from', '2026-02-01', '--to', '2026-01-01', '--json']);
    expect(period.code).toBe(2);
    expect(period.stderr).toContain('the start must be before the end');
    const neither = await reportOnSnapshot(snapshot.file, []);
    expect(neither.stderr).toContain('give --out <report.html>, --json, or both');
  });
});

describe('crm-journey report against the Salesforce sandbox', () => {
  let sandbox: Sandbox;
  beforeAll(async () => {
    sandbox = await startSalesforceSandbox({
      records: toSalesforceRecords(generatePopulation({ customers: 1000, seed: 1 })),
      now: () => DEFAULT_AS_OF,
    });
  });
  afterAll(async () => {
    await sandbox.close();
  });

  it('finds the planted bottlenecks and measures the actions the sync created', async () => {
    // A sync first, so the org has journey tasks for the action table.
    const connector = await connectSalesforce({ instanceUrl: sandbox.url, accessToken: sandbox.accessToken ?? '' });
    const snapshot = writeSnapshot({});
    const store = openSyncStore(join(snapshot.dir, 'state.sqlite'));
    try {
      await runSync({ connector, journey: bundledJourney(), store, scope: 'report-test', asOf: DEFAULT_AS_OF });
    } finally {
      await store.close();
      await connector.close();
      rmSync(snapshot.dir, { recursive: true, force: true });
    }
    const run = await runCliInProcess([
      'report',
      '--journey',
      journeyFile,
      '--instance-url',
      sandbox.url,
      '--access-token',
      sandbox.accessToken ?? '',
      '--as-of',
      asOf,
      '--json',
    ]);
    expect(run.code).toBe(0);
    expect(run.stderr).toMatch(/progress: .*customers/);
    const { report } = JSON.parse(run.stdout) as ReportDocument;
    expect(report.customers).toBe(1000);
    expectPlantedBottlenecks(report);
    // The tasks and meetings the sync wrote show up as created actions, counted exactly.
    const tasks = [...sandbox.inspect.records('Task'), ...sandbox.inspect.records('Event')]
      .map((task) => task['Journey_Action_Key__c'])
      .filter((key): key is string => typeof key === 'string' && key.startsWith('cj:salesforce-b2b:'));
    expect(tasks.length).toBeGreaterThan(0);
    expect(report.actions.reduce((sum, action) => sum + action.created, 0)).toBe(tasks.length);
    const qualify = report.actions.find((action) => action.action === 'qualify-lead');
    expect(qualify).toMatchObject({
      mode: 'create',
      accepted: null,
      created: tasks.filter((key) => key.endsWith(':qualify-lead')).length,
    });
  });
});
