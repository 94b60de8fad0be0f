// Writes a run's results: tasks upserted on their action key (so a retry never duplicates one), through
// sObject Collections or, from a threshold on, one Bulk API 2.0 ingest job per object; then the journey
// fields of every customer whose state changed, through sObject Collections.
import type { CustomerWrite, WriteSummary } from '../connector/crm-connector.ts';
import type { JourneyState } from '../engine/journey-state.ts';
import { journeyStateFingerprint } from '../engine/state-fingerprint.ts';
import type { JourneyDefinition } from '../journey/journey-definition.ts';
import { fitJourneyState, storedStateText } from './journey-state-field.ts';
import { bulkUpsert, type SaveResult } from './bulk-upsert.ts';
import type { SalesforceClient } from './salesforce-client.ts';
import { activityRecord, ownedByQueue, type ActivityRecord } from './task-records.ts';

/** Records per sObject Collections call (the API's maximum). */
const COLLECTION_SIZE = 200;

/** Options of {@link writeSalesforceCustomers}. */
export interface WriteContext {
  readonly client: SalesforceClient;
  readonly now: () => number;
  /** Rounds of retry for items that failed with UNABLE_TO_LOCK_ROW; default 4. */
  readonly rowLockRounds?: number;
  /** Delay before the first row-lock retry, doubled each round; default 500 ms. */
  readonly rowLockDelayMs?: number;
  /** Activity records of one object in one write from which a Bulk API 2.0 ingest job is used; default 2,000. */
  readonly bulkWriteThreshold?: number;
  /** Delay between ingest job status polls; default 2 s. */
  readonly bulkPollIntervalMs?: number;
  /** Told (once per connector) when actions meant for a queue went to the running user instead. */
  readonly warn?: (warning: { readonly code: string; readonly message: string }) => void;
}

/**
 * Default of {@link WriteContext.bulkWriteThreshold}. An ingest job costs about six calls (create, upload,
 * close, poll, two result files) against one per 200 records in collections, and uses the separate
 * Bulk API allowance; from 2,000 records it saves calls even with a few polls.
 */
const BULK_WRITE_THRESHOLD = 2000;

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

// Sends items in calls of `size` (200 by default); items that hit a row lock are sent again, with
// backoff, a few rounds.
async function sendCollection<T>(
  context: WriteContext,
  items: readonly T[],
  send: (chunk: readonly T[]) => Promise<readonly SaveResult[]>,
  onResult: (item: T, result: SaveResult) => void,
  size = COLLECTION_SIZE,
): Promise<{ item: T; result: SaveResult }[]> {
  const rounds = context.rowLockRounds ?? 4;
  let pending = items;
  let failed: { item: T; result: SaveResult }[] = [];
  for (let round = 0; pending.length > 0; round++) {
    if (round > 0) await sleep((context.rowLockDelayMs ?? 500) * 2 ** (round - 1));
    const locked: T[] = [];
    failed = [];
    for (let i = 0; i < pending.length; i += size) {
      const chunk = pending.slice(i, i + size);
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

// An item's error is the org's (or a gateway's) text and may quote the request: scrubbed like the client's errors.
function failureOf(client: SalesforceClient, customerId: string, result: SaveResult): Failure {
  const first = result.errors[0];
  return {
    customerId,
    code: failureCode(first?.statusCode ?? 'UNKNOWN'),
    message: client.scrub(result.errors.map((error) => `${error.statusCode}: ${error.message}`).join('; ')),
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
  let queued = 0;
  for (const write of writes) {
    for (const action of write.tasks) {
      if (action.mode !== 'create' || action.status !== 'new') continue;
      if (ownedByQueue(action)) queued++;
      const record = activityRecord(journey, write.customer, action, context.now());
      let list = activities.get(record.object);
      if (!list) activities.set(record.object, (list = []));
      list.push(record);
    }
  }
  if (queued > 0) {
    context.warn?.({
      code: 'CJ_QUEUE_OWNER',
      message:
        `${String(queued)} ${queued === 1 ? 'action' : 'actions'} of journey "${journey.id}" are meant for a queue, ` +
        'and Salesforce activities cannot be owned by one: the tasks went to the user crm-journey runs as. Give ' +
        'those actions a user owner (`owner: { user: 005… }`) or route them from the queue with a Flow.',
    });
  }
  const taskIds = new Map<string, string>();
  const threshold = context.bulkWriteThreshold ?? BULK_WRITE_THRESHOLD;
  const poll = context.bulkPollIntervalMs === undefined ? {} : { pollIntervalMs: context.bulkPollIntervalMs };
  for (const [object, records] of activities) {
    const collection = (chunk: readonly ActivityRecord[]): Promise<readonly SaveResult[]> =>
      client.send<SaveResult[]>(
        {
          method: 'PATCH',
          url: `/composite/sobjects/${object}/${profile.actionKeyField}`,
          body: { allOrNone: false, records: chunk.map((r) => ({ attributes: { type: object }, ...r.fields })) },
        },
        `upserting ${object} records on ${profile.actionKeyField}`,
      );
    // Many records: one ingest job; few (a small write, or the row-lock retries of a job): collections.
    const upsert = async (chunk: readonly ActivityRecord[]): Promise<readonly SaveResult[]> => {
      const fields = chunk.map((record) => record.fields);
      if (chunk.length >= threshold) return bulkUpsert(client, object, profile.actionKeyField, fields, poll);
      const results: SaveResult[] = [];
      for (let i = 0; i < chunk.length; i += COLLECTION_SIZE)
        results.push(...(await collection(chunk.slice(i, i + COLLECTION_SIZE))));
      return results;
    };
    const onResult = (record: ActivityRecord, result: SaveResult): void => {
      if (result.created === false) tasksExisting++;
      else tasksCreated++;
      if (result.id !== undefined) taskIds.set(record.key, result.id);
    };
    const failed = await sendCollection(context, records, upsert, onResult, Number.POSITIVE_INFINITY);
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
    const stillFailed =
      again.length === 0 ? [] : await sendCollection(context, again, upsert, onResult, Number.POSITIVE_INFINITY);
    for (const { item, result } of [...failed.filter((entry) => !existing.includes(entry)), ...stillFailed])
      failures.push(failureOf(client, item.customerId, result));
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
        [profile.journeyFields.state]: storedStateText(state, write.sourceFingerprint),
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
  for (const { item, result } of failed) failures.push(failureOf(client, item.id, result));
  return { stagesWritten, stagesUnchanged, tasksCreated, tasksExisting, failures };
}
