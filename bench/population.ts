import { DAY_MS, salesforceProfile, type CustomerRecords, type CustomerRef } from '@crm-journey/connector';
import { createPrng, type Prng } from './prng.ts';
import {
  addCase,
  addClosedOpportunity,
  addContact,
  addEvent,
  addOpenOpportunity,
  addRoot,
  addTask,
  personName,
  recordCount,
  recordId,
  type RecordDraft,
} from './synthetic-records.ts';

/** Every synthetic customer has exactly this many records, its root included. */
export const RECORDS_PER_CUSTOMER = 10;

/** How often each kind of customer occurs, in percent; each kind aims at a stage (or a backward move). */
const PROFILE_WEIGHTS = {
  prospect: 8, // awareness: an account nobody has talked to yet
  lead: 8, // an unconverted lead: awareness, engagement, or disqualified
  engaged: 14, // engagement: meetings and logged calls, no open deal
  evaluating: 18, // evaluation: an open deal early in the pipeline
  negotiating: 12, // purchase: a deal at proposal or negotiation
  'new-customer': 10, // onboarding: won in the last 90 days
  customer: 12, // retention: won 95 to 390 days ago
  advocate: 9, // advocacy: two wins in two years, no open escalation
  detractor: 5, // advocacy history, then an escalated case (the `detractor` move)
  lapsed: 4, // retention history, then no win for over 400 days (the `lapsed` move)
} as const;

/** The kind of customer a synthetic customer was generated as. */
export type CustomerProfile = keyof typeof PROFILE_WEIGHTS;

/** One synthetic customer: what the engine gets as input. */
export interface SyntheticCustomer {
  readonly profile: CustomerProfile;
  readonly customer: CustomerRef;
  readonly records: CustomerRecords;
}

/** Options for {@link createPopulation}. */
export interface PopulationOptions {
  readonly seed: number;
  readonly size: number;
  /** The evaluation time the record dates are relative to, epoch ms. */
  readonly asOf: number;
}

const PROFILES = Object.entries(PROFILE_WEIGHTS) as [CustomerProfile, number][];
const WEIGHT_TOTAL = PROFILES.reduce((sum, [, weight]) => sum + weight, 0);
const COMPANY_WORDS = ['Northwind', 'Kowalski', 'Fjord', 'Sakura', 'Andes', 'Baltic', 'Łódź', 'Sahara', 'Nordlys'];
const COMPANY_KINDS = ['Logistics', 'Steel', 'Software', 'Foods', 'Energy', 'Health', 'Retail', 'Bank'];

function pickProfile(random: Prng): CustomerProfile {
  let left = random.next() * WEIGHT_TOTAL;
  for (const [profile, weight] of PROFILES) {
    left -= weight;
    if (left < 0) return profile;
  }
  return 'evaluating';
}

/** Account age in days: customers with wins two years back need an older account. */
function minimumAgeDays(profile: CustomerProfile): number {
  if (profile === 'customer' || profile === 'advocate' || profile === 'detractor' || profile === 'lapsed') return 800;
  return profile === 'new-customer' ? 200 : 60;
}

/** The records that place an account customer in its profile's stage; returns whether activity may follow. */
function shapeAccount(draft: RecordDraft, profile: CustomerProfile): { engaged: boolean; escalations: boolean } {
  const { random } = draft;
  const age = Math.floor((draft.asOf - draft.since) / DAY_MS);
  const lostDaysAgo = (): number => random.int(30, Math.min(age - 30, 700));
  const extra = (count: number, kinds: readonly ('open' | 'lost')[]): void => {
    for (let i = 0; i < count; i++) {
      if (random.pick(kinds) === 'open') addOpenOpportunity(draft, false);
      else addClosedOpportunity(draft, false, lostDaysAgo());
    }
  };
  switch (profile) {
    case 'prospect':
      extra(random.chance(0.4) ? 1 : 0, ['lost']);
      return { engaged: false, escalations: true };
    case 'engaged':
      if (random.chance(0.5)) addEvent(draft);
      else addTask(draft, true);
      extra(random.int(0, 2), ['lost']);
      return { engaged: true, escalations: true };
    case 'evaluating':
      addOpenOpportunity(draft, false);
      extra(random.int(0, 2), ['open', 'lost']);
      return { engaged: true, escalations: true };
    case 'negotiating':
      addOpenOpportunity(draft, true);
      extra(random.int(0, 2), ['open', 'lost']);
      return { engaged: true, escalations: true };
    case 'new-customer':
      addClosedOpportunity(draft, true, random.int(1, 85));
      extra(random.int(0, 2), ['open', 'lost']);
      return { engaged: true, escalations: true };
    case 'customer':
      addClosedOpportunity(draft, true, random.int(95, 390));
      extra(random.int(0, 2), ['open', 'lost']);
      return { engaged: true, escalations: true };
    case 'advocate':
      for (let i = random.int(2, 3); i > 0; i--) addClosedOpportunity(draft, true, random.int(1, 720));
      return { engaged: true, escalations: false };
    case 'detractor':
      addClosedOpportunity(draft, true, random.int(30, 700));
      addClosedOpportunity(draft, true, random.int(30, 700));
      addCase(draft, 'escalated', random.int(1, 20));
      return { engaged: true, escalations: true };
    case 'lapsed':
      for (let i = random.int(1, 2); i > 0; i--) addClosedOpportunity(draft, true, random.int(410, 720));
      return { engaged: true, escalations: true };
    case 'lead':
      throw new Error('shapeAccount: leads are not accounts');
  }
}

/** Fills the draft up to RECORDS_PER_CUSTOMER with contacts, cases and activities that keep its stage. */
function fill(draft: RecordDraft, engaged: boolean, escalations: boolean, contacts: boolean): void {
  const { random } = draft;
  while (recordCount(draft) < RECORDS_PER_CUSTOMER) {
    const roll = random.int(0, 9);
    if (contacts && roll < 2 && (draft.records['Contact']?.length ?? 0) < 3) addContact(draft);
    else if (contacts && roll < 4)
      addCase(draft, random.chance(0.6) ? 'closed' : escalations && random.chance(0.25) ? 'escalated' : 'open');
    else if (engaged && roll >= 8) addEvent(draft);
    else addTask(draft, engaged && random.chance(0.7));
  }
}

function createAccountCustomer(
  random: Prng,
  customer: number,
  asOf: number,
  profile: CustomerProfile,
): SyntheticCustomer {
  const since = asOf - random.int(minimumAgeDays(profile), 1500) * DAY_MS;
  const draft: RecordDraft = {
    random,
    asOf,
    customer,
    since,
    rootId: recordId('001', customer, 0),
    contactId: undefined,
    records: {},
  };
  const name = `${random.pick(COMPANY_WORDS)} ${random.pick(COMPANY_KINDS)} ${String(customer)}`;
  const size = random.next();
  addRoot(draft, 'Account', {
    Name: name,
    Industry: random.pick(['Banking', 'Energy', 'Manufacturing', 'Retail', 'Technology', 'Transportation']),
    NumberOfEmployees: size < 0.4 ? random.int(5, 199) : size < 0.75 ? random.int(200, 999) : random.int(1000, 50_000),
    BillingCountry: random.pick(['Poland', 'Germany', 'Japan', 'Nigeria', 'Brazil', 'Sweden']),
    Type: profile === 'prospect' || profile === 'evaluating' ? 'Prospect' : 'Customer - Direct',
  });
  addContact(draft);
  const { engaged, escalations } = shapeAccount(draft, profile);
  fill(draft, engaged, escalations, true);
  return { profile, customer: { type: 'Account', id: draft.rootId, name }, records: draft.records };
}

function createLeadCustomer(random: Prng, customer: number, asOf: number): SyntheticCustomer {
  const since = asOf - random.int(30, 400) * DAY_MS;
  const draft: RecordDraft = {
    random,
    asOf,
    customer,
    since,
    rootId: recordId('00Q', customer, 0),
    contactId: undefined,
    records: {},
  };
  const { leadStatus } = salesforceProfile.pipeline;
  const status = random.pick([leadStatus.new, leadStatus.working, leadStatus.working, leadStatus.dropped]);
  const company = `${random.pick(COMPANY_WORDS)} ${random.pick(COMPANY_KINDS)} ${String(customer)}`;
  addRoot(draft, 'Lead', {
    ...personName(random),
    Company: company,
    Status: status,
    LeadSource: random.pick(['Web', 'Web', 'Phone Inquiry', 'Partner Referral']),
    IsConverted: false,
    NumberOfEmployees: random.int(5, 5000),
  });
  fill(draft, status !== leadStatus.new, false, false);
  return { profile: 'lead', customer: { type: 'Lead', id: draft.rootId, name: company }, records: draft.records };
}

/**
 * A deterministic synthetic population for the bundled journey `journeys/salesforce-b2b.yaml`: accounts
 * (and some unconverted leads) with 10 records each, spread over every stage and backward move.
 *
 * @example
 * const customers = createPopulation({ seed: 1, size: 20_000, asOf: Date.parse('2026-11-20T12:00:00Z') });
 */
export function createPopulation(options: PopulationOptions): SyntheticCustomer[] {
  const random = createPrng(options.seed);
  const customers: SyntheticCustomer[] = [];
  for (let customer = 1; customer <= options.size; customer++) {
    const profile = pickProfile(random);
    customers.push(
      profile === 'lead'
        ? createLeadCustomer(random, customer, options.asOf)
        : createAccountCustomer(random, customer, options.asOf, profile),
    );
  }
  return customers;
}
