import {
  closedOpportunityStages,
  DAY_MS,
  formatDate,
  openOpportunityStages,
  salesforceProfile,
  type CrmRecord,
} from '@crm-journey/connector';
import type { Prng } from './prng.ts';

/** One customer's records while they are generated: ids derive from the customer number, dates from `asOf`. */
export interface RecordDraft {
  readonly random: Prng;
  readonly asOf: number;
  /** The customer number, part of every record id. */
  readonly customer: number;
  /** When the customer's root record (account or lead) was created, epoch ms. */
  readonly since: number;
  readonly rootId: string;
  /** The contact activities are logged against, if any. */
  contactId: string | undefined;
  readonly records: Record<string, CrmRecord[]>;
}

const HOUR_MS = 3_600_000;
const OWNERS = ['005000000000001AAA', '005000000000002AAA', '005000000000003AAA'];
const FIRST_NAMES = ['Anna', 'Bruno', 'Chiara', 'Dmitri', 'Emeka', 'Fatima', 'Grace', 'Hiroshi', 'Inés', 'Jonas'];
const LAST_NAMES = ['Kowalski', 'Müller', 'Okafor', 'Rossi', 'Sato', 'Haddad', 'Novak', 'García', 'Lindqvist'];
// A deal about to close sits in one of the last two open stages.
const EARLY_STAGES = openOpportunityStages.slice(0, -2);
const LATE_STAGES = openOpportunityStages.slice(-2);
const { caseStatus, taskStatus } = salesforceProfile.pipeline;
const DISPOSITIONS = ['Interested in a follow-up', 'Not interested right now', 'Left a voicemail', null];

/** Salesforce's REST date-time format, offset without a colon: `2026-11-20T12:00:00.000+0000`. */
function sfDateTime(ms: number): string {
  return new Date(ms).toISOString().replace('Z', '+0000');
}

/** A Salesforce-shaped 18-character id, unique per customer and record. */
export function recordId(prefix: string, customer: number, sequence: number): string {
  return `${prefix}${String(customer).padStart(9, '0')}${String(sequence).padStart(3, '0')}AAA`;
}

/** How many records the draft holds. */
export function recordCount(draft: RecordDraft): number {
  let count = 0;
  for (const list of Object.values(draft.records)) count += list.length;
  return count;
}

/** A random instant in [from, to). */
function between(random: Prng, from: number, to: number): number {
  return from + Math.floor(random.next() * Math.max(1, to - from));
}

/** Adds a record with the audit fields every Salesforce object has; returns its id. */
function addRecord(draft: RecordDraft, object: string, prefix: string, created: number, fields: CrmRecord): string {
  const id = recordId(prefix, draft.customer, recordCount(draft) + 1);
  const modified = Math.min(draft.asOf, created + draft.random.int(0, 30) * DAY_MS);
  (draft.records[object] ??= []).push({
    Id: id,
    OwnerId: draft.random.pick(OWNERS),
    CreatedDate: sfDateTime(created),
    SystemModstamp: sfDateTime(modified),
    ...fields,
  });
  return id;
}

/** The root record fields of a person: first, last and full name. */
export function personName(random: Prng): { FirstName: string; LastName: string; Name: string } {
  const first = random.pick(FIRST_NAMES);
  const last = random.pick(LAST_NAMES);
  return { FirstName: first, LastName: last, Name: `${first} ${last}` };
}

/** Adds a contact of the account; the first one becomes the contact activities are logged against. */
export function addContact(draft: RecordDraft): void {
  const name = personName(draft.random);
  const id = addRecord(draft, 'Contact', '003', between(draft.random, draft.since, draft.asOf), {
    AccountId: draft.rootId,
    ...name,
    Email: `${name.FirstName.toLowerCase()}.${String(draft.customer)}@example.com`,
    Title: draft.random.pick(['CFO', 'Head of Operations', 'IT Manager', 'Buyer']),
  });
  draft.contactId ??= id;
}

/** Adds an open opportunity: early in the pipeline, or `closing` (proposal or negotiation). */
export function addOpenOpportunity(draft: RecordDraft, closing: boolean): void {
  const { random, asOf } = draft;
  const created = between(random, Math.max(draft.since, asOf - 150 * DAY_MS), asOf - DAY_MS);
  addRecord(draft, 'Opportunity', '006', created, {
    AccountId: draft.rootId,
    Name: `Deal ${String(draft.customer)}-${String(recordCount(draft) + 1)}`,
    StageName: random.pick(closing ? LATE_STAGES : EARLY_STAGES),
    Amount: random.int(5, 500) * 1000,
    Probability: closing ? random.int(60, 90) : random.int(10, 50),
    CloseDate: formatDate(asOf + random.int(closing ? 5 : 10, closing ? 45 : 90) * DAY_MS),
    IsClosed: false,
    IsWon: false,
  });
}

/** Adds an opportunity won or lost `closedDaysAgo` days before `asOf`. */
export function addClosedOpportunity(draft: RecordDraft, won: boolean, closedDaysAgo: number): void {
  const { random, asOf } = draft;
  const closed = asOf - closedDaysAgo * DAY_MS;
  const created = Math.max(draft.since, closed - random.int(20, 120) * DAY_MS);
  addRecord(draft, 'Opportunity', '006', Math.min(created, closed), {
    AccountId: draft.rootId,
    Name: `Deal ${String(draft.customer)}-${String(recordCount(draft) + 1)}`,
    StageName: won ? closedOpportunityStages.won : closedOpportunityStages.lost,
    Amount: random.int(5, 500) * 1000,
    Probability: won ? 100 : 0,
    CloseDate: formatDate(closed),
    IsClosed: true,
    IsWon: won,
  });
}

/** Adds a case: closed, open, or open and escalated (`createdDaysAgo` pins its creation). */
export function addCase(draft: RecordDraft, state: 'closed' | 'open' | 'escalated', createdDaysAgo?: number): void {
  const { random, asOf } = draft;
  const created =
    createdDaysAgo === undefined ? between(random, draft.since, asOf - HOUR_MS) : asOf - createdDaysAgo * DAY_MS;
  addRecord(draft, 'Case', '500', created, {
    AccountId: draft.rootId,
    ContactId: draft.contactId ?? null,
    CaseNumber: String(draft.customer * 100 + recordCount(draft)).padStart(8, '0'),
    Subject: random.pick(['Cannot log in', 'Invoice question', 'Data import fails', 'Feature request']),
    Status:
      state === 'closed'
        ? caseStatus.closed
        : state === 'escalated'
          ? caseStatus.escalated
          : random.pick([caseStatus.new, caseStatus.working]),
    Priority: random.pick(['High', 'Medium', 'Low']),
    Origin: random.pick(['Phone', 'Email', 'Web']),
    IsEscalated: state === 'escalated' || (state === 'closed' && random.chance(0.15)),
    IsClosed: state === 'closed',
  });
}

/** Adds a call, email or to-do; only closed ones count as engagement. */
export function addTask(draft: RecordDraft, closed: boolean): void {
  const { random, asOf } = draft;
  const created = between(random, draft.since, asOf - HOUR_MS);
  const subtype = random.pick(['Call', 'Call', 'Email', 'Email', 'Task']);
  addRecord(draft, 'Task', '00T', created, {
    AccountId: draft.rootId.startsWith('001') ? draft.rootId : null,
    WhatId: draft.rootId.startsWith('001') ? draft.rootId : null,
    WhoId: draft.contactId ?? (draft.rootId.startsWith('00Q') ? draft.rootId : null),
    Subject: subtype === 'Call' ? 'Call' : subtype === 'Email' ? 'Email: follow-up' : 'Prepare the account plan',
    TaskSubtype: subtype,
    Status: closed ? taskStatus.done : taskStatus.open,
    IsClosed: closed,
    Priority: random.pick(['High', 'Normal', 'Low']),
    ActivityDate: formatDate(created + random.int(0, 7) * DAY_MS),
    CallDisposition: subtype === 'Call' && closed ? random.pick(DISPOSITIONS) : null,
    [salesforceProfile.actionKeyField]: null,
  });
}

/** Adds a meeting; any event counts as engagement. */
export function addEvent(draft: RecordDraft): void {
  const { random, asOf } = draft;
  const created = between(random, draft.since, asOf - HOUR_MS);
  const start = Math.floor((created + random.int(1, 14) * DAY_MS) / HOUR_MS) * HOUR_MS;
  addRecord(draft, 'Event', '00U', created, {
    AccountId: draft.rootId.startsWith('001') ? draft.rootId : null,
    WhatId: draft.rootId.startsWith('001') ? draft.rootId : null,
    WhoId: draft.contactId ?? (draft.rootId.startsWith('00Q') ? draft.rootId : null),
    Subject: random.pick(['Demo', 'Workshop', 'Quarterly review', 'Lunch']),
    StartDateTime: sfDateTime(start),
    EndDateTime: sfDateTime(start + HOUR_MS),
    ActivityDateTime: sfDateTime(start),
    ActivityDate: formatDate(start),
    DurationInMinutes: 60,
    [salesforceProfile.actionKeyField]: null,
  });
}

/** Adds the root record (`Account` or `Lead`) with the given fields; returns nothing, the id is the draft's. */
export function addRoot(draft: RecordDraft, object: 'Account' | 'Lead', fields: CrmRecord): void {
  (draft.records[object] ??= []).push({
    Id: draft.rootId,
    OwnerId: draft.random.pick(OWNERS),
    CreatedDate: sfDateTime(draft.since),
    SystemModstamp: sfDateTime(draft.since),
    ...fields,
  });
}
