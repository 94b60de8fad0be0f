// What each schedule of the fault campaign does, derived only from (CRM, kind, campaign seed, index),
// so one schedule replays on its own from its id.
import type { Crm } from '@crm-journey/connector';
import { FAULT_KINDS, seededRandom, type FaultKind, type FaultRule } from '@crm-journey/sandbox';

/** A schedule either runs the sync under faults, or also SIGKILLs a real sync process mid-run. */
export type ScheduleKind = 'faults' | 'kill';

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
  const match = /^(salesforce|sugarcrm):(faults|kill):([^:]+):(\d+)$/.exec(id);
  if (!match) throw new Error(`Bad schedule id "${id}": write <salesforce|sugarcrm>:<faults|kill>:<seed>:<index>.`);
  const crm = match[1] as Crm;
  const kind = match[2] as ScheduleKind;
  const index = Number(match[4]);
  const random = seededRandom(id);
  const kinds = kindsFor(crm);
  const forced = kinds[index % kinds.length];
  const rules: FaultRule[] = [];
  for (const fault of kinds) {
    if (fault !== forced && random() < 0.4) continue;
    // Kill schedules keep the faults light: the kill is the point.
    const scale = kind === 'kill' ? 0.5 : 1;
    const rate = Math.round(MAX_RATE[fault] * scale * (0.3 + 0.7 * random()) * 1000) / 1000;
    rules.push({ kind: fault, rate });
  }
  const customers = 60 + Math.floor(random() * 61);
  const batchSize = [5, 10, 25][Math.floor(random() * 3)] ?? 10;
  const plan = { id, crm, kind, seed: id, customers, batchSize, rules };
  if (kind === 'faults') return plan;
  const after = random() < 0.5 ? 'requests' : 'writes';
  const count = after === 'requests' ? 2 + Math.floor(random() * 30) : 1 + Math.floor(random() * 60);
  return { ...plan, kill: { after, count } };
}

/** Fault schedules and kill schedules spread over the CRMs, in a stable order. */
export function planCampaign(options: {
  readonly schedules: number;
  readonly kills: number;
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
  return plans;
}
