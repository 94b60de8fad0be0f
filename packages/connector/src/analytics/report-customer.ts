import { parseInstant } from '../records/field-values.ts';
import type { CrmRecord } from '../records/crm-record.ts';
import { isActivityClosed } from '../engine/activities.ts';
import type { CompiledJourney } from '../engine/compile-journey.ts';
import type { CustomerInput } from '../engine/customer-input.ts';
import { activityDueAt } from './activity-due.ts';
import { customerUnmet, type CustomerUnmet } from './unmet-checklist.ts';
import type { JourneyState, StageTransition, Touchpoint } from '../engine/journey-state.ts';

/** A stage change with its time parsed. */
export interface ReportTransition {
  readonly from: string | null;
  readonly to: string;
  /** Epoch ms. */
  readonly at: number;
  readonly direction: StageTransition['direction'];
  readonly move: string | null;
  readonly outcome: NonNullable<StageTransition['outcome']> | null;
}

/** An activity that carries a journey action key. */
export interface ReportActivity {
  readonly action: string;
  readonly stage: string;
  /** Epoch ms the activity was created. */
  readonly createdAt: number;
  readonly closed: boolean;
  /** Epoch ms the activity is due (see `activityDueAt`); absent or null when it has no due date. */
  readonly dueAt?: number | null;
}

/**
 * What the analytics keep of one evaluated customer: a few hundred bytes instead of its records, so a
 * report over 100,000 customers fits in memory.
 */
export interface ReportCustomer {
  readonly id: string;
  readonly type: string;
  readonly name: string | null;
  readonly segment: string | null;
  /** The owner field of the root record (a CRM user id), when there is one. */
  readonly owner: string | null;
  /** Stage changes, oldest first. */
  readonly history: readonly ReportTransition[];
  readonly touchpoints: readonly {
    readonly at: number;
    readonly stage: string | null;
    readonly channel: Touchpoint['channel'];
    readonly emotion: number;
  }[];
  /** Keys of the actions proposed now (current stage), with their action and stage. */
  readonly proposed: readonly { readonly key: string; readonly action: string; readonly stage: string }[];
  /** Activities carrying an action key of this journey, by key. */
  readonly activities: ReadonlyMap<string, ReportActivity>;
  /** What the customer did: its records other than the root, by object and creation time (the map's "doing" lane). */
  readonly records?: readonly CustomerDeed[];
  /** The unmet items of its advance checklist at the evaluation time (null or absent: none known). */
  readonly unmet?: CustomerUnmet | null;
}

/** One record the customer created or had created (an opportunity opened, a case raised, a meeting held). */
export interface CustomerDeed {
  readonly object: string;
  /** Epoch ms the record was created. */
  readonly at: number;
}

const NO_RECORDS: readonly CrmRecord[] = [];

/** Splits `cj:<journey>:<customer>:<stage>:<entry>:<action>` from the end (ids never hold a colon). */
function parseActionKey(key: string): { journey: string; stage: string; action: string } | undefined {
  const parts = key.split(':');
  if (parts.length < 6 || parts[0] !== 'cj') return undefined;
  const action = parts[parts.length - 1];
  const stage = parts[parts.length - 3];
  const journey = parts[1];
  if (!action || !stage || !journey) return undefined;
  return { journey, stage, action };
}

/**
 * Reduces an evaluated customer to what the report needs: its history, touchpoints, owner, segment,
 * proposed actions and the activities that carry this journey's action keys (read from its records).
 *
 * @example
 * const facts = reportCustomer(compiled, input, evaluateCustomer(compiled, input));
 */
export function reportCustomer(journey: CompiledJourney, input: CustomerInput, state: JourneyState): ReportCustomer {
  const { profile, id: journeyId } = journey.definition;
  const activities = new Map<string, ReportActivity>();
  for (const object of new Set(Object.values(profile.activityObjects))) {
    for (const record of input.records[object] ?? NO_RECORDS) {
      const key = record[profile.actionKeyField];
      if (typeof key !== 'string') continue;
      const parsed = parseActionKey(key);
      if (parsed?.journey !== journeyId) continue;
      const createdAt = parseInstant(record[profile.createdField]);
      if (Number.isNaN(createdAt) || createdAt > input.asOf) continue;
      activities.set(key, {
        action: parsed.action,
        stage: parsed.stage,
        createdAt,
        closed: isActivityClosed(profile, object, record, input.asOf),
        dueAt: activityDueAt(profile, object, record),
      });
    }
  }
  const records: CustomerDeed[] = [];
  for (const [object, list] of Object.entries(input.records)) {
    if (object === input.customer.type || profile.objects[object]?.role === 'history') continue;
    for (const record of list ?? NO_RECORDS) {
      const at = parseInstant(record[profile.createdField]);
      if (!Number.isNaN(at) && at <= input.asOf) records.push({ object, at });
    }
  }
  const roots = input.records[input.customer.type] ?? NO_RECORDS;
  const root = roots.find((record) => record[profile.idField] === input.customer.id) ?? roots[0];
  const owner = root?.[profile.ownerField];
  return {
    id: state.customer.id,
    type: state.customer.type,
    name: state.customer.name ?? null,
    segment: state.segment,
    owner: typeof owner === 'string' && owner !== '' ? owner : null,
    history: state.history.map((transition) => ({
      from: transition.from,
      to: transition.to,
      at: parseInstant(transition.at),
      direction: transition.direction,
      move: transition.move ?? null,
      outcome: transition.outcome ?? null,
    })),
    touchpoints: state.touchpoints.map((touchpoint) => ({
      at: parseInstant(touchpoint.at),
      stage: touchpoint.stage,
      channel: touchpoint.channel,
      emotion: touchpoint.emotion,
    })),
    proposed: state.nextActions.map((action) => ({ key: action.key, action: action.action, stage: state.stage ?? '' })),
    activities,
    records,
    unmet: customerUnmet(state),
  };
}
