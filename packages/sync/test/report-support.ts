// Shared by the report tests: a journey, generated snapshots on disk, an independent computation, and
// the check that a report of a sandbox org finds its planted bottlenecks.
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import {
  compileJourney,
  evaluateCustomer,
  groupCustomers,
  validateJourney,
  type JourneyDefinition,
  type JourneyReport,
  type JourneyState,
  type RecordsByObject,
} from '@crm-journey/connector';
import { expect } from 'vitest';
import { runCliInProcess, type CliRun } from './run-cli-in-process.ts';
import { repoFile } from './repo-context.ts';
import { testTempDir } from './temp-dir.ts';

export const journeyFile = repoFile('journeys', 'salesforce-b2b.yaml');

/** The bundled Salesforce journey. */
export function bundledJourney(): JourneyDefinition {
  const result = validateJourney(readFileSync(journeyFile, 'utf8'), journeyFile);
  if (!result.journey) throw new Error('invalid bundled journey');
  return result.journey;
}

/** Writes records as a snapshot file in a fresh temporary directory. */
export function writeSnapshot(records: RecordsByObject): { dir: string; file: string } {
  const dir = testTempDir('crm-journey-report-');
  const file = join(dir, 'snapshot.json');
  // Users are the sandbox's directory, not customer records: a snapshot does not carry them.
  const { User: _users, ...customerRecords } = records;
  writeFileSync(file, JSON.stringify(customerRecords));
  return { dir, file };
}

/** Runs `crm-journey report` in-process on a snapshot file with the bundled Salesforce journey. */
export function reportOnSnapshot(snapshotFile: string, args: readonly string[]): Promise<CliRun> {
  return runCliInProcess(['report', '--journey', journeyFile, '--records', snapshotFile, ...args]);
}

/** `report` flags for the second half of the year up to 2026-11-20, compared with the first half. */
export const HALF_YEAR_COMPARISON: readonly string[] = [
  '--from',
  '2026-05-20',
  '--compare-from',
  '2025-11-20',
  '--compare-to',
  '2026-05-19',
];

/** Every customer's state, straight from the engine. */
export function engineStates(journey: JourneyDefinition, records: RecordsByObject, asOf: number): JourneyState[] {
  const compiled = compileJourney(journey);
  return groupCustomers(journey, records).customers.map((set) =>
    evaluateCustomer(compiled, { customer: set.customer, records: set.records, changes: set.changes, asOf }),
  );
}

function median(values: number[], q: number): number | null {
  if (values.length === 0) return null;
  const sorted = [...values].sort((a, b) => a - b);
  const position = (sorted.length - 1) * q;
  const low = Math.floor(position);
  const high = Math.ceil(position);
  return (sorted[low] as number) + ((sorted[high] as number) - (sorted[low] as number)) * (position - low);
}

/** One stage's numbers, computed separately and simply from the engine's states (period: the year up to asOf). */
export interface IndependentStage {
  now: number;
  overdue: number;
  medianDays: number | null;
  p90Days: number | null;
  entered: number;
  converted: number;
  lost: number;
  churned: number;
  reached: number;
  touchpoints: number;
  negative: number;
  meanEmotion: number | null;
}

/** The report's per-stage numbers recomputed from the histories, without any of the analytics code. */
export function independentStages(
  journey: JourneyDefinition,
  states: readonly JourneyState[],
  asOf: number,
): Map<string, IndependentStage> {
  const from = asOf - 365 * 86_400_000;
  const order = journey.stages.map((stage) => stage.id);
  const out = new Map<string, IndependentStage>();
  for (const stage of order) {
    const position = order.indexOf(stage);
    const days: number[] = [];
    let entered = 0;
    let converted = 0;
    let lost = 0;
    let churned = 0;
    let reached = 0;
    const emotions: number[] = [];
    for (const state of states) {
      const history = state.history.map((step) => ({ ...step, time: Date.parse(step.at) }));
      history.forEach((step, i) => {
        if (step.to !== stage) return;
        const next = history[i + 1];
        if (next === undefined) days.push((asOf - step.time) / 86_400_000);
        else if (next.time >= from) days.push((next.time - step.time) / 86_400_000);
      });
      const first = history.findIndex((step) => step.to === stage && step.time >= from);
      if (first >= 0) {
        entered++;
        if (history.slice(first + 1).some((step) => order.indexOf(step.to) > position)) converted++;
        const exit = history[first + 1];
        if (exit?.direction === 'backward' && exit.outcome === 'lost') lost++;
        if (exit?.direction === 'backward' && exit.outcome === 'churned') churned++;
      }
      if (history.some((step) => order.indexOf(step.to) >= position)) reached++;
      for (const touchpoint of state.touchpoints) {
        const at = Date.parse(touchpoint.at);
        if (touchpoint.stage === stage && at >= from && at <= asOf) emotions.push(touchpoint.emotion);
      }
    }
    out.set(stage, {
      now: states.filter((state) => state.stage === stage).length,
      overdue: states.filter((state) => state.stage === stage && state.timeInStage?.status === 'overdue').length,
      medianDays: median(days, 0.5),
      p90Days: median(days, 0.9),
      entered,
      converted,
      lost,
      churned,
      reached,
      touchpoints: emotions.length,
      negative: emotions.filter((emotion) => emotion < 0).length,
      meanEmotion: emotions.length === 0 ? null : emotions.reduce((sum, n) => sum + n, 0) / emotions.length,
    });
  }
  return out;
}

/** One stage's overdue customers with an advance checklist, and how many of them miss each item (by path). */
export interface UnmetCounts {
  customers: number;
  items: Map<string, { text: string; count: number }>;
}

/** Per stage, straight from the engine's states: the overdue customers' unmet advance checklist items. */
export function independentUnmet(states: readonly JourneyState[]): Map<string, UnmetCounts> {
  const out = new Map<string, UnmetCounts>();
  for (const state of states) {
    if (state.stage === null || state.timeInStage?.status !== 'overdue') continue;
    const advance = state.checklists?.find((checklist) => checklist.kind === 'advance');
    if (!advance) continue;
    const stage: UnmetCounts = out.get(state.stage) ?? { customers: 0, items: new Map() };
    stage.customers++;
    for (const item of advance.items) {
      if (item.met) continue;
      const counted = stage.items.get(item.path) ?? { text: item.text.en, count: 0 };
      counted.count++;
      stage.items.set(item.path, counted);
    }
    out.set(state.stage, stage);
  }
  return out;
}

/**
 * Checks that a report of a sandbox org names the three bottlenecks docs/sandbox.md plants, in the
 * words of the bundled B2B journeys (the same stages, targets and segments on both CRMs).
 */
export function expectPlantedBottlenecks(report: JourneyReport): void {
  const found = (kind: string, stage: string, segment: string | null) =>
    report.bottlenecks.find((item) => item.kind === kind && item.stage === stage && item.segment === segment);
  // 1. Purchased-list leads sit in Awareness past its 14-day target.
  expect(found('dwell', 'awareness', null)?.sentence).toMatch(
    /^Awareness: median [\d.]+ days in the stage against a 14-day target; \d+% of customers in it overdue/,
  );
  // 2. Enterprise deals stall in Evaluation: over 80% overdue against 45 days.
  const enterprise = report.segments
    .find((segment) => segment.segment === 'enterprise')
    ?.stages.find((stage) => stage.stage === 'evaluation');
  expect(enterprise?.overdueShare).toBeGreaterThan(0.8);
  expect(found('dwell', 'evaluation', 'enterprise')?.sentence).toMatch(
    /^Evaluation \(Enterprise\): median [\d.]+ days in the stage against a 45-day target; (8|9|10)\d?% of Enterprise customers in it overdue/,
  );
  // 3. Escalations after go-live: negative touchpoints cluster in Onboarding, through support.
  expect(report.negativeClusters.map((cluster) => [cluster.stage, cluster.channel])).toContainEqual([
    'onboarding',
    'support',
  ]);
  expect(found('emotion', 'onboarding', null)?.sentence).toMatch(
    /^Onboarding: \d+% of touchpoints are negative .* most come through support\.$/,
  );
}

/** The rows of a report table in the HTML: `data-key` → `data-field` → cell text. */
export function htmlTableRows(html: string, table: string): Map<string, Map<string, string>> {
  const start = html.indexOf(`<table data-table="${table}">`);
  if (start < 0) throw new Error(`no table ${table} in the HTML`);
  const body = html.slice(start, html.indexOf('</table>', start));
  const rows = new Map<string, Map<string, string>>();
  for (const row of body.matchAll(/<tr data-key="([^"]*)">(.*?)<\/tr>/g)) {
    const cells = new Map<string, string>();
    for (const cell of (row[2] ?? '').matchAll(/data-field="([^"]*)"[^>]*>([^<]*)</g))
      cells.set(cell[1] ?? '', cell[2] ?? '');
    rows.set(row[1] ?? '', cells);
  }
  return rows;
}

/** The JSON the HTML embeds. */
export function embeddedJson(html: string): unknown {
  const match = /<script type="application\/json" id="report-data">(.*?)<\/script>/s.exec(html);
  if (!match) throw new Error('no embedded report data');
  return JSON.parse(match[1] ?? '');
}
