// Reads whole customers: every needed object streamed in customer order and merged, or, with a
// watermark, only the customers that have a record changed since (deletions included, via queryAll).
import type {
  CustomerIdRange,
  CustomerList,
  ReadCustomer,
  ReadCustomersOptions,
  ReadSummary,
} from '../connector/crm-connector.ts';
import { ConnectorError } from '../errors/connector-error.ts';
import type { JourneyDefinition } from '../journey/journey-definition.ts';
import { assembleCustomers } from './assemble-customer.ts';
import { createCursorBudget, READ_CURSOR_BUDGET, type CursorBudget } from './cursor-budget.ts';
import { mergeStreams, readPath } from './merge-streams.ts';
import { queryPages } from './query-pages.ts';
import { parseStoredStateField } from '../connector/stored-state-field.ts';
import {
  planIdBatches,
  planRead,
  streamSoql,
  type DescribedObject,
  type ReadPlan,
  type ReadStream,
} from './read-plan.ts';
import { ID_BATCH, idsIn, quoteId as quote } from './query-budget.ts';
import { rootFingerprint } from './root-fingerprint.ts';
import { streamPages, type StreamContext } from './stream-pages.ts';
import type { SalesforceClient } from './salesforce-client.ts';

/** What a read needs from the connector. */
export interface ReadContext {
  readonly client: SalesforceClient;
  /** Describe results of the objects the journey needs (that the org has). */
  describe(journey: JourneyDefinition): Promise<ReadonlyMap<string, DescribedObject>>;
  readonly now: () => number;
  /** Subtracted from the read's start to make the next watermark (commits that land late). */
  readonly watermarkMarginMs: number;
  readonly batchSize?: number;
  /** Objects with more rows than this are read through a Bulk API 2.0 query job; default 50,000. */
  readonly bulkQueryThreshold?: number;
  /** Delay between Bulk API job status polls; default 2 s. */
  readonly bulkPollIntervalMs?: number;
  /** Told when rows were read that name no customer (once per connector and code). */
  readonly warn?: (warning: { readonly code: string; readonly message: string }) => void;
}

/** Default of {@link ReadContext.bulkQueryThreshold}: from here a query job costs fewer calls than REST pages. */
const BULK_QUERY_THRESHOLD = 50_000;

const soqlDateTime = (ms: number): string => new Date(ms).toISOString().replace(/\.\d{3}Z$/, 'Z');

// The read's settings as the streams take them.
const streamContext = (context: ReadContext): StreamContext => ({
  ...context,
  bulkQueryThreshold: context.bulkQueryThreshold ?? BULK_QUERY_THRESHOLD,
});

async function* readPlan(
  context: ReadContext,
  budget: CursorBudget,
  journey: JourneyDefinition,
  plan: ReadPlan,
  described: ReadonlyMap<string, DescribedObject>,
  ids: readonly string[] | undefined,
  unattached: Map<string, number>,
  range: CustomerIdRange = {},
): AsyncGenerator<ReadCustomer> {
  const sources = plan.streams.map((stream) => {
    const extra = ids === undefined ? rangeWhere(stream.keyField, range) : [idsIn(stream.keyField, ids)];
    const types = new Map(described.get(stream.object)?.fields.map((field) => [field.name, field.type]));
    const query = {
      soql: (more: readonly string[]) => streamSoql(stream, [...extra, ...more]),
      keyField: stream.keyField,
      types,
    };
    return { stream, pages: streamPages(streamContext(context), query, budget) };
  });
  for await (const group of mergeStreams(sources)) {
    const customers = assembleCustomers(journey, group);
    // Only activities on a converted lead (Salesforce moves them on conversion; a data load may not).
    if (customers.length === 0)
      for (const { stream } of group.rows) unattached.set(stream.object, (unattached.get(stream.object) ?? 0) + 1);
    yield* customers;
  }
}

// Every stream is keyed by the customer's id, so the same bounds on each cut out whole customers.
const rangeWhere = (keyField: string, range: CustomerIdRange): string[] => [
  ...(range.from === undefined ? [] : [`${keyField} >= ${quote(range.from)}`]),
  ...(range.to === undefined ? [] : [`${keyField} < ${quote(range.to)}`]),
];

// A stream whose rows are customers (accounts or contacts, unconverted leads), not their records.
const isCustomerStream = (stream: ReadStream): boolean =>
  stream.role === 'root' || (stream.role === 'lead' && stream.keyField === 'Id');

/**
 * Every customer with a record changed (or deleted) since the watermark, one query per stream, except
 * the echo of our own writes. Our journey-field writes move the root's SystemModstamp, and the tasks we
 * create are new rows; re-reading those customers would cost a full read after every run. So:
 * - a root row is our echo when its fingerprint (every field but the journey and audit fields) equals
 *   the `source` we stored with the state: any other edit, by anyone, between our read and our write
 *   or after it, changes the fingerprint. (Filtering on `LastModifiedById != <integration user>` would
 *   miss edits made between our read and our write, and every edit by other integrations sharing the
 *   user.) The cost: the changed roots are read with all their fields, one page per 2,000 rows.
 * - an activity row is our echo when its id is in the stored state of an echo root (so the state that
 *   created it was written) and it was not modified after it was created (CreatedDate equals
 *   LastModifiedDate, to the second: an edit within the second of our create would pass for ours).
 * When the state write failed, the root is not an echo and the customer is read again. Memory holds the
 * changed ids and our echo tasks' ids: it grows with the changes since the watermark, not the org.
 */
async function changedCustomers(
  context: ReadContext,
  journey: JourneyDefinition,
  plan: ReadPlan,
  since: number,
): Promise<{ changed: Set<string>; deleted: Set<string> }> {
  const changed = new Set<string>();
  const deleted = new Set<string>();
  const ourTasks = new Set<string>();
  const stamp = `SystemModstamp > ${soqlDateTime(since)}`;
  const batch = context.batchSize === undefined ? {} : { batchSize: context.batchSize };
  const stateField = journey.profile.journeyFields.state;
  for (const stream of plan.streams.filter(isCustomerStream)) {
    const fields = new Set(['Id', 'IsDeleted', ...stream.fields]);
    const soql = `SELECT ${[...fields].join(', ')} FROM ${stream.object} WHERE ${[...stream.where, stamp].join(' AND ')}`;
    for await (const page of queryPages(context.client, soql, { scanAll: true, ...batch })) {
      for (const row of page) {
        const id = String(row['Id']);
        if (row['IsDeleted'] === true) deleted.add(id);
        else {
          const { state, source } = parseStoredStateField(row[stateField], journey);
          if (source === undefined || source !== rootFingerprint(journey, row)) changed.add(id);
          else for (const action of state?.nextActions ?? []) if (action.recordId) ourTasks.add(action.recordId);
        }
      }
    }
  }
  for (const stream of plan.streams.filter((item) => !isCustomerStream(item))) {
    const activity = journey.profile.objects[stream.object]?.role === 'activity';
    const fields = new Set([
      'Id',
      'IsDeleted',
      stream.keyField,
      ...(activity ? ['CreatedDate', 'LastModifiedDate'] : []),
    ]);
    const soql = `SELECT ${[...fields].join(', ')} FROM ${stream.object} WHERE ${[...stream.where, stamp].join(' AND ')}`;
    for await (const page of queryPages(context.client, soql, { scanAll: true, ...batch })) {
      for (const row of page) {
        const key = readPath(row, stream.keyField);
        if (typeof key !== 'string' || key === '') continue;
        const untouched = row['IsDeleted'] !== true && row['CreatedDate'] === row['LastModifiedDate'];
        if (!(activity && untouched && ourTasks.has(String(row['Id'])))) changed.add(key);
      }
    }
  }
  for (const id of deleted) changed.delete(id);
  return { changed, deleted };
}

/**
 * Streams customers for {@link CrmConnector.readCustomers}. The watermark returned is the read's start
 * on the org's clock (the `Date` header of a call made first; ours only if the org sends none) minus a
 * safety margin, not the newest SystemModstamp seen: a record committed during the read, or with a
 * modstamp slightly in the past, is then picked up by the next incremental read, however far our clock is off.
 */
export async function* readSalesforceCustomers(
  context: ReadContext,
  journey: JourneyDefinition,
  options: ReadCustomersOptions = {},
): AsyncGenerator<ReadCustomer, ReadSummary> {
  const started = context.now();
  const orgStarted = (await context.client.serverTime("reading the org's clock")) ?? started;
  const described = await context.describe(journey);
  const plan = planRead(journey, described, { asOf: started, history: true });
  let customers = 0;
  const progress = (): void => options.onProgress?.({ customers, total: undefined, apiCalls: context.client.calls() });
  context.client.progress = () => `read ${customers} customers`;
  let deleted: string[] = [];
  let ids: string[] | undefined = options.customerIds === undefined ? undefined : [...options.customerIds];
  if (options.range !== undefined && (options.since !== undefined || ids !== undefined)) {
    throw new ConnectorError('INTERNAL', 'A read takes an id range, or a watermark and customer ids, not both.', {
      actions: ['Plan the partitions with listCustomers: ranges for a full read, ids for a changed set.'],
    });
  }
  if (options.since !== undefined) {
    const since = Date.parse(options.since);
    if (Number.isNaN(since)) {
      throw new ConnectorError('INPUT_UNREADABLE', `The watermark "${options.since}" is not a date-time.`, {
        actions: ['Pass the watermark a previous read returned, or no watermark for a full read.'],
      });
    }
    const found = await changedCustomers(context, journey, { ...plan, streams: plan.streams.filter(isLive) }, since);
    deleted = [...found.deleted];
    ids = [...new Set([...(ids ?? []), ...found.changed])];
  }
  // Up to 200 ids a batch, fewer when the longest stream's query would pass the length budget.
  const batches = ids === undefined ? [undefined] : planIdBatches(plan, ids.sort());
  const unattached = new Map<string, number>();
  // The streams are merged, so all of them are open at once: a REST result longer than a page holds a
  // query cursor, and a user has 10 (see cursor-budget.ts). Partitions of one org read at once on several
  // nodes as one user, so a partition holds none: every stream longer than a page goes through a query job.
  const budget = createCursorBudget(options.range === undefined ? READ_CURSOR_BUDGET : 0);
  for (const batch of batches) {
    for await (const customer of readPlan(
      context,
      budget,
      journey,
      plan,
      described,
      batch,
      unattached,
      options.range,
    )) {
      if (options.signal?.aborted === true) return summary(orgStarted, context, deleted);
      customers++;
      yield customer;
      if (customers % 500 === 0) progress();
    }
  }
  progress();
  if (unattached.size > 0) context.warn?.(unattachedWarning(unattached));
  return summary(orgStarted, context, deleted);
}

/**
 * Lists the customers a read would hand out, ids only, for {@link CrmConnector.listCustomers}: with a
 * watermark the changed set (as an incremental read finds it), else the ids of every customer stream
 * (roots and unconverted leads): one call per 2,000 rows, or a query job above the bulk threshold.
 */
export async function listSalesforceCustomers(
  context: ReadContext,
  journey: JourneyDefinition,
  options: { readonly since?: string } = {},
): Promise<CustomerList> {
  const started = context.now();
  const orgStarted = (await context.client.serverTime("reading the org's clock")) ?? started;
  const described = await context.describe(journey);
  const plan = planRead(journey, described, { asOf: started, history: true });
  const live = { ...plan, streams: plan.streams.filter(isLive) };
  if (options.since !== undefined) {
    const since = Date.parse(options.since);
    if (Number.isNaN(since)) {
      throw new ConnectorError('INPUT_UNREADABLE', `The watermark "${options.since}" is not a date-time.`, {
        actions: ['Pass the watermark a previous read returned, or no watermark for a full read.'],
      });
    }
    const found = await changedCustomers(context, journey, live, since);
    const customerIds = [...found.changed].sort();
    return { ...summary(orgStarted, context, [...found.deleted]), customerIds, idBatch: ID_BATCH };
  }
  const ids: string[] = [];
  for (const stream of plan.streams.filter(isCustomerStream)) {
    const where = stream.where.length === 0 ? '' : ` WHERE ${stream.where.join(' AND ')}`;
    const soql = `SELECT Id FROM ${stream.object}${where}`;
    // A query job above the bulk threshold: a few calls for the ids of a large org, not one per 2,000.
    const query = { soql: () => soql, keyField: 'Id', types: new Map([['Id', 'id']]) };
    // One stream at a time: it always has a cursor, so it is never continued by key.
    for await (const page of streamPages(streamContext(context), query, createCursorBudget(1)))
      for (const row of page) ids.push(String(row['Id']));
  }
  // As the streams are merged: Salesforce orders (and compares) ids case-insensitively.
  const lower = new Map(ids.map((id) => [id, id.toLowerCase()]));
  const order = (a: string, b: string): number => ((lower.get(a) ?? a) < (lower.get(b) ?? b) ? -1 : 1);
  return { ...summary(orgStarted, context, []), customerIds: ids.sort(order), idBatch: ID_BATCH };
}

// Rows whose customer was not read are left out of every customer: say how many, and why.
function unattachedWarning(counts: ReadonlyMap<string, number>): { code: string; message: string } {
  const list = [...counts].map(([object, count]) => `${object} ${String(count)}`).join(', ');
  return {
    code: 'CJ_ROWS_UNATTACHED',
    message:
      `Rows naming no customer that was read were left out (${list}): activities logged on a converted lead ` +
      '(Salesforce moves them to the contact and account on conversion; a data load may not), or history of a ' +
      'lead whose account is gone. Point them at the account or contact (AccountId / WhatId / WhoId) to count them.',
  };
}

// History rows change only with their parent, whose SystemModstamp moves too.
function isLive(stream: { readonly object: string }): boolean {
  return !stream.object.endsWith('History');
}

function summary(started: number, context: ReadContext, deleted: readonly string[]): ReadSummary {
  return { watermark: new Date(started - context.watermarkMarginMs).toISOString(), deletedCustomerIds: deleted };
}
