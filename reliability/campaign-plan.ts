// What each schedule of the fault campaign does, derived only from (CRM, kind, campaign seed, index),
// so one schedule replays on its own from its id.
import type { Crm } from '@crm-journey/connector';
import { FAULT_KINDS, seededRandom, type FaultKind, type FaultRule } from '@crm-journey/sandbox';

/**
 * What a schedule does besides injecting faults (scenarios/index.ts says how): run under faults, SIGKILL a
 * sync mid-run, skew the host clock against the CRM's, jump the clock by months, two writers with two state
 * files, a second process on one state file, a refreshed org behind the same URL, a broken state file.
 */
export const SCHEDULE_KINDS = [
  'faults',
  'kill',
  'clock-skew',
  'time-jump',
  'two-writers',
  'shared-state',
  'org-refresh',
  'broken-state',
] as const;

/** One of {@link SCHEDULE_KINDS}. */
export type ScheduleKind = (typeof SCHEDULE_KINDS)[number];

/** The kinds besides `faults` and `kill`, which `--scenarios N` runs N of each. */
export const SCENARIO_KINDS: readonly ScheduleKind[] = SCHEDULE_KINDS.filter(
  (kind) => kind !== 'faults' && kind !== 'kill',
);

/** Where a kill schedule stops the child: after this many requests, or this many writes, of its run. */
export interface KillPoint {
  readonly after: 'requests' | 'writes';
  readonly count: number;
}

/** Everything one schedule needs; `id` is what `--replay` takes. */
export interface SchedulePlan {
  readonly id: string;
  readonly crm: Crm;
  readonly kind: ScheduleKind;
  /** Seed of the generated population and of the sandbox's fault schedule. */
  readonly seed: string;
  readonly customers: number;
  readonly batchSize: number;
  readonly rules: readonly FaultRule[];
  readonly kill?: KillPoint;
}

/** Highest per-request rate drawn for each kind: enough to hit every run, low enough to finish in seconds. */
const MAX_RATE: Readonly<Record<FaultKind, number>> = {
  'server-error': 0.08,
  'rate-limited': 0.06,
  'limit-exceeded': 0.02,
  'session-expired': 0.03,
  'row-lock': 0.1,
  // A slow response costs 1.5 s, a reset at least one retry: keep them rarer.
  slow: 0.02,
  reset: 0.04,
};

/** Sugar has no daily request limit, so its sandbox never injects `limit-exceeded`. */
function kindsFor(crm: Crm): readonly FaultKind[] {
  return crm === 'sugarcrm' ? FAULT_KINDS.filter((kind) => kind !== 'limit-exceeded') : FAULT_KINDS;
}

/** The id of a schedule: `<crm>:<kind>:<campaign seed>:<index>`. */
function scheduleId(crm: Crm, kind: ScheduleKind, campaignSeed: string, index: number): string {
  return `${crm}:${kind}:${campaignSeed}:${String(index)}`;
}

/**
 * The plan of one schedule. Every kind of fault is present in at least one of any seven consecutive
 * schedules (one kind is forced per index, the others are drawn), so a campaign covers them all.
 *
 * @example
 * planSchedule('salesforce:faults:1:0');
 */
export function planSchedule(id: string): SchedulePlan {
  const match = /^(salesforce|sugarcrm):([a-z-]+):([^:]+):(\d+)$/.exec(id);
  if (!match || !(SCHEDULE_KINDS as readonly string[]).includes(match[2] ?? ''))
    throw new Error(
      `Bad schedule id "${id}": write <salesforce|sugarcrm>:<${SCHEDULE_KINDS.join('|')}>:<seed>:<index>.`,
    );
  const crm = match[1] as Crm;
  const kind = match[2] as ScheduleKind;
  const index = Number(match[4]);
  const random = seededRandom(id);
  const kinds = kindsFor(crm);
  const forced = kinds[index % kinds.length];
  const rules: FaultRule[] = [];
  for (const fault of kinds) {
    if (fault !== forced && random() < 0.4) continue;
    // The other kinds keep the faults light: the kill, the clock or the second writer is the point.
    const scale = kind === 'faults' ? 1 : 0.5;
    const rate = Math.round(MAX_RATE[fault] * scale * (0.3 + 0.7 * random()) * 1000) / 1000;
    rules.push({ kind: fault, rate });
  }
  const customers = 60 + Math.floor(random() * 61);
  const batchSize = [5, 10, 25][Math.floor(random() * 3)] ?? 10;
  const plan = { id, crm, kind, seed: id, customers, batchSize, rules };
  if (kind !== 'kill') return plan;
  const after = random() < 0.5 ? 'requests' : 'writes';
  const count = after === 'requests' ? 2 + Math.floor(random() * 30) : 1 + Math.floor(random() * 60);
  return { ...plan, kill: { after, count } };
}

/** Fault schedules, kill schedules and `scenarios` of every other kind, spread over the CRMs, in a stable order. */
export function planCampaign(options: {
  readonly schedules: number;
  readonly kills: number;
  readonly scenarios?: number;
  /** Only these of the other kinds (default all). */
  readonly kinds?: readonly ScheduleKind[];
  readonly crms: readonly Crm[];
  readonly seed: string;
}): SchedulePlan[] {
  const plans: SchedulePlan[] = [];
  const spread = (kind: ScheduleKind, total: number): void => {
    for (let n = 0; n < total; n++) {
      const crm = options.crms[n % options.crms.length] ?? 'salesforce';
      plans.push(planSchedule(scheduleId(crm, kind, options.seed, Math.floor(n / options.crms.length))));
    }
  };
  spread('faults', options.schedules);
  spread('kill', options.kills);
  for (const kind of options.kinds ?? SCENARIO_KINDS) spread(kind, options.scenarios ?? 0);
  return plans;
}
