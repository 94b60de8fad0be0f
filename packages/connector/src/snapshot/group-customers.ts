import type { CrmRecord } from '../records/crm-record.ts';
import { coerce } from '../records/field-values.ts';
import type { LinkRule } from '../profiles/crm-profile.ts';
import { historyChanges } from '../profiles/history-changes.ts';
import type { FieldChange } from '../records/field-change.ts';
import type { CustomerRef } from '../engine/journey-state.ts';
import type { JourneyDefinition } from '../journey/journey-definition.ts';

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

const roleOrder = { customer: 0, record: 1, activity: 2, history: 3 } as const;

/**
 * Places every record on its customer: root records are customers; unconverted leads are customers of
 * their own; converted leads, related records, activities and history follow their links.
 *
 * @example
 * const { customers } = groupCustomers(journey, { Account: [...], Opportunity: [...] });
 */
export function groupCustomers(journey: JourneyDefinition, snapshot: RecordsByObject): GroupCustomersResult {
  const { profile, root } = journey;
  const { idField } = profile;
  const rootKind = root.startsWith('Account') ? 'Account' : 'Contact';
  const sets = new Map<string, CustomerRecordSet>();
  const ownerOf = new Map<string, CustomerRecordSet>();
  const unattached: Record<string, number> = {};
  const nameOf = (record: CrmRecord): string | undefined => {
    const name = record['Name'] ?? record['name'] ?? record['Company'] ?? record['account_name'];
    return typeof name === 'string' ? name : undefined;
  };
  const add = (set: CustomerRecordSet, object: string, record: CrmRecord): void => {
    (set.records[object] ??= []).push(record);
    const id = record[idField];
    if (typeof id === 'string') ownerOf.set(id, set);
  };
  const newCustomer = (type: string, record: CrmRecord): CustomerRecordSet | undefined => {
    const id = record[idField];
    if (typeof id !== 'string') return undefined;
    const name = nameOf(record);
    const set: CustomerRecordSet = {
      customer: name === undefined ? { type, id } : { type, id, name },
      records: {},
      changes: [],
    };
    sets.set(id, set);
    return set;
  };

  for (const record of snapshot[root] ?? []) {
    const set = newCustomer(root, record);
    if (set) add(set, root, record);
  }

  const linkRules = (object: string): readonly LinkRule[] => {
    const custom = journey.links[object];
    if (custom !== undefined) return [{ field: custom }];
    if (object.endsWith('_audit')) return [{ field: 'parent_id' }];
    return profile.objects[object]?.links[rootKind] ?? [];
  };
  // Audit rows and history follow the records they describe, so they are placed last.
  const roleOf = (object: string) =>
    profile.objects[object]?.role ?? (object.endsWith('_audit') ? 'history' : 'record');
  const objects = Object.keys(snapshot)
    .filter((object) => object !== root)
    .sort((a, b) => roleOrder[roleOf(a)] - roleOrder[roleOf(b)]);
  for (const object of objects) {
    const rules = linkRules(object);
    const isLead = object === profile.lead.object;
    for (const record of snapshot[object] ?? []) {
      let owner: CustomerRecordSet | undefined;
      const converted = !isLead || coerce(record[profile.lead.convertedField], 'boolean') === true;
      if (converted) {
        for (const rule of rules) {
          if (rule.typeField !== undefined && record[rule.typeField] !== rule.typeValue) continue;
          const target = record[rule.field];
          if (typeof target === 'string' && target !== '') owner = ownerOf.get(target) ?? sets.get(target);
          if (owner) break;
        }
      }
      // An unconverted lead, or one whose account is not in the data, is a customer of its own.
      if (!owner && isLead) owner = newCustomer(object, record);
      if (owner) add(owner, object, record);
      else unattached[object] = (unattached[object] ?? 0) + 1;
    }
  }
  const customers = [...sets.values()];
  for (const set of customers) set.changes.push(...historyChanges(profile, set.records));
  return { customers, unattached };
}
