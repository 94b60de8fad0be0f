import type { Crm } from './crm-schema.ts';

/** The kinds of field the journey needs to tell apart. */
export type FieldType = 'id' | 'string' | 'picklist' | 'boolean' | 'number' | 'date' | 'datetime';

/** How a record points at a record that leads to the customer: a field, optionally only for one parent type. */
export interface LinkRule {
  readonly field: string;
  /** For polymorphic parents (Sugar `parent_type`): the type field and the value it must have. */
  readonly typeField?: string;
  readonly typeValue?: string;
}

/** How an activity shows that it is finished; any one of the signs given is enough. */
export interface ActivityClosedRule {
  /** Finished once the first of these date-time fields that is set has passed (an event's end). */
  readonly endedAt?: readonly string[];
  /** Finished when this boolean field is true. */
  readonly closedFlag?: string;
  /** Finished when this field holds one of the values. */
  readonly status?: { readonly field: string; readonly values: readonly string[] };
}

/** What the engine knows about one standard CRM object. */
export interface ObjectProfile {
  readonly name: string;
  readonly fields: Readonly<Record<string, FieldType>>;
  /** Default picklist values of a new org / instance; real orgs are checked with `--org`. */
  readonly picklists: Readonly<Record<string, readonly string[]>>;
  /** Fields whose value is a root record id, or the id of a record already placed on a customer. */
  readonly links: Readonly<Partial<Record<'Account' | 'Contact', readonly LinkRule[]>>>;
  readonly role: 'customer' | 'record' | 'activity' | 'history';
}

/**
 * What the default values of the pipeline picklists mean, for code that writes records (the sandbox's
 * generator, benches, the demo): each value is one of the object's picklist values.
 */
export interface PipelineValues {
  /** Default probability (%) of each opportunity stage. */
  readonly stageProbability: Readonly<Record<string, number>>;
  /** Lead statuses: not yet contacted, being worked, converted, dropped. */
  readonly leadStatus: {
    readonly new: string;
    readonly working: string;
    readonly converted: string;
    readonly dropped: string;
  };
  /** Case statuses: new, being worked, escalated (where the CRM has one), closed. */
  readonly caseStatus: {
    readonly new: string;
    readonly working: string;
    readonly escalated: string | undefined;
    readonly closed: string;
  };
  /** Task statuses: not started, completed. */
  readonly taskStatus: { readonly open: string; readonly done: string };
}

/** What the engine knows about a CRM: its objects and the names of its standard fields. */
export interface CrmProfile {
  readonly crm: Crm;
  readonly objects: Readonly<Record<string, ObjectProfile>>;
  readonly idField: string;
  readonly createdField: string;
  readonly modifiedField: string;
  readonly ownerField: string;
  /** Lead object and how conversion shows on it. */
  readonly lead: { readonly object: string; readonly convertedField: string };
  /** Activity objects that carry the action key, per action type. */
  readonly activityObjects: {
    readonly task: string;
    readonly call: string;
    readonly meeting: string;
    readonly email: string;
  };
  /** The activity field holding the journey action key. */
  readonly actionKeyField: string;
  /** The activity field holding its subject: a touchpoint's subject when the journey names none. */
  readonly subjectField: string;
  /** How each activity object shows that it is finished; `default` for objects not listed. */
  readonly activityClosed: {
    readonly default: ActivityClosedRule;
    readonly byObject: Readonly<Record<string, ActivityClosedRule>>;
  };
  /** The objects a journey's customer root may be: the B2B one first, then the B2C one. */
  readonly customerRoots: readonly string[];
  /** The journey fields on the customer root. */
  readonly journeyFields: { readonly stage: string; readonly enteredAt: string; readonly state: string };
  /** What the default stage and status values mean. */
  readonly pipeline: PipelineValues;
}

/** True for custom objects and fields, which the bundled catalogue cannot know. */
export function isCustomName(crm: Crm, name: string): boolean {
  return crm === 'salesforce' ? name.endsWith('__c') || name.endsWith('__r') : name.endsWith('_c');
}
