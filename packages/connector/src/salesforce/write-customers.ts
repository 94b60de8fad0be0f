// Writes a run's results: tasks upserted on their action key (so a retry never duplicates one), then
// the journey fields of every customer whose state changed, both through sObject Collections.
import type { CustomerWrite, WriteSummary } from '../crm/crm-connector.ts';
import type { JourneyState } from '../engine/journey-state.ts';
import { journeyStateFingerprint } from '../engine/state-fingerprint.ts';
import type { JourneyDefinition } from '../journey/journey-definition.ts';
import { fitJourneyState } from './journey-state-field.ts';
import type { SalesforceClient } from './salesforce-client.ts';
import { activityRecord, type ActivityRecord } from './task-records.ts';

/** Records per sObject Collections call (the API's maximum). */
export const COLLECTION_SIZE = 200;

/** Options of {@link writeSalesforceCustomers}. */
export interface WriteContext {
  readonly client: SalesforceClient;
  readonly now: () => number;
  /** Rounds of retry for items that failed with UNABLE_TO_LOCK_ROW; default 4. */
  readonly rowLockRounds?: number;
  /** Delay before the first row-lock retry, doubled each round; default 500 ms. */
  readonly rowLockDelayMs?: number;
}

interface SaveResult {
  readonly id?: string;
  readonly success: boolean;
  readonly created?: boolean;
  readonly errors: readonly { readonly statusCode: string; readonly message: string }[];
}

type Failure = WriteSummary['failures'][number];

const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

/** The connector's code for an item-level Salesforce error. */
function failureCode(statusCode: string): string {
  if (statusCode === 'UNABLE_TO_LOCK_ROW') return 'CRM_ROW_LOCK';
  if (statusCode === 'FIELD_CUSTOM_VALIDATION_EXCEPTION') return 'CRM_VALIDATION';
  if (/INVALID_FIELD_FOR_INSERT_UPDATE|FIELD_INTEGRITY|INSUFFICIENT_ACCESS/.test(statusCode))
    return 'CRM_FIELD_SECURITY';
  return statusCode;
}

/** Fields Salesforce accepts on create only; an upsert that updates must leave them out. */
const CREATE_ONLY_FIELDS: Readonly<Record<string, readonly string[]>> = {
  Task: ['TaskSubtype'],
  Event: ['EventSubtype'],
};

// Sends items in calls of 200; items that hit a row lock are sent again, with backoff, a few rounds.
async function sendCollection<T>(
  context: WriteContext,
  items: readonly T[],
  send: (chunk: readonly T[]) => Promise<readonly SaveResult[]>,
  onResult: (item: T, result: SaveResult) => void,
): Promise<{ item: T; result: SaveResult }[]> {
  const rounds = context.rowLockRounds ?? 4;
  let pending = items;
  let failed: { item: T; result: SaveResult }[] = [];
  for (let round = 0; pending.length > 0; round++) {
    if (round > 0) await sleep((context.rowLockDelayMs ?? 500) * 2 ** (round - 1));
    const locked: T[] = [];
    failed = [];
    for (let i = 0; i < pending.length; i += COLLECTION_SIZE) {
      const chunk = pending.slice(i, i + COLLECTION_SIZE);
      const results = await send(chunk);
      chunk.forEach((item, index) => {
        const result = results[index] ?? { success: false, errors: [{ statusCode: 'NO_RESULT', message: '' }] };
        if (result.success) onResult(item, result);
        else if (round < rounds && result.errors.some((e) => e.statusCode === 'UNABLE_TO_LOCK_ROW')) locked.push(item);
        else failed.push({ item, result });
      });
    }
    pending = locked;
  }
  return failed;
}

function failureOf(customerId: string, result: SaveResult): Failure {
  const first = result.errors[0];
  return {
    customerId,
    code: failureCode(first?.statusCode ?? 'UNKNOWN'),
    message: result.errors.map((error) => `${error.statusCode}: ${error.message}`).join('; '),
  };
}

/** The state as the next read will see it once its new tasks exist: open, with their record ids. */
function withCreatedTasks(state: JourneyState, ids: ReadonlyMap<string, string>): JourneyState {
  if (!state.nextActions.some((action) => ids.has(action.key))) return state;
  return {
    ...state,
    nextActions: state.nextActions.map((action) => {
      const id = ids.get(action.key);
      return id === undefined ? action : { ...action, status: 'existing', blockedBy: [], recordId: id };
    }),
  };
}

/** Implements {@link CrmConnector.write} for Salesforce. */
export async function writeSalesforceCustomers(
  context: WriteContext,
  journey: JourneyDefinition,
  writes: readonly CustomerWrite[],
): Promise<WriteSummary> {
  const { client } = context;
  const { profile } = journey;
  const failures: Failure[] = [];
  let tasksCreated = 0;
  let tasksExisting = 0;
  let stagesWritten = 0;
  let stagesUnchanged = 0;
  client.progress = () =>
    `${tasksCreated} tasks created, ${tasksExisting} already there, ${stagesWritten} stages written`;

  const activities = new Map<string, ActivityRecord[]>();
  for (const write of writes) {
    for (const action of write.tasks) {
      if (action.mode !== 'create' || action.status !== 'new') continue;
      const record = activityRecord(journey, write.customer, action, context.now());
      let list = activities.get(record.object);
      if (!list) activities.set(record.object, (list = []));
      list.push(record);
    }
  }
  const taskIds = new Map<string, string>();
  for (const [object, records] of activities) {
    const upsert = (chunk: readonly ActivityRecord[]): Promise<readonly SaveResult[]> =>
      client.send<SaveResult[]>(
        {
          method: 'PATCH',
          url: `/composite/sobjects/${object}/${profile.actionKeyField}`,
          body: { allOrNone: false, records: chunk.map((r) => ({ attributes: { type: object }, ...r.fields })) },
        },
        `upserting ${object} records on ${profile.actionKeyField}`,
      );
    const onResult = (record: ActivityRecord, result: SaveResult): void => {
      if (result.created === false) tasksExisting++;
      else tasksCreated++;
      if (result.id !== undefined) taskIds.set(record.key, result.id);
    };
    const failed = await sendCollection(context, records, upsert, onResult);
    // An upsert that finds the key updates the record, and TaskSubtype / EventSubtype can only be set
    // on create: such an item (a batch re-sent after a crash) already exists, so send it without them.
    const createOnly = CREATE_ONLY_FIELDS[object] ?? [];
    const existing = failed.filter(({ result }) =>
      result.errors.some((error) => error.statusCode === 'INVALID_FIELD_FOR_INSERT_UPDATE'),
    );
    const again = existing.map(({ item }) => ({
      ...item,
      fields: Object.fromEntries(Object.entries(item.fields).filter(([field]) => !createOnly.includes(field))),
    }));
    const stillFailed = again.length === 0 ? [] : await sendCollection(context, again, upsert, onResult);
    for (const { item, result } of [...failed.filter((entry) => !existing.includes(entry)), ...stillFailed])
      failures.push(failureOf(item.customerId, result));
  }

  const updates: { type: string; id: string; fields: Record<string, unknown> }[] = [];
  for (const write of writes) {
    const state = fitJourneyState(withCreatedTasks(write.state, taskIds));
    if (journeyStateFingerprint(state) === journeyStateFingerprint(write.stored)) {
      stagesUnchanged++;
      continue;
    }
    updates.push({
      type: write.customer.type,
      id: write.customer.id,
      fields: {
        [profile.journeyFields.stage]: state.stage,
        [profile.journeyFields.enteredAt]: state.stageEnteredAt,
        [profile.journeyFields.state]: JSON.stringify(state),
      },
    });
  }
  // Contiguous runs of one type: a collection call takes at most 10 type chunks.
  updates.sort((a, b) => (a.type < b.type ? -1 : a.type > b.type ? 1 : 0));
  const failed = await sendCollection(
    context,
    updates,
    (chunk) =>
      client.send<SaveResult[]>(
        {
          method: 'PATCH',
          url: '/composite/sobjects',
          body: {
            allOrNone: false,
            records: chunk.map((u) => ({ attributes: { type: u.type }, Id: u.id, ...u.fields })),
          },
        },
        'writing journey fields',
      ),
    () => stagesWritten++,
  );
  for (const { item, result } of failed) failures.push(failureOf(item.id, result));
  return { stagesWritten, stagesUnchanged, tasksCreated, tasksExisting, failures };
}
