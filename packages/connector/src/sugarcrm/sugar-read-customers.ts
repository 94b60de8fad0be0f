// Reads whole customers: the root module (and unconverted leads) page by page, each page's related
// records through link-field filters (first pages of every module in one /bulk), audit rows for customers
// seen for the first time, grouped exactly as the offline engine groups a snapshot.
import type { SugarFilter } from '../conditions/compile-sugar-filter.ts';
import type { CrmRecord } from '../records/crm-record.ts';
import type {
  CustomerIdRange,
  CustomerList,
  ReadCustomer,
  ReadCustomersOptions,
  ReadSummary,
} from '../connector/crm-connector.ts';
import { ConnectorError } from '../errors/connector-error.ts';
import { historyChanges } from '../profiles/history-changes.ts';
import type { JourneyDefinition } from '../journey/journey-definition.ts';
import { groupCustomers } from '../snapshot/group-customers.ts';
import { fetchAll, filterPages } from './sugar-filter-pages.ts';
import { changedCustomers } from './sugar-changed-customers.ts';
import type { SugarReadContext } from './sugar-read-context.ts';
import type { SugarModulePlan } from './sugar-read-plan.ts';
import { sugarRootFingerprint } from './sugar-root-fingerprint.ts';
import { parseStoredStateField } from '../connector/stored-state-field.ts';
import { parseSugarSince, sugarServerTime, sugarWatermark } from './sugar-watermark.ts';

const idOf = (record: CrmRecord): string => String(record['id']);

// The filter that finds a module's records of one page: any rule pointing at a record already placed.
function linkFilter(plan: SugarModulePlan, placed: ReadonlyMap<string, readonly string[]>): SugarFilter | undefined {
  const alternatives: SugarFilter[] = [];
  for (const rule of plan.rules) {
    const targets = rule.typeValue === undefined ? [...placed.values()].flat() : (placed.get(rule.typeValue) ?? []);
    if (targets.length === 0) continue;
    const target: SugarFilter = { [rule.field]: { $in: targets } };
    alternatives.push(
      rule.typeField === undefined || rule.typeValue === undefined
        ? target
        : { $and: [{ [rule.typeField]: { $equals: rule.typeValue } }, target] },
    );
  }
  if (alternatives.length === 0) return undefined;
  return alternatives.length === 1 ? alternatives[0] : { $or: alternatives };
}

async function relatedRecords(
  context: SugarReadContext,
  rootModule: string,
  roots: readonly CrmRecord[],
): Promise<Record<string, CrmRecord[]>> {
  const records: Record<string, CrmRecord[]> = { [rootModule]: [...roots] };
  const placed = new Map<string, string[]>([[rootModule, roots.map(idOf)]]);
  for (const phase of [1, 2] as const) {
    const plans = context.plan.modules.filter((module) => module.phase === phase && module.module !== rootModule);
    const queries = plans.flatMap((plan) => {
      const link = linkFilter(plan, placed);
      return link === undefined ? [] : [{ plan, query: { module: plan.module, filter: [link, ...plan.narrow] } }];
    });
    const results = await fetchAll(
      context.client,
      queries.map(({ query }) => query),
      context.maxNum,
    );
    queries.forEach(({ plan }, index) => {
      const rows = results[index] ?? [];
      records[plan.module] = rows;
      placed.set(plan.module, rows.map(idOf));
    });
  }
  return records;
}

// Audit rows only change when a record is updated: a record never modified since its creation has none.
async function auditRows(
  context: SugarReadContext,
  records: Readonly<Record<string, readonly CrmRecord[]>>,
): Promise<Record<string, CrmRecord[]>> {
  const requests: { module: string; id: string }[] = [];
  for (const plan of context.plan.modules) {
    if (!plan.audit) continue;
    for (const record of records[plan.module] ?? []) {
      if (record['date_modified'] !== record['date_entered']) requests.push({ module: plan.module, id: idOf(record) });
    }
  }
  const results = await context.client.bulk(
    requests.map(({ module, id }) => ({ method: 'GET', url: `${module}/${id}/audit` })),
    { idempotent: true },
  );
  const rows: Record<string, CrmRecord[]> = {};
  for (const [index, { module, id }] of requests.entries()) {
    let contents = results[index]?.contents as { records?: CrmRecord[] } | undefined;
    if (results[index]?.status !== 200) {
      contents = await context.client.request<{ records?: CrmRecord[] }>('GET', `${module}/${id}/audit`);
    }
    // The API lists a record's changes newest first; the replay wants them in the order they happened.
    (rows[`${module}_audit`] ??= []).push(...[...(contents?.records ?? [])].reverse());
  }
  return rows;
}

async function* customersOfPage(
  context: SugarReadContext,
  journey: JourneyDefinition,
  rootModule: string,
  roots: readonly CrmRecord[],
): AsyncGenerator<ReadCustomer> {
  if (roots.length === 0) return;
  const records = await relatedRecords(context, rootModule, roots);
  const { customers } = groupCustomers(journey, records);
  const stateField = journey.profile.journeyFields.state;
  const rootById = new Map(roots.map((record) => [idOf(record), record]));
  const read = customers
    .filter((set) => set.customer.type === rootModule)
    .map((set) => {
      const root = rootById.get(set.customer.id);
      const stored = parseStoredStateField(root?.[stateField], journey).state;
      return { ...set, stored, sourceFingerprint: root && sugarRootFingerprint(journey, root) };
    });
  // History only on first sight: later runs continue from the stored state.
  const firstSight = read.filter((customer) => customer.stored === null);
  if (firstSight.length > 0 && context.plan.modules.some((plan) => plan.audit)) {
    const merged: Record<string, CrmRecord[]> = {};
    for (const customer of firstSight) {
      for (const [module, rows] of Object.entries(customer.records)) (merged[module] ??= []).push(...rows);
    }
    const audit = await auditRows(context, merged);
    // Each record's rows, so that handing them to their customers is one look-up per record.
    const byRecord = new Map<string, CrmRecord[]>();
    for (const [key, rows] of Object.entries(audit)) {
      for (const row of rows) {
        const id = `${key}\u0000${String(row['parent_id'])}`;
        let list = byRecord.get(id);
        if (!list) byRecord.set(id, (list = []));
        list.push(row);
      }
    }
    for (const customer of firstSight) {
      const own: Record<string, CrmRecord[]> = {};
      for (const plan of context.plan.modules) {
        if (!plan.audit) continue;
        const key = `${plan.module}_audit`;
        own[key] = (customer.records[plan.module] ?? []).flatMap(
          (record) => byRecord.get(`${key}\u0000${idOf(record)}`) ?? [],
        );
      }
      customer.changes.push(...historyChanges(journey.profile, own));
    }
  }
  yield* read;
}

/** One module whose rows are customers, read with its own plan and journey. */
interface CustomerStream {
  readonly module: string;
  readonly filter: SugarFilter[];
  readonly context: SugarReadContext;
  readonly journey: JourneyDefinition;
}

// The modules whose rows are customers: the root, the contacts without an account (a set's contact
// root: customers of their own, whose records follow the contact's links), and the leads not converted.
const customerStreams = (context: SugarReadContext, journey: JourneyDefinition): CustomerStream[] => {
  const streams: CustomerStream[] = [{ module: context.plan.root, filter: [], context, journey }];
  if (context.contactPlan !== undefined) {
    const contacts = { ...journey, root: context.contactPlan.root, contactRoot: undefined };
    const own = { ...context, plan: context.contactPlan, contactPlan: undefined };
    streams.push({ module: contacts.root, filter: [{ account_id: { $empty: '' } }], context: own, journey: contacts });
  }
  streams.push({
    module: context.plan.leads,
    filter: [{ [journey.profile.lead.convertedField]: { $equals: false } }],
    context,
    journey,
  });
  return streams;
};

// Sugar ids are UUIDs: lower-case, so their string order is the instance's.
const rangeFilter = (range: CustomerIdRange | undefined): SugarFilter[] => [
  ...(range?.from === undefined ? [] : [{ id: { $gte: range.from } }]),
  ...(range?.to === undefined ? [] : [{ id: { $lt: range.to } }]),
];

/**
 * Lists the customers a read would hand out, ids only (for {@link CrmConnector.listCustomers}): with a
 * watermark the changed set, else the ids of the root module and the unconverted leads, a page per
 * `max_num` rows.
 */
export async function listSugarCustomers(
  context: SugarReadContext,
  journey: JourneyDefinition,
  options: { readonly since?: string } = {},
): Promise<CustomerList> {
  const watermark = sugarWatermark(await sugarServerTime(context.client, context.now), context.watermarkMarginMs);
  if (options.since !== undefined) {
    const changed = await changedCustomers(context, journey, sugarWatermark(parseSugarSince(options.since), 0));
    const customerIds = [...changed.ids].sort();
    return { customerIds, watermark, deletedCustomerIds: changed.deleted, idBatch: context.maxNum };
  }
  const ids: string[] = [];
  for (const stream of customerStreams(context, journey))
    for await (const page of filterPages(
      context.client,
      { module: stream.module, filter: stream.filter, fields: ['id'] },
      context.maxNum,
    ))
      ids.push(...page.map(idOf));
  return { customerIds: ids.sort(), watermark, deletedCustomerIds: [], idBatch: context.maxNum };
}

/**
 * Streams the customers of a journey from a Sugar instance (see {@link SugarReadContext}); returns the
 * watermark and, for incremental reads, the deleted customers. The watermark is the instance's clock when
 * the read starts minus the margin, to the second (see `sugar-watermark.ts`), not the newest
 * `date_modified` seen: with `since` the next read asks for `date_modified $gte` it, so an edit saved in the
 * same second as this read, or during it, is read next time; an idle instance re-reads only the customers
 * changed within the margin.
 */
export async function* readSugarCustomers(
  context: SugarReadContext,
  journey: JourneyDefinition,
  options: ReadCustomersOptions = {},
): AsyncGenerator<ReadCustomer, ReadSummary> {
  const { client } = context;
  const since = options.since === undefined ? undefined : sugarWatermark(parseSugarSince(options.since), 0);
  const watermark = sugarWatermark(await sugarServerTime(client, context.now), context.watermarkMarginMs);
  let ids = options.customerIds;
  let deletedCustomerIds: readonly string[] = [];
  if (options.range !== undefined && (since !== undefined || ids !== undefined)) {
    throw new ConnectorError('INTERNAL', 'A read takes an id range, or a watermark and customer ids, not both.', {
      actions: ['Plan the partitions with listCustomers: ranges for a full read, ids for a changed set.'],
    });
  }
  if (since !== undefined) {
    const changed = await changedCustomers(context, journey, since);
    deletedCustomerIds = changed.deleted;
    ids = [...new Set([...(ids ?? []), ...changed.ids])];
  }
  let customers = 0;
  const range = rangeFilter(options.range);
  const streams = customerStreams(context, journey).map((stream) => ({
    ...stream,
    filter: [...stream.filter, ...range],
  }));
  for (const stream of streams) {
    const batches: (readonly string[] | undefined)[] = [];
    if (ids === undefined) batches.push(undefined);
    else
      for (let start = 0; start < ids.length; start += context.maxNum)
        batches.push(ids.slice(start, start + context.maxNum));
    for (const batch of batches) {
      const filter = batch === undefined ? stream.filter : [...stream.filter, { id: { $in: batch } }];
      for await (const roots of filterPages(client, { module: stream.module, filter }, context.maxNum)) {
        if (options.signal?.aborted === true) return { watermark, deletedCustomerIds };
        for await (const customer of customersOfPage(stream.context, stream.journey, stream.module, roots)) {
          customers++;
          yield customer;
        }
        options.onProgress?.({ customers, total: undefined, apiCalls: client.calls });
      }
    }
  }
  return { watermark, deletedCustomerIds };
}
