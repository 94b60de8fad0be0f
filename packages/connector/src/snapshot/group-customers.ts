import type { CrmRecord } from '../records/crm-record.ts';
import { historyChanges } from '../profiles/history-changes.ts';
import type { FieldChange } from '../records/field-change.ts';
import type { CustomerRef } from '../engine/journey-state.ts';
import type { JourneyDefinition } from '../journey/journey-definition.ts';
import { createCustomerPlacement } from './customer-placement.ts';

/** Records of one CRM, keyed by object name (a snapshot, or one page of a connector's read). */
export type RecordsByObject = Readonly<Record<string, readonly CrmRecord[] | undefined>>;

/** One customer with all its records, ready for the engine. */
export interface CustomerRecordSet {
  readonly customer: CustomerRef;
  readonly records: Record<string, CrmRecord[]>;
  readonly changes: FieldChange[];
}

/** The customers found, and how many records of each object belong to none. */
export interface GroupCustomersResult {
  readonly customers: CustomerRecordSet[];
  readonly unattached: Readonly<Record<string, number>>;
}

/**
 * Places every record on its customer: root records are customers; unconverted leads are customers of
 * their own; converted leads, related records, activities and history follow their links.
 *
 * @example
 * const { customers } = groupCustomers(journey, { Account: [...], Opportunity: [...] });
 */
export function groupCustomers(journey: JourneyDefinition, snapshot: RecordsByObject): GroupCustomersResult {
  const placement = createCustomerPlacement(journey);
  const records: Record<string, CrmRecord[]>[] = [];
  for (const object of placement.orderOf(Object.keys(snapshot))) {
    for (const record of snapshot[object] ?? []) {
      const index = placement.place(object, placement.keys(object, record));
      if (index !== undefined) ((records[index] ??= {})[object] ??= []).push(record);
    }
  }
  const customers = placement.customers().map(({ index, customer }): CustomerRecordSet => {
    const own = records[index] ?? {};
    return { customer, records: own, changes: historyChanges(journey.profile, own) };
  });
  return { customers, unattached: placement.unattached };
}
