// Writes journey results back: activities for new `create` actions, then the journey fields on the customer
// root, only where the state's fingerprint changed. Sugar's /bulk is not all-or-nothing: every sub-result counts.
// An activity is created with an id derived from its action key, so a second create of the same action (a
// retry, or another sync writing the same instance at the same time) is refused by Sugar and never duplicates
// it; the look-up by journey_action_key_c before each round finds activities made before ids were derived.
import type { CustomerWrite, WriteSummary } from '../connector/crm-connector.ts';
import { isConnectorError } from '../errors/connector-error.ts';
import type { JourneyState, NextAction } from '../engine/journey-state.ts';
import { journeyStateFingerprint } from '../engine/state-fingerprint.ts';
import type { JourneyDefinition } from '../journey/journey-definition.ts';
import type { SugarBulkRequest, SugarBulkResult, SugarClient } from './sugar-client.ts';
import { sugarActivityId } from './sugar-activity-id.ts';
import { fetchAll } from './sugar-filter-pages.ts';
import { sugarStateText } from './sugar-state-field.ts';

/** How writes are batched and retried. */
export interface SugarWriteContext {
  readonly client: SugarClient;
  readonly maxNum: number;
  /** Rounds of look-up-then-create (and of re-sent updates) before a failure is reported. */
  readonly attempts: number;
}

type Failure = WriteSummary['failures'][number];

interface PendingTask {
  readonly write: CustomerWrite;
  readonly action: NextAction;
  readonly module: string;
}

const priorities: Readonly<Record<NextAction['priority'], string>> = { high: 'High', normal: 'Medium', low: 'Low' };

// A sub-result's body is the CRM's (or a gateway's) text and may quote the request: scrubbed like the client's errors.
function failureOf(
  client: SugarClient,
  customerId: string,
  result: SugarBulkResult | undefined,
  error?: unknown,
): Failure {
  if (error !== undefined) {
    return {
      customerId,
      code: isConnectorError(error) ? error.code : 'CRM_REQUEST_FAILED',
      message: client.scrub(error instanceof Error ? error.message : 'unknown error'),
    };
  }
  const body = (result?.contents ?? {}) as { error?: unknown; error_message?: unknown };
  const said = (value: unknown): string =>
    value === undefined ? '' : typeof value === 'string' ? value : JSON.stringify(value);
  return {
    customerId,
    code: 'CRM_REQUEST_FAILED',
    message: client
      .scrub(`SugarCRM answered ${result?.status ?? 'nothing'} ${said(body.error)}: ${said(body.error_message)}`)
      .trim(),
  };
}

function activityFields(journey: JourneyDefinition, task: PendingTask): Record<string, unknown> {
  const { action, write, module } = task;
  const due = action.dueDate === null ? undefined : `${action.dueDate}T09:00:00+00:00`;
  return {
    id: sugarActivityId(action.key),
    name: action.subject.slice(0, 255),
    ...(action.description === null ? {} : { description: action.description }),
    parent_type: write.customer.type,
    parent_id: write.customer.id,
    ...(action.owner.kind === 'user' && action.owner.id !== null ? { assigned_user_id: action.owner.id } : {}),
    [journey.profile.actionKeyField]: action.key,
    ...(module === 'Tasks'
      ? { priority: priorities[action.priority], ...(due === undefined ? {} : { date_due: due }) }
      : due === undefined
        ? {}
        : { date_start: due }),
  };
}

const isSuccess = (result: SugarBulkResult | undefined): boolean =>
  result !== undefined && result.status >= 200 && result.status < 300;

/** Sugar's answer to a create whose id is taken (ModuleApi::createBean): the action's activity exists. */
const alreadyExists = (result: SugarBulkResult | undefined): boolean => {
  const body = (result?.contents ?? {}) as { error?: unknown; error_message?: unknown };
  return (
    result?.status === 422 &&
    body.error === 'invalid_parameter' &&
    typeof body.error_message === 'string' &&
    body.error_message.startsWith('Record already exists')
  );
};

/** Existing activities by action key, across the activity modules (one /bulk of `$in` filters). */
async function existingKeys(
  context: SugarWriteContext,
  field: string,
  byModule: ReadonlyMap<string, readonly string[]>,
): Promise<Map<string, string>> {
  const queries = [...byModule].flatMap(([module, keys]) => {
    const chunks = [];
    for (let start = 0; start < keys.length; start += context.maxNum) {
      chunks.push({
        module,
        filter: [{ [field]: { $in: keys.slice(start, start + context.maxNum) } }],
        fields: ['id', field],
      });
    }
    return chunks;
  });
  const found = new Map<string, string>();
  for (const rows of await fetchAll(context.client, queries, context.maxNum)) {
    for (const row of rows) {
      const key = row[field];
      if (typeof key === 'string') found.set(key, String(row['id']));
    }
  }
  return found;
}

/** The state as it will read back once its new activities exist: each created action `existing`. */
function withRecords(state: JourneyState, created: ReadonlyMap<string, string>): JourneyState {
  return {
    ...state,
    nextActions: state.nextActions.map((action) => {
      const recordId = created.get(action.key);
      return recordId === undefined || action.status !== 'new' ? action : { ...action, status: 'existing', recordId };
    }),
  };
}

/**
 * The fingerprint without touchpoints on the journey's own activities: an activity this connector created
 * shows up as a touchpoint on the next read, which alone must not rewrite the journey fields.
 */
function comparable(state: JourneyState | null, other: JourneyState | null): string {
  if (state === null) return journeyStateFingerprint(null);
  const own = new Set(
    [...state.nextActions, ...(other?.nextActions ?? [])].flatMap((action) =>
      action.recordId === null ? [] : [action.recordId],
    ),
  );
  return journeyStateFingerprint({
    ...state,
    touchpoints: state.touchpoints.filter((touchpoint) => !own.has(touchpoint.recordId)),
  });
}

/**
 * Creates missing activities and writes changed journey fields. Failures are per customer values: a
 * customer whose activities failed keeps its old journey fields, so the next run tries again.
 */
export async function writeSugar(
  context: SugarWriteContext,
  journey: JourneyDefinition,
  writes: readonly CustomerWrite[],
): Promise<WriteSummary> {
  const { profile } = journey;
  const keyField = profile.actionKeyField;
  const failures = new Map<string, Failure>();
  const tasks: PendingTask[] = writes.flatMap((write) =>
    write.tasks
      .filter((action) => action.mode === 'create' && action.status === 'new')
      .map((action) => ({ write, action, module: profile.activityObjects[action.type] })),
  );
  const records = new Map<string, string>();
  let tasksCreated = 0;
  let tasksExisting = 0;
  let pending = tasks;
  for (let round = 1; pending.length > 0 && round <= context.attempts; round++) {
    const byModule = new Map<string, string[]>();
    for (const task of pending) {
      const list = byModule.get(task.module) ?? [];
      list.push(task.action.key);
      byModule.set(task.module, list);
    }
    let found: Map<string, string>;
    try {
      found = await existingKeys(context, keyField, byModule);
    } catch (error) {
      for (const task of pending)
        failures.set(task.write.customer.id, failureOf(context.client, task.write.customer.id, undefined, error));
      break;
    }
    const missing: PendingTask[] = [];
    for (const task of pending) {
      const id = found.get(task.action.key);
      if (id === undefined) missing.push(task);
      else {
        records.set(task.action.key, id);
        // Found on the first look-up: made by an earlier run. Later: made by this one before a failure.
        if (round === 1) tasksExisting++;
        else tasksCreated++;
      }
    }
    const requests: SugarBulkRequest[] = missing.map((task) => ({
      method: 'POST',
      url: task.module,
      data: activityFields(journey, task),
    }));
    let results: SugarBulkResult[] = [];
    try {
      // Not resent blindly: a lost answer is settled by the next round's look-up (the fixed id keeps even
      // a resend from duplicating, but the look-up tells created from existing).
      results = await context.client.bulk(requests, { idempotent: false });
    } catch (error) {
      for (const task of missing)
        failures.set(task.write.customer.id, failureOf(context.client, task.write.customer.id, undefined, error));
    }
    pending = [];
    missing.forEach((task, index) => {
      const result = results[index];
      const id = (result?.contents as { id?: unknown } | undefined)?.id;
      if (isSuccess(result) && typeof id === 'string') {
        records.set(task.action.key, id);
        tasksCreated++;
        failures.delete(task.write.customer.id);
      } else if (alreadyExists(result)) {
        // Created meanwhile by another writer (or by this run before a lost answer): the same id, one record.
        records.set(task.action.key, sugarActivityId(task.action.key));
        tasksExisting++;
        failures.delete(task.write.customer.id);
      } else {
        if (result !== undefined)
          failures.set(task.write.customer.id, failureOf(context.client, task.write.customer.id, result));
        pending.push(task);
      }
    });
  }
  for (const task of pending)
    failures.set(
      task.write.customer.id,
      failures.get(task.write.customer.id) ?? failureOf(context.client, task.write.customer.id, undefined),
    );
  const blocked = new Set(pending.map((task) => task.write.customer.id));

  let stagesUnchanged = 0;
  let updates: { customerId: string; request: SugarBulkRequest }[] = [];
  for (const write of writes) {
    if (blocked.has(write.customer.id)) continue;
    const state = withRecords(write.state, records);
    if (comparable(state, write.stored) === comparable(write.stored, state)) {
      stagesUnchanged++;
      continue;
    }
    const { journeyFields } = profile;
    updates.push({
      customerId: write.customer.id,
      request: {
        method: 'PUT',
        // Only the id back: the whole record would echo the state JSON just sent.
        url: `${write.customer.type}/${write.customer.id}?fields=id`,
        data: {
          [journeyFields.stage]: state.stage ?? '',
          [journeyFields.enteredAt]: state.stageEnteredAt ?? '',
          [journeyFields.state]: sugarStateText(state, write.sourceFingerprint),
        },
      },
    });
  }
  let stagesWritten = 0;
  for (let round = 1; updates.length > 0 && round <= context.attempts; round++) {
    let results: SugarBulkResult[];
    try {
      results = await context.client.bulk(
        updates.map((update) => update.request),
        { idempotent: true },
      );
    } catch (error) {
      for (const update of updates)
        failures.set(update.customerId, failureOf(context.client, update.customerId, undefined, error));
      break;
    }
    const retry: typeof updates = [];
    updates.forEach((update, index) => {
      if (isSuccess(results[index])) {
        stagesWritten++;
        failures.delete(update.customerId);
      } else {
        failures.set(update.customerId, failureOf(context.client, update.customerId, results[index]));
        retry.push(update);
      }
    });
    updates = retry;
  }
  return { stagesWritten, stagesUnchanged, tasksCreated, tasksExisting, failures: [...failures.values()] };
}
