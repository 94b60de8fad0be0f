import type { CrmRecord } from '../records/crm-record.ts';
import { coerce } from '../records/field-values.ts';
import type { LinkRule } from '../profiles/crm-profile.ts';
import type { CustomerRef } from '../engine/journey-state.ts';
import type { JourneyDefinition } from '../journey/journey-definition.ts';

/**
 * What placing a record on its customer reads from it: a record reduced to its keys. Ids are `K`: text,
 * or numbers for a reader that keeps a million ids in typed arrays rather than as strings.
 */
export interface RecordKeys<K = string> {
  readonly id: K | undefined;
  /** The ids the record may belong to, in the order its link rules try them (none for an unconverted lead). */
  readonly targets: readonly K[];
  /** The id as text, when the record can become a customer (a root record or a lead). */
  readonly text: string | undefined;
  /** The customer's name, when the record can become a customer. */
  readonly name: string | undefined;
}

/** The lookups placement needs from id to customer number (a `Map` unless the caller brings its own). */
export interface IdLookup<K> {
  get(id: K): number | undefined;
  set(id: K, customer: number): unknown;
}

/** Places records, one at a time and in `order`, on customers numbered from 0. */
export interface CustomerPlacement<K = string> {
  /** The order in which the records of a snapshot's `objects` must be placed: the root first, then by role. */
  orderOf(objects: readonly string[]): string[];
  /** The keys `place` needs from a record of `object`. */
  keys(object: string, record: CrmRecord): RecordKeys;
  /** Places one record; returns its customer's number, or undefined when it belongs to none. */
  place(object: string, keys: RecordKeys<K>): number | undefined;
  /** The customers found, in the order `groupCustomers` lists them, by number. */
  customers(): { readonly index: number; readonly customer: CustomerRef }[];
  /** How many records of each object belong to no customer. */
  readonly unattached: Readonly<Record<string, number>>;
}

const roleOrder = { customer: 0, record: 1, activity: 2, history: 3 } as const;

/**
 * The placement rules of `groupCustomers`, apart from how records are held, so that a snapshot read as a
 * stream places its records exactly as one read whole: root records are customers (and, beside an
 * account root, contacts without an account); unconverted leads are customers of their own; converted leads, related records, activities and history follow their links.
 *
 * @example
 * const placement = createCustomerPlacement(journey);
 * for (const object of placement.orderOf(Object.keys(snapshot)))
 *   for (const record of snapshot[object] ?? []) placement.place(object, placement.keys(object, record));
 */
export function createCustomerPlacement<K = string>(
  journey: JourneyDefinition,
  ownerOf: IdLookup<K> = new Map<K, number>(),
): CustomerPlacement<K> {
  const { profile, root, contactRoot } = journey;
  const { idField } = profile;
  const rootKind: 'Account' | 'Contact' = root.startsWith('Account') ? 'Account' : 'Contact';
  // With a contact root beside the account root, records follow the account's links first, then the contact's.
  const kinds: readonly ('Account' | 'Contact')[] = contactRoot === undefined ? [rootKind] : [rootKind, 'Contact'];
  const sets = new Map<K, number>();
  const refs: CustomerRef[] = [];
  const unattached: Record<string, number> = {};
  const linkRules = (object: string): readonly LinkRule[] => {
    const custom = journey.links[object];
    if (custom !== undefined) return [{ field: custom }];
    if (object.endsWith('_audit')) return [{ field: 'parent_id' }];
    // The contact root's own link to a contact is itself: it only follows its account.
    const rules = (object === contactRoot ? [rootKind] : kinds).flatMap(
      (kind) => profile.objects[object]?.links[kind] ?? [],
    );
    return rules.filter(
      (rule, index) =>
        rules.findIndex((other) => other.field === rule.field && other.typeValue === rule.typeValue) === index,
    );
  };
  // Audit rows and history follow the records they describe, so they are placed last.
  const roleOf = (object: string) =>
    profile.objects[object]?.role ?? (object.endsWith('_audit') ? 'history' : 'record');
  const rulesOf = new Map<string, readonly LinkRule[]>();
  const add = (index: number, keys: RecordKeys<K>): number => {
    if (keys.id !== undefined) ownerOf.set(keys.id, index);
    return index;
  };
  const newCustomer = (type: string, keys: RecordKeys<K>): number | undefined => {
    const { id, text, name } = keys;
    if (id === undefined || text === undefined) return undefined;
    refs.push(name === undefined ? { type, id: text } : { type, id: text, name });
    sets.set(id, refs.length - 1);
    return refs.length - 1;
  };
  return {
    orderOf: (objects) => {
      const roots = contactRoot === undefined ? [root] : [root, contactRoot];
      const rest = objects.filter((object) => !roots.includes(object));
      return [...roots, ...rest.sort((a, b) => roleOrder[roleOf(a)] - roleOrder[roleOf(b)])];
    },
    keys(object, record) {
      const id = record[idField];
      const isLead = object === profile.lead.object;
      let name: string | undefined;
      let text: string | undefined;
      if (object === root || object === contactRoot || isLead) {
        text = typeof id === 'string' ? id : undefined;
        const value = record['Name'] ?? record['name'] ?? record['Company'] ?? record['account_name'];
        name = typeof value === 'string' ? value : undefined;
      }
      const targets: string[] = [];
      if (object !== root && (!isLead || coerce(record[profile.lead.convertedField], 'boolean') === true)) {
        let rules = rulesOf.get(object);
        if (rules === undefined) rulesOf.set(object, (rules = linkRules(object)));
        for (const rule of rules) {
          if (rule.typeField !== undefined && record[rule.typeField] !== rule.typeValue) continue;
          const target = record[rule.field];
          if (typeof target === 'string' && target !== '') targets.push(target);
        }
      }
      return { id: typeof id === 'string' ? id : undefined, targets, text, name };
    },
    place(object, keys) {
      if (object === root) {
        const index = newCustomer(root, keys);
        return index === undefined ? undefined : add(index, keys);
      }
      let owner: number | undefined;
      for (const target of keys.targets) {
        owner = ownerOf.get(target) ?? sets.get(target);
        if (owner !== undefined) break;
      }
      // A contact without an account is a customer of its own (one whose account is missing is not).
      if (owner === undefined && object === contactRoot && keys.targets.length === 0) {
        const index = newCustomer(object, keys);
        return index === undefined ? undefined : add(index, keys);
      }
      // An unconverted lead, or one whose account is not in the data, is a customer of its own.
      if (owner === undefined && object === profile.lead.object) owner = newCustomer(object, keys);
      if (owner !== undefined) return add(owner, keys);
      unattached[object] = (unattached[object] ?? 0) + 1;
      return undefined;
    },
    customers() {
      // A root id seen twice keeps its first place in the list but the later record, as a Map does.
      return [...sets.values()].map((index) => ({ index, customer: refs[index] as CustomerRef }));
    },
    unattached,
  };
}
