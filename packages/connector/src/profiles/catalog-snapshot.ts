// An ObjectCatalog as plain data, so a journey can be validated against an org's catalogue on another
// thread (serve validates request journeys on a worker: a large one takes seconds).
import { isCustomName, type FieldType } from './crm-profile.ts';
import type { Crm } from './crm-schema.ts';
import type { ObjectCatalog } from './object-catalog.ts';

/** A catalogue copied into structured-cloneable data. */
export interface CatalogSnapshot {
  readonly authoritative: boolean;
  readonly customNames: Crm | 'none';
  readonly objectNames: readonly string[];
  /** Fields and picklist values of the objects the catalogue knows fields of. */
  readonly objects: Readonly<
    Record<
      string,
      {
        readonly fields: Readonly<Record<string, FieldType>>;
        readonly picklists: Readonly<Record<string, readonly string[]>>;
      }
    >
  >;
}

/** Copies a catalogue into plain data. */
export function snapshotCatalog(catalog: ObjectCatalog): CatalogSnapshot {
  const objectNames = [...catalog.objectNames()];
  const objects: Record<string, CatalogSnapshot['objects'][string]> = {};
  for (const object of objectNames) {
    const fields = catalog.fields(object);
    if (!fields) continue;
    const picklists: Record<string, readonly string[]> = {};
    for (const [field, type] of Object.entries(fields)) {
      if (type !== 'picklist') continue;
      const values = catalog.picklist(object, field);
      if (values) picklists[field] = values;
    }
    objects[object] = { fields, picklists };
  }
  return { authoritative: catalog.authoritative, customNames: catalog.customNames, objectNames, objects };
}

/** The catalogue a snapshot was taken of. */
export function catalogFromSnapshot(snapshot: CatalogSnapshot): ObjectCatalog {
  // Own keys only: a name such as `constructor` is not an object the catalogue knows.
  const own = (object: string): CatalogSnapshot['objects'][string] | undefined =>
    Object.hasOwn(snapshot.objects, object) ? snapshot.objects[object] : undefined;
  const { customNames } = snapshot;
  return {
    authoritative: snapshot.authoritative,
    customNames,
    objectNames: () => snapshot.objectNames,
    fields: (object) => own(object)?.fields,
    picklist: (object, field) => {
      const picklists = own(object)?.picklists;
      return picklists && Object.hasOwn(picklists, field) ? picklists[field] : undefined;
    },
    isCustom: (name) => customNames !== 'none' && isCustomName(customNames, name),
  };
}
