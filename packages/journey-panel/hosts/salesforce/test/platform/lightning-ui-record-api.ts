/* eslint-disable @typescript-eslint/only-throw-error -- LDS rejects with the UI API's response objects, not Errors. */
// Stand-in for the platform module `lightning/uiRecordApi`, resolved by the test bundler
// (scripts/lwc-vite-plugin.ts). It behaves as Lightning Data Service does towards a component: `getRecord`
// is a wire adapter that waits until its config is complete, then emits `{ data, error }` asynchronously
// and again whenever the record changes; `createRecord` / `updateRecord` return promises of the record and
// reject with the UI API's error shapes (unknown fields, a duplicate value in a unique field).
import { ldsRecordStore, type UiRecord } from './lds-record-store.ts';

interface FetchError {
  readonly ok: false;
  readonly status: number;
  readonly statusText: string;
  readonly body: unknown;
}

function fetchError(status: number, body: unknown): FetchError {
  return { ok: false, status, statusText: status === 404 ? 'Not Found' : 'Bad Request', body };
}

function toUiRecord(id: string, fieldNames?: readonly string[]): UiRecord {
  const stored = ldsRecordStore.find(id);
  if (!stored) throw new Error(`no record ${id}`);
  const names = fieldNames ?? Object.keys(stored.fields);
  const fields = Object.fromEntries(
    names.map((name) => [name, Object.freeze({ value: stored.fields[name] ?? null, displayValue: null })]),
  );
  // LDS hands out read-only records.
  return Object.freeze({
    apiName: stored.apiName,
    id,
    fields: Object.freeze(fields),
    childRelationships: Object.freeze({}),
    recordTypeId: null,
    lastModifiedDate: stored.modified,
    systemModstamp: stored.modified,
  });
}

/** The fields of a `getRecord` config (`Object.Field`) as field names, or the error LDS emits. */
function readableFields(id: string, fields: readonly string[]): string[] | FetchError {
  const stored = ldsRecordStore.find(id);
  if (!stored) return fetchError(404, [{ errorCode: 'NOT_FOUND', message: 'The requested resource does not exist' }]);
  const schema = ldsRecordStore.schema(stored.apiName);
  const names: string[] = [];
  for (const qualified of fields) {
    const [object, field] = qualified.split('.');
    if (object !== stored.apiName || field === undefined || !schema?.fields.includes(field)) {
      return fetchError(400, [
        { errorCode: 'INVALID_FIELD', message: `No such column '${qualified}' on entity '${stored.apiName}'.` },
      ]);
    }
    names.push(field);
  }
  return names;
}

type DataCallback = (value: { data: UiRecord | undefined; error: FetchError | undefined }) => void;

/** The `getRecord` wire adapter: `@wire(getRecord, { recordId, fields })`. */
export const getRecord = class GetRecordAdapter {
  private config: { recordId?: string | null; fields?: readonly string[] } = {};
  private stopListening: (() => void) | undefined;
  private readonly emit: DataCallback;

  constructor(dataCallback: DataCallback) {
    this.emit = dataCallback;
  }

  connect(): void {
    this.stopListening = ldsRecordStore.listen((recordId) => {
      if (recordId === this.config.recordId) this.provide();
    });
  }

  disconnect(): void {
    this.stopListening?.();
  }

  update(config: { recordId?: string | null; fields?: readonly string[] }): void {
    this.config = config;
    this.provide();
  }

  private provide(): void {
    const { recordId, fields } = this.config;
    // LDS provisions nothing while a reactive parameter is still undefined.
    if (recordId === undefined || recordId === null || fields === undefined) return;
    queueMicrotask(() => {
      const names = readableFields(recordId, fields);
      if (Array.isArray(names)) this.emit({ data: toUiRecord(recordId, names), error: undefined });
      else this.emit({ data: undefined, error: names });
    });
  }
};

/** The error the UI API answers a write with, in `error.body.output`. */
function writeError(errors: { errorCode: string; message: string }[], fieldErrors = {}): FetchError {
  return fetchError(400, { message: errors[0]?.message ?? 'Invalid field', output: { errors, fieldErrors } });
}

function checkWrite(apiName: string, fields: Readonly<Record<string, unknown>>, id: string | null): void {
  const schema = ldsRecordStore.schema(apiName);
  if (!schema) throw writeError([{ errorCode: 'INVALID_TYPE', message: `Object ${apiName} is not supported.` }]);
  for (const field of Object.keys(fields)) {
    if (field !== 'Id' && !schema.fields.includes(field)) {
      throw writeError([], {
        [field]: [{ errorCode: 'INVALID_FIELD', message: `No such column '${field}' on entity '${apiName}'.` }],
      });
    }
  }
  for (const field of schema.unique ?? []) {
    const value = fields[field];
    const clash = ldsRecordStore.all(apiName).find((r) => r.id !== id && value != null && r.fields[field] === value);
    if (clash) {
      throw writeError([
        {
          errorCode: 'DUPLICATE_VALUE',
          message: `duplicate value found: ${field} duplicates value on record with id: ${clash.id}`,
        },
      ]);
    }
  }
}

/** Creates a record: `createRecord({ apiName, fields })`, a promise of the created record. */
export async function createRecord(input: {
  apiName: string;
  fields: Readonly<Record<string, unknown>>;
}): Promise<UiRecord> {
  await Promise.resolve();
  checkWrite(input.apiName, input.fields, null);
  const id = ldsRecordStore.newId(input.apiName);
  ldsRecordStore.writes.push({ operation: 'createRecord', apiName: input.apiName, id, fields: { ...input.fields } });
  ldsRecordStore.put(input.apiName, id, input.fields);
  return toUiRecord(id);
}

/** Updates a record: `updateRecord({ fields: { Id, ... } })`, a promise of the updated record. */
export async function updateRecord(input: { fields: Readonly<Record<string, unknown>> }): Promise<UiRecord> {
  await Promise.resolve();
  const id = input.fields['Id'];
  const stored = typeof id === 'string' ? ldsRecordStore.find(id) : undefined;
  if (typeof id !== 'string' || !stored) {
    throw fetchError(404, {
      message: 'The requested resource does not exist',
      output: { errors: [], fieldErrors: {} },
    });
  }
  checkWrite(stored.apiName, input.fields, id);
  ldsRecordStore.writes.push({ operation: 'updateRecord', apiName: stored.apiName, id, fields: { ...input.fields } });
  ldsRecordStore.put(stored.apiName, id, input.fields);
  ldsRecordStore.notify(id);
  return toUiRecord(id);
}

/** Tells LDS the records changed on the server: every wire reading them gets the fresh record. */
export async function notifyRecordUpdateAvailable(items: readonly { recordId: string }[]): Promise<void> {
  await Promise.resolve();
  for (const { recordId } of items) ldsRecordStore.notify(recordId);
}
