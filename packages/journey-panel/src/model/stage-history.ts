import type { CustomerRef, StageTransition } from '@crm-journey/connector';
import { parseInstant } from '../i18n/panel-format.ts';

/** A group of history entries: what happened while the customer was a lead, and after. */
export interface HistoryGroup {
  readonly phase: 'lead' | 'customer';
  /** Newest first. */
  readonly entries: readonly StageTransition[];
}

const LEAD_OBJECTS = new Set(['Lead', 'Leads']);

/** Whether the customer is an unconverted lead (Salesforce `Lead`, Sugar `Leads`). */
export function isLeadCustomer(customer: CustomerRef): boolean {
  return LEAD_OBJECTS.has(customer.type);
}

/**
 * The stage history newest first, split into the lead phase and the customer phase. A lead's whole history
 * is its lead phase; for a converted customer, entries before `convertedAt` are.
 *
 * @example
 * historyGroups(state.history, state.customer, '2026-07-14T00:00:00Z'); // [{ phase: 'customer', … }, { phase: 'lead', … }]
 */
export function historyGroups(
  history: readonly StageTransition[],
  customer: CustomerRef,
  convertedAt: string | null,
): HistoryGroup[] {
  const newestFirst = [...history].sort((a, b) => parseInstant(b.at) - parseInstant(a.at));
  if (isLeadCustomer(customer)) return newestFirst.length === 0 ? [] : [{ phase: 'lead', entries: newestFirst }];
  const converted = convertedAt === null ? Number.NaN : parseInstant(convertedAt);
  if (Number.isNaN(converted)) return newestFirst.length === 0 ? [] : [{ phase: 'customer', entries: newestFirst }];
  const groups: HistoryGroup[] = [
    { phase: 'customer', entries: newestFirst.filter((entry) => parseInstant(entry.at) >= converted) },
    { phase: 'lead', entries: newestFirst.filter((entry) => parseInstant(entry.at) < converted) },
  ];
  return groups.filter((group) => group.entries.length > 0);
}
