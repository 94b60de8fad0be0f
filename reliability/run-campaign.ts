// Runs many schedules a few at a time and totals what they injected and found.
import { FAULT_KINDS, type FaultKind } from '@crm-journey/sandbox';
import type { SchedulePlan } from './campaign-plan.ts';
import { runSchedule, type ScheduleResult } from './run-schedule.ts';

/** The totals of a campaign, as printed and written to JSON. */
export interface CampaignResult {
  readonly schedules: number;
  readonly killSchedules: number;
  readonly kills: number;
  readonly faults: Readonly<Record<FaultKind, number>>;
  readonly violations: number;
  readonly durationMs: number;
  readonly results: readonly ScheduleResult[];
}

/** Options for {@link runCampaign}. */
export interface RunCampaignOptions {
  /** Schedules run at once (each has its own sandbox and child processes). */
  readonly concurrency?: number;
  readonly onResult?: (result: ScheduleResult, done: number, total: number) => void;
  /** Passed to every schedule: where the child processes' sources live. */
  readonly sourceRoot?: string;
}

/**
 * Runs the plans, `concurrency` at a time, and totals them.
 *
 * @example
 * const result = await runCampaign(planCampaign({ schedules: 8, kills: 2, crms: ['salesforce'], seed: '1' }));
 */
export async function runCampaign(
  plans: readonly SchedulePlan[],
  options: RunCampaignOptions = {},
): Promise<CampaignResult> {
  const started = Date.now();
  const results: ScheduleResult[] = [];
  let next = 0;
  const worker = async (): Promise<void> => {
    while (next < plans.length) {
      const plan = plans[next++];
      if (plan === undefined) return;
      const result = await runSchedule(
        plan,
        options.sourceRoot === undefined ? {} : { sourceRoot: options.sourceRoot },
      );
      results.push(result);
      options.onResult?.(result, results.length, plans.length);
    }
  };
  await Promise.all(Array.from({ length: Math.max(1, options.concurrency ?? 1) }, worker));
  const order = new Map(plans.map((plan, index) => [plan.id, index]));
  results.sort((a, b) => (order.get(a.id) ?? 0) - (order.get(b.id) ?? 0));
  const faults = Object.fromEntries(FAULT_KINDS.map((kind) => [kind, 0])) as Record<FaultKind, number>;
  for (const result of results) for (const [kind, n] of Object.entries(result.faults)) faults[kind as FaultKind] += n;
  return {
    schedules: results.filter((result) => result.kind === 'faults').length,
    killSchedules: results.filter((result) => result.kind === 'kill').length,
    kills: results.filter((result) => result.killed).length,
    faults,
    violations: results.reduce((n, result) => n + result.violations.length, 0),
    durationMs: Date.now() - started,
    results,
  };
}

/** The one command that replays a schedule. */
export function replayCommand(id: string): string {
  return `npm run reliability -- --replay ${id}`;
}

/** The campaign's table: per CRM and kind, schedules, faults by kind, kills, violations. */
export function formatCampaign(result: CampaignResult): string {
  const rows: string[][] = [];
  const groups = new Map<string, ScheduleResult[]>();
  for (const schedule of result.results) {
    const key = `${schedule.crm} ${schedule.kind}`;
    groups.set(key, [...(groups.get(key) ?? []), schedule]);
  }
  const sum = (list: readonly ScheduleResult[], kind: FaultKind): number =>
    list.reduce((n, schedule) => n + (schedule.faults[kind] ?? 0), 0);
  const all: [string, readonly ScheduleResult[]][] = [...groups, ['total', result.results]];
  for (const [key, list] of all) {
    rows.push([
      key,
      String(list.length),
      ...FAULT_KINDS.map((kind) => String(sum(list, kind))),
      String(list.filter((schedule) => schedule.killed).length),
      String(list.reduce<number>((n, schedule) => n + schedule.violations.length, 0)),
    ]);
  }
  const header = ['', 'schedules', ...FAULT_KINDS, 'kills', 'violations'];
  const widths = header.map((title, column) =>
    Math.max(title.length, ...rows.map((row) => (row[column] ?? '').length)),
  );
  const line = (cells: readonly string[]): string =>
    cells
      .map((cell, column) => (column === 0 ? cell.padEnd(widths[column] ?? 0) : cell.padStart(widths[column] ?? 0)))
      .join('  ');
  const lines = [line(header), ...rows.map(line)];
  const events = [...groups].flatMap(([key, list]) => {
    const sums = new Map<string, number>();
    for (const schedule of list)
      for (const [event, n] of Object.entries(schedule.events)) sums.set(event, (sums.get(event) ?? 0) + n);
    return sums.size === 0 ? [] : [`  ${key}: ${[...sums].map(([event, n]) => `${event} ${String(n)}`).join(', ')}`];
  });
  if (events.length > 0) lines.push('', 'What the scenarios did:', ...events);
  for (const schedule of result.results) {
    if (schedule.violations.length === 0) continue;
    lines.push(
      '',
      `${schedule.id}: ${String(schedule.violations.length)} violation(s); reproduce: ${replayCommand(schedule.id)}`,
    );
    for (const violation of schedule.violations.slice(0, 10)) lines.push(`  ${violation}`);
  }
  lines.push('', `${String(result.results.length)} schedules in ${(result.durationMs / 1000).toFixed(0)} s.`);
  return `${lines.join('\n')}\n`;
}
