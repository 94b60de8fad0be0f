// Reads whole customers: every needed object streamed in customer order and merged, or, with a
// watermark, only the customers that have a record changed since (deletions included, via queryAll).
import type { ReadCustomer, ReadCustomersOptions, ReadSummary } from '../crm/crm-connector.ts';
import { ConnectorError } from '../errors/connector-error.ts';
import type { JourneyDefinition } from '../journey/journey-definition.ts';
import { assembleCustomers } from './assemble-customer.ts';
import { mergeStreams, readPath } from './merge-streams.ts';
import { bulkQueryPages } from './bulk-query-pages.ts';
import type { CrmRecord } from '../conditions/field-values.ts';
import { queryPages } from './query-pages.ts';
import { planRead, streamSoql, type DescribedObject, type ReadPlan } from './read-plan.ts';
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
}

/** Default of {@link ReadContext.bulkQueryThreshold}: from here a query job costs fewer calls than REST pages. */
export const BULK_QUERY_THRESHOLD = 50_000;

/** Ids per `IN (...)` batch: keeps each SOQL well under the URL and query length limits. */
export const ID_BATCH = 200;

const soqlDateTime = (ms: number): string => new Date(ms).toISOString().replace(/\.\d{3}Z$/, 'Z');
const quote = (id: string): string => `'${id.replace(/[\\']/g, '\\$&')}'`;

// REST pages, unless the first page says the object is above the bulk threshold: then the rest comes
// from a query job (the first page is the only call spent to decide; no COUNT() on the default path).
async function* streamPages(
  context: ReadContext,
  soql: string,
  types: ReadonlyMap<string, string>,
): AsyncGenerator<CrmRecord[]> {
  const stopAbove = context.bulkQueryThreshold ?? BULK_QUERY_THRESHOLD;
  const options = context.batchSize === undefined ? { stopAbove } : { stopAbove, batchSize: context.batchSize };
  const pages = queryPages(context.client, soql, options);
  for (let next = await pages.next(); ; next = await pages.next()) {
    if (next.done !== true) yield next.value;
    else if (next.value === undefined) return;
    else {
      const poll = context.bulkPollIntervalMs;
      yield* bulkQueryPages(context.client, soql, poll === undefined ? { types } : { types, pollIntervalMs: poll });
      return;
    }
  }
}

async function* readPlan(
  context: ReadContext,
  journey: JourneyDefinition,
  plan: ReadPlan,
  described: ReadonlyMap<string, DescribedObject>,
  ids?: readonly string[],
): AsyncGenerator<ReadCustomer> {
  const sources = plan.streams.map((stream) => {
    const extra = ids === undefined ? [] : [`${stream.keyField} IN (${ids.map(quote).join(', ')})`];
    const types = new Map(described.get(stream.object)?.fields.map((field) => [field.name, field.type]));
    return { stream, pages: streamPages(context, streamSoql(stream, extra), types) };
  });
  for await (const group of mergeStreams(sources)) yield* assembleCustomers(journey, group);
}

// Every customer with a record changed (or deleted) since the watermark: ids only, one query per stream.
async function changedCustomers(
  context: ReadContext,
  plan: ReadPlan,
  since: number,
): Promise<{ changed: Set<string>; deleted: Set<string> }> {
  const changed = new Set<string>();
  const deleted = new Set<string>();
  for (const stream of plan.streams) {
    const fields = new Set(['Id', 'IsDeleted', stream.keyField]);
    const where = [...stream.where, `SystemModstamp > ${soqlDateTime(since)}`].join(' AND ');
    const soql = `SELECT ${[...fields].join(', ')} FROM ${stream.object} WHERE ${where}`;
    for await (const page of queryPages(context.client, soql, { scanAll: true })) {
      for (const row of page) {
        const key = readPath(row, stream.keyField);
        if (typeof key !== 'string' || key === '') continue;
        const isCustomer = stream.role === 'root' || (stream.role === 'lead' && stream.keyField === 'Id');
        if (isCustomer && row['IsDeleted'] === true) deleted.add(key);
        else changed.add(key);
      }
    }
  }
  for (const id of deleted) changed.delete(id);
  return { changed, deleted };
}

/**
 * Streams customers for {@link CrmConnector.readCustomers}. The watermark returned is the read's start
 * minus a safety margin (not the newest SystemModstamp seen): a record committed during the read, or
 * with a modstamp slightly in the past, is then picked up by the next incremental read.
 */
export async function* readSalesforceCustomers(
  context: ReadContext,
  journey: JourneyDefinition,
  options: ReadCustomersOptions = {},
): AsyncGenerator<ReadCustomer, ReadSummary> {
  const started = context.now();
  const described = await context.describe(journey);
  const plan = planRead(journey, described, { asOf: started, history: true });
  let customers = 0;
  const progress = (): void => options.onProgress?.({ customers, total: undefined, apiCalls: context.client.calls() });
  context.client.progress = () => `read ${customers} customers`;
  let deleted: string[] = [];
  let ids: string[] | undefined = options.customerIds === undefined ? undefined : [...options.customerIds];
  if (options.since !== undefined) {
    const since = Date.parse(options.since);
    if (Number.isNaN(since)) {
      throw new ConnectorError('INPUT_UNREADABLE', `The watermark "${options.since}" is not a date-time.`, {
        actions: ['Pass the watermark a previous read returned, or no watermark for a full read.'],
      });
    }
    const found = await changedCustomers(context, { ...plan, streams: plan.streams.filter(isLive) }, since);
    deleted = [...found.deleted];
    ids = [...new Set([...(ids ?? []), ...found.changed])];
  }
  const batches = ids === undefined ? [undefined] : chunk(ids.sort(), ID_BATCH);
  for (const batch of batches) {
    for await (const customer of readPlan(context, journey, plan, described, batch)) {
      if (options.signal?.aborted === true) return summary(started, context, deleted);
      customers++;
      yield customer;
      if (customers % 500 === 0) progress();
    }
  }
  progress();
  return summary(started, context, deleted);
}

// History rows change only with their parent, whose SystemModstamp moves too.
function isLive(stream: { readonly object: string }): boolean {
  return !stream.object.endsWith('History');
}

function chunk<T>(items: readonly T[], size: number): T[][] {
  const out: T[][] = [];
  for (let i = 0; i < items.length; i += size) out.push(items.slice(i, i + size));
  return out;
}

function summary(started: number, context: ReadContext, deleted: readonly string[]): ReadSummary {
  return { watermark: new Date(started - context.watermarkMarginMs).toISOString(), deletedCustomerIds: deleted };
}
