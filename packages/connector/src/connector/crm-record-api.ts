import type { CrmRecord } from '../records/crm-record.ts';
import type { Crm } from '../profiles/crm-schema.ts';

/** Options of {@link CrmRecordApi.list}. */
export interface ListRecordsOptions {
  /** Fields to return (Salesforce API names or Sugar field names). */
  readonly fields: readonly string[];
  /** Text to look for; matched as "contains" against `searchFields`. */
  readonly search?: string;
  readonly searchFields?: readonly string[];
  /** Exact matches, ANDed (e.g. a Task's action key). */
  readonly equals?: Readonly<Record<string, string>>;
  readonly orderBy?: string;
  readonly offset?: number;
  /** Records per page; default 25, at most 200. */
  readonly limit?: number;
}

/** One page of a list, with the number of records matching in all. */
export interface RecordListPage {
  readonly records: readonly CrmRecord[];
  readonly total: number;
}

/** What an upsert by external ID did. */
export interface UpsertResult {
  readonly id: string;
  readonly created: boolean;
}

/**
 * Record-level access to a CRM through its REST API with the same real client the connector uses: what a
 * record page does (list, search, read, edit, create a task). The demo's record browser runs on it.
 */
export interface CrmRecordApi {
  readonly crm: Crm;
  list(object: string, options: ListRecordsOptions): Promise<RecordListPage>;
  /** One record, all fields unless `fields` names some; null when it does not exist. */
  get(object: string, id: string, fields?: readonly string[]): Promise<CrmRecord | null>;
  update(object: string, id: string, fields: Readonly<Record<string, unknown>>): Promise<void>;
  /** Creates a record and returns its id. */
  create(object: string, fields: Readonly<Record<string, unknown>>): Promise<string>;
  /**
   * Creates or updates the record whose `keyField` equals `fields[keyField]`: Salesforce's upsert by
   * external ID; on Sugar, which has no unique index, a filter on the key and then a create or an update.
   */
  upsert(object: string, keyField: string, fields: Readonly<Record<string, unknown>>): Promise<UpsertResult>;
  /** HTTP calls made so far. */
  apiCalls(): number;
  close(): Promise<void>;
}
