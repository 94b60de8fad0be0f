// What each schedule of the fleet campaign does, derived only from its id `fleet:<seed>:<index>`, so one
// schedule replays on its own.
import { seededRandom } from '@crm-journey/sandbox';

/** The faults a fleet schedule can hold; every one is forced in one of any four consecutive schedules. */
export const FLEET_FAULTS = ['kill', 'postgres-restart', 'together', 'skewed-node'] as const;

/** One of {@link FLEET_FAULTS}. */
export type FleetFault = (typeof FLEET_FAULTS)[number];

/** Everything one fleet schedule needs. */
export interface FleetPlan {
  readonly id: string;
  /** Customers of the sandbox org (one of a few sizes, so the one-process reference is computed once per size). */
  readonly customers: number;
  /** `serve --store postgres://…` nodes running at once. */
  readonly nodes: number;
  /** SIGKILL one node (and start a replacement) once the org has taken this many writes. */
  readonly killAfterWrites?: number;
  /** Stop PostgreSQL (immediate mode, as a crash) once the org has taken this many writes, for this long. */
  readonly outage?: { readonly afterWrites: number; readonly ms: number };
  /** Start every node at the same moment on the empty database (otherwise 0.5-2 s apart). */
  readonly together: boolean;
  /** The wall clock of the second node, off by this much (±5 minutes). */
  readonly skewMs?: number;
}

const SIZES = [100, 150, 200];

/**
 * The plan of one fleet schedule.
 *
 * @example
 * planFleetSchedule('fleet:1:0');
 */
export function planFleetSchedule(id: string): FleetPlan {
  const match = /^fleet:([^:]+):(\d+)$/.exec(id);
  if (!match) throw new Error(`Bad fleet schedule id "${id}": write fleet:<seed>:<index>.`);
  const forced = FLEET_FAULTS[Number(match[2]) % FLEET_FAULTS.length];
  const random = seededRandom(id);
  const has = (fault: FleetFault): boolean => fault === forced || random() < 0.35;
  const customers = SIZES[Math.floor(random() * SIZES.length)] ?? 100;
  const nodes = 2 + Math.floor(random() * 2);
  const writes = (): number => 3 + Math.floor(random() * (customers / 2));
  const kill = has('kill') ? writes() : undefined;
  const outage = has('postgres-restart')
    ? { afterWrites: writes(), ms: 1000 + Math.floor(random() * 4000) }
    : undefined;
  const together = has('together');
  const skewMs = has('skewed-node') ? (random() < 0.5 ? -1 : 1) * 5 * 60_000 : undefined;
  return {
    id,
    customers,
    nodes,
    together,
    ...(kill === undefined ? {} : { killAfterWrites: kill }),
    ...(outage === undefined ? {} : { outage }),
    ...(skewMs === undefined ? {} : { skewMs }),
  };
}

/** `count` fleet schedules of campaign `seed`, in order. */
export function planFleetCampaign(count: number, seed: string): FleetPlan[] {
  return Array.from({ length: count }, (_, index) => planFleetSchedule(`fleet:${seed}:${String(index)}`));
}
