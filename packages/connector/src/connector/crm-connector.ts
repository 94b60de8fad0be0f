import type { CustomerRef, JourneyState, NextAction } from '../engine/journey-state.ts';
import type { DiagnosticList } from '../source/diagnostic.ts';
import type { JourneyDefinition } from '../journey/journey-definition.ts';
import type { JourneyValidationResult } from '../journey/validate-journey.ts';
import type { ObjectCatalog } from '../profiles/object-catalog.ts';
import type { CustomerRecordSet } from '../snapshot/group-customers.ts';

/** Progress of a long read, for progress bars and log lines. */
export interface ReadProgress {
  /** Customers handed out so far. */
  readonly customers: number;
  /** Total customers expected, when the CRM can count them cheaply. */
  readonly total: number | undefined;
  /** API calls used so far in this run. */
  readonly apiCalls: number;
}

/** Options for {@link CrmConnector.readCustomers}. */
export interface ReadCustomersOptions {
  /** Only customers with a record changed after this watermark (an opaque string from a previous read). */
  readonly since?: string;
  /** Only these customers (root or lead ids), e.g. to re-read one customer for `explain`. */
  readonly customerIds?: readonly string[];
  readonly onProgress?: (progress: ReadProgress) => void;
  /** The evaluation time, so conditions with relative dates can be pushed down; default now. */
  readonly asOf?: number;
  /** Stops the read between pages (an `AbortSignal` fits). */
  readonly signal?: { readonly aborted: boolean };
  /**
   * Only customers whose id is `>= from` and `< to` (either end open), compared as the CRM orders ids:
   * one partition of a full read (see {@link CrmConnector.listCustomers}). Not with `since`.
   */
  readonly range?: CustomerIdRange;
}

/** A half-open range of customer ids: `from` included, `to` excluded; a missing end is open. */
export interface CustomerIdRange {
  readonly from?: string | undefined;
  readonly to?: string | undefined;
}

/** What {@link CrmConnector.listCustomers} found: the ids a read would hand out, without their records. */
export interface CustomerList {
  /**
   * The customers' ids (root or lead), changed since `since` or all; a full listing in the CRM's id
   * order (case-insensitive), so that ranges cut at its ids split it evenly.
   */
  readonly customerIds: readonly string[];
  /** The watermark a read started now would return (the listing's start on the CRM's clock). */
  readonly watermark: string;
  readonly deletedCustomerIds: readonly string[];
  /** Ids one read call asks for when reading by id: id lists cut at its multiples cost no extra call. */
  readonly idBatch?: number;
}

/** One customer as read from the CRM, with what is stored in its journey fields today. */
export interface ReadCustomer extends CustomerRecordSet {
  /** The state stored in the root record's journey fields, if any (parsed `Journey_State__c`). */
  readonly stored: JourneyState | null;
  /**
   * What the customer's root record looked like when read (opaque; Salesforce: a fingerprint of its
   * fields). Pass it back in {@link CustomerWrite.sourceFingerprint} so that the next incremental read
   * can tell the echo of its own write from another user's edit.
   */
  readonly sourceFingerprint?: string | undefined;
}

/** What a read ends with: the watermark to pass as `since` next time. */
export interface ReadSummary {
  readonly watermark: string;
  /** Customers whose records were deleted since `since`, when the API tells. */
  readonly deletedCustomerIds: readonly string[];
}

/** What to write for one customer: its new state, and the actions to create as tasks. */
export interface CustomerWrite {
  readonly customer: CustomerRef;
  readonly state: JourneyState;
  /** The stored state, to decide whether the journey fields changed (see `journeyStateFingerprint`). */
  readonly stored: JourneyState | null;
  /** `create`-mode actions with status `new`: each becomes exactly one task, keyed by its action key. */
  readonly tasks: readonly NextAction[];
  /** {@link ReadCustomer.sourceFingerprint} of the read this state came from, when the connector gave one. */
  readonly sourceFingerprint?: string | undefined;
}

/** What a write did; failures are values, not exceptions, so one bad record never stops a run. */
export interface WriteSummary {
  readonly stagesWritten: number;
  readonly stagesUnchanged: number;
  readonly tasksCreated: number;
  /** Tasks whose key already existed (a retry, or a run after a crash): not created again. */
  readonly tasksExisting: number;
  readonly failures: readonly { readonly customerId: string; readonly code: string; readonly message: string }[];
}

/** API usage against the allowance, as the CRM reports it. */
export interface ApiUsage {
  /** Calls this connector made in this run. */
  readonly calls: number;
  /** The org's usage and limit for the day, when the CRM reports them (Salesforce `Sforce-Limit-Info`). */
  readonly used: number | undefined;
  readonly limit: number | undefined;
}

/** Validates a journey's text against a catalogue: `validateJourney`, or the same on another thread. */
export type JourneyValidator = (text: string, file: string, catalog: ObjectCatalog) => Promise<JourneyValidationResult>;

/** Options for {@link CrmConnector.checkJourney}. */
export interface CheckJourneyOptions {
  /** Validates the text once the org's catalogue is read (default: `validateJourney` on this thread). */
  readonly validate?: JourneyValidator;
}

/**
 * What the sync service needs from a CRM: check a journey against the org, read whole customers,
 * write stages and tasks exactly once. Implemented by the Salesforce and SugarCRM adapters.
 */
export interface CrmConnector {
  readonly crm: 'salesforce' | 'sugarcrm';
  /** Validates the journey against the org's real objects, fields and picklist values, and checks the journey fields exist. */
  checkJourney(
    text: string,
    file: string,
    options?: CheckJourneyOptions,
  ): Promise<DiagnosticList & { readonly journey?: JourneyDefinition }>;
  /** Streams customers with all their records (and history on first sight), bounded in memory. */
  readCustomers(journey: JourneyDefinition, options?: ReadCustomersOptions): AsyncGenerator<ReadCustomer, ReadSummary>;
  /**
   * Lists the customers a read would hand out (changed since `since`, or all), ids only: what a fleet
   * plans a run's partitions on. A full listing costs one call per 2,000 customers; with `since` it is
   * the changed-set read an incremental read does anyway. Absent where the CRM has no ordered id range.
   */
  listCustomers?(journey: JourneyDefinition, options?: { readonly since?: string }): Promise<CustomerList>;
  /** Writes journey fields (only where they changed) and creates tasks idempotently. */
  write(journey: JourneyDefinition, writes: readonly CustomerWrite[]): Promise<WriteSummary>;
  apiUsage(): ApiUsage;
  /**
   * The id of the org behind the connection (Salesforce: the Organization Id; SugarCRM: `server_info.site_id`),
   * or undefined when the CRM does not say: what a state file records to notice another org at the same URL.
   */
  orgId?(): Promise<string | undefined>;
  close(): Promise<void>;
}
