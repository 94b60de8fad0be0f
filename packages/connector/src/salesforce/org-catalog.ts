// An authoritative ObjectCatalog from an org's describe results, for validating a journey against the
// objects, fields and picklist values the org really has.
import type { ObjectCatalog } from '../profiles/object-catalog.ts';
import type { FieldType } from '../profiles/crm-profile.ts';
import type { FullDescribe } from './full-describe.ts';

const FIELD_TYPES: Readonly<Record<string, FieldType>> = {
  id: 'id',
  reference: 'id',
  picklist: 'picklist',
  multipicklist: 'picklist',
  boolean: 'boolean',
  int: 'number',
  double: 'number',
  currency: 'number',
  percent: 'number',
  long: 'number',
  date: 'date',
  datetime: 'datetime',
};

/** The catalogue of an org: every object it has, and the fields and active picklist values of the described ones. */
export function orgCatalog(names: ReadonlySet<string>, described: ReadonlyMap<string, FullDescribe>): ObjectCatalog {
  const fields = new Map<string, Record<string, FieldType>>();
  for (const [object, describe] of described) {
    fields.set(object, Object.fromEntries(describe.fields.map((f) => [f.name, FIELD_TYPES[f.type] ?? 'string'])));
  }
  return {
    authoritative: true,
    customNames: 'none',
    objectNames: () => names,
    fields: (object) => fields.get(object),
    picklist: (object, field) => {
      const found = described.get(object)?.fields.find((f) => f.name === field);
      if (found?.type !== 'picklist' && found?.type !== 'multipicklist') return undefined;
      return (found.picklistValues ?? []).filter((value) => value.active).map((value) => value.value);
    },
    // The org's describe knows its custom objects and fields too.
    isCustom: () => false,
  };
}
