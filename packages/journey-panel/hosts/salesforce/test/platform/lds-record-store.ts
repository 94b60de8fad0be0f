// The records behind the `lightning/uiRecordApi` stand-in: what Lightning Data Service would hold for the
// page, and every write the component asked for. Tests seed it and read its log; components only ever
// reach it through the `lightning/uiRecordApi` functions, as on the platform.

/** A field as the UI API returns it. */
export interface UiFieldValue {
  readonly value: unknown;
  readonly displayValue: string | null;
}

/** A record as the UI API (`getRecord`, `createRecord`) returns it. */
export interface UiRecord {
  readonly apiName: string;
  readonly id: string;
  readonly fields: Readonly<Record<string, UiFieldValue>>;
  readonly childRelationships: Readonly<Record<string, never>>;
  readonly recordTypeId: string | null;
  readonly lastModifiedDate: string;
  readonly systemModstamp: string;
}

/** One write a component made through `createRecord` or `updateRecord`. */
export interface LdsWrite {
  readonly operation: 'createRecord' | 'updateRecord';
  readonly apiName: string;
  readonly id: string;
  readonly fields: Readonly<Record<string, unknown>>;
}

interface StoredRecord {
  readonly apiName: string;
  readonly fields: Record<string, unknown>;
  modified: string;
}

/** What an object's records may hold, and which of its fields are unique (as the org's schema says). */
export interface LdsObjectSchema {
  readonly fields: readonly string[];
  readonly unique?: readonly string[];
}

const schemas = new Map<string, LdsObjectSchema>();
const records = new Map<string, StoredRecord>();
const listeners = new Set<(recordId: string) => void>();
let created = 0;

/** The record store Lightning Data Service keeps for the page, and the writes made through it. */
export const ldsRecordStore = {
  writes: [] as LdsWrite[],

  /** Empties the store and the write log, and sets the objects the org knows. */
  reset(objects: Readonly<Record<string, LdsObjectSchema>>): void {
    schemas.clear();
    records.clear();
    this.writes.length = 0;
    for (const [name, schema] of Object.entries(objects)) schemas.set(name, schema);
  },

  schema(apiName: string): LdsObjectSchema | undefined {
    return schemas.get(apiName);
  },

  /** Puts a record in the org, as another user or the sync service would (`notify` tells the wires). */
  put(apiName: string, id: string, fields: Readonly<Record<string, unknown>>): void {
    const stored = records.get(id);
    records.set(id, { apiName, fields: { ...stored?.fields, ...fields, Id: id }, modified: new Date().toISOString() });
  },

  /** A new record id with the object's key prefix. */
  newId(apiName: string): string {
    created += 1;
    const prefix = apiName === 'Task' ? '00T' : 'a0X';
    return `${prefix}${String(created).padStart(12, '0')}AAA`;
  },

  find(id: string): StoredRecord | undefined {
    return records.get(id);
  },

  all(apiName: string): { id: string; fields: Readonly<Record<string, unknown>> }[] {
    return [...records].filter(([, r]) => r.apiName === apiName).map(([id, r]) => ({ id, fields: r.fields }));
  },

  /** Tells every wire reading `recordId` that it changed (LDS refreshes them from the server). */
  notify(recordId: string): void {
    for (const listener of listeners) listener(recordId);
  },

  listen(listener: (recordId: string) => void): () => void {
    listeners.add(listener);
    return () => listeners.delete(listener);
  },
};
