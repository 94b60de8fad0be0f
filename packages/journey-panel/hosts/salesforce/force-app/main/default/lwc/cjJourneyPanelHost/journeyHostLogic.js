// @ts-check
// The Salesforce wrapper's logic, free of `lwc` and `lightning/*` imports so that it runs (and is tested)
// outside the platform: which record is the customer, how its journey fields parse, what an accepted
// action writes as a Task.

/** The fields the sync service writes on the customer's root record. */
export const JOURNEY_FIELDS = ['Journey_Stage__c', 'Journey_Stage_Entered__c', 'Journey_State__c'];

/** The Task field that carries the action key; a unique external ID, so a second create fails. */
export const ACTION_KEY_FIELD = 'Journey_Action_Key__c';

/**
 * How each record page finds its customer: the lookups to the root object (Account or Contact).
 * An unconverted lead is a customer of its own; a converted one points at what it became.
 * @type {Readonly<Record<string, Readonly<Record<string, readonly string[]>>>>}
 */
const ROOT_LINKS = {
  Account: { Account: [], Contact: ['AccountId'], Opportunity: ['AccountId'], Case: ['AccountId'] },
  Contact: { Contact: [], Opportunity: ['ContactId'], Case: ['ContactId'] },
};

/**
 * @typedef {{ fields?: Record<string, { value?: unknown } | undefined> }} UiRecord
 * A record as Lightning Data Service (`getRecord`) returns it.
 */

/**
 * @typedef {{ objectApiName: string, recordId: string }} RecordRef
 */

/**
 * The roots a `rootObject` setting names: `Account`, `Contact`, or, for a journey set with a B2B and a B2C
 * journey, `Account+Contact` (a contact without an account is then a customer of its own).
 * @param {string} rootObject
 * @returns {string[]}
 */
function rootsOf(rootObject) {
  return rootObject
    .split('+')
    .map((root) => root.trim())
    .filter((root) => root !== '');
}

/**
 * The fields `getRecord` must read on the page's record to find the customer, as `Object.Field` names.
 * @param {string} objectApiName the record page's object
 * @param {string} rootObject `Account` or `Contact`, as the journey's `customer.root`; `Account+Contact` for a set of both
 * @returns {string[]}
 */
export function linkFields(objectApiName, rootObject) {
  const roots = rootsOf(rootObject);
  if (objectApiName === 'Lead') {
    return [
      'Lead.IsConverted',
      ...roots.map((root) => (root === 'Contact' ? 'Lead.ConvertedContactId' : 'Lead.ConvertedAccountId')),
    ];
  }
  const links = roots.flatMap((root) => ROOT_LINKS[root]?.[objectApiName] ?? []);
  return [`${objectApiName}.Id`, ...new Set(links.map((field) => `${objectApiName}.${field}`))];
}

/**
 * @param {UiRecord | undefined} record
 * @param {string} field
 * @returns {unknown}
 */
function valueOf(record, field) {
  return record?.fields?.[field]?.value ?? null;
}

/**
 * The customer's root record for the page's record, or null when the record belongs to no customer yet
 * (a contact without an account, say). With several roots the first that the record reaches wins: on
 * `Account+Contact` a contact under an account shows the account, a contact without one itself.
 * @param {string} objectApiName
 * @param {string} recordId
 * @param {UiRecord | undefined} record the page's record, read with `linkFields`
 * @param {string} rootObject
 * @returns {RecordRef | null}
 */
export function resolveRootRecord(objectApiName, recordId, record, rootObject) {
  const roots = rootsOf(rootObject);
  if (objectApiName === 'Lead') {
    if (valueOf(record, 'IsConverted') === true) {
      for (const root of roots) {
        const converted = valueOf(record, root === 'Contact' ? 'ConvertedContactId' : 'ConvertedAccountId');
        if (typeof converted === 'string' && converted !== '') return { objectApiName: root, recordId: converted };
      }
    }
    return { objectApiName: 'Lead', recordId };
  }
  for (const root of roots) {
    const field = ROOT_LINKS[root]?.[objectApiName]?.[0];
    const linked = field === undefined ? null : valueOf(record, field);
    if (typeof linked === 'string' && linked !== '') return { objectApiName: root, recordId: linked };
    if (objectApiName === root) return { objectApiName, recordId };
  }
  return null;
}

/**
 * The journey fields of a root object, as `getRecord` wants them.
 * @param {string} objectApiName
 * @returns {string[]}
 */
export function journeyFieldNames(objectApiName) {
  return JOURNEY_FIELDS.map((field) => `${objectApiName}.${field}`);
}

/**
 * The journey state stored on the root record: `state` null when the sync has not placed the customer
 * yet, `error` when the stored JSON cannot be read (the panel shows it in its error state).
 * @param {UiRecord | undefined} record
 * @returns {{ state: object | null, error: string | null }}
 */
export function parseJourneyRecord(record) {
  const raw = valueOf(record, 'Journey_State__c');
  if (raw === null || raw === '') return { state: null, error: null };
  if (typeof raw !== 'string') return { state: null, error: 'Journey_State__c is not a text field.' };
  try {
    const state = JSON.parse(raw);
    const valid =
      typeof state === 'object' &&
      state !== null &&
      typeof state.customer === 'object' &&
      Array.isArray(state.history) &&
      Array.isArray(state.touchpoints) &&
      Array.isArray(state.nextActions);
    if (!valid) throw new Error('it lacks customer, history, touchpoints or nextActions');
    return { state, error: null };
  } catch (cause) {
    const reason = cause instanceof Error ? cause.message : String(cause);
    return {
      state: null,
      error: `The journey state stored on this record cannot be read (${reason}). The next sync rewrites it.`,
    };
  }
}

const PRIORITY = { high: 'High', normal: 'Normal', low: 'Low' };
const SUBTYPE = { call: 'Call', email: 'Email', task: 'Task', meeting: 'Task' };
const WHO_OBJECTS = new Set(['Lead', 'Contact']);

/**
 * The Task an accepted action becomes, for `createRecord({ apiName: 'Task', fields })`. The action key goes
 * into the unique external ID, so accepting twice (or racing the sync) cannot create two tasks.
 * @param {{ key: string, type: string, subject: string, description: string | null, dueDate: string | null,
 *   priority: string, owner: { kind: string, id: string | null } }} action
 * @param {RecordRef} root the customer's root record
 * @returns {Record<string, string>}
 */
export function taskFieldsForAction(action, root) {
  /** @type {Record<string, string>} */
  const fields = {
    Subject: action.subject.slice(0, 255),
    Status: 'Not Started',
    Priority: PRIORITY[/** @type {keyof typeof PRIORITY} */ (action.priority)] ?? 'Normal',
    TaskSubtype: SUBTYPE[/** @type {keyof typeof SUBTYPE} */ (action.type)] ?? 'Task',
    [ACTION_KEY_FIELD]: action.key,
  };
  if (action.dueDate) fields['ActivityDate'] = action.dueDate;
  if (action.description) fields['Description'] = action.description;
  // Tasks cannot belong to a queue; without a user the task goes to whoever accepts it.
  if (action.owner.kind === 'user' && action.owner.id) fields['OwnerId'] = action.owner.id;
  fields[WHO_OBJECTS.has(root.objectApiName) ? 'WhoId' : 'WhatId'] = root.recordId;
  return fields;
}

/**
 * The `updateRecord` input a `cj-key-field-edit` becomes, or null when the edit is not one the panel may
 * make: only the customer's own root record, only a key field the journey state lists for the current
 * stage (a crafted event cannot write any other field). Lightning Data Service applies the org's
 * validation rules, field-level security and types; its refusal goes back to the panel.
 * @param {{ object: string, recordId: string, field: string, value: unknown }} edit
 * @param {RecordRef | null} root the customer's root record
 * @param {{ keyFields?: { field: string }[] } | null} state the journey state the panel shows
 * @returns {{ fields: Record<string, unknown> } | null}
 */
export function keyFieldUpdate(edit, root, state) {
  if (!root || root.objectApiName === 'Lead') return null;
  if (edit.object !== root.objectApiName || edit.recordId !== root.recordId) return null;
  if (!(state?.keyFields ?? []).some((key) => key.field === edit.field) || edit.field === 'Id') return null;
  return { fields: { Id: root.recordId, [edit.field]: edit.value } };
}

/**
 * The state with a saved key field's new value: what the panel shows until the next sync rewrites the
 * state (the journey fields do not change when another field of the record does).
 * @template {{ keyFields?: { field: string, value: unknown }[] }} S
 * @param {S} state
 * @param {string} field
 * @param {unknown} value
 * @returns {S}
 */
export function withKeyFieldValue(state, field, value) {
  const keyFields = (state.keyFields ?? []).map((key) => (key.field === field ? { ...key, value } : key));
  return { ...state, keyFields };
}

/**
 * A readable message from a Lightning Data Service or JavaScript error.
 * @param {unknown} error
 * @returns {string}
 */
export function errorText(error) {
  const body = /** @type {{ body?: unknown }} */ (error ?? {}).body;
  const bodies = Array.isArray(body) ? body : [body];
  const messages = bodies
    .map((item) => /** @type {{ message?: unknown }} */ (item ?? {}).message)
    .filter((message) => typeof message === 'string' && message !== '');
  if (messages.length > 0) return messages.join(' ');
  if (error instanceof Error) return error.message;
  return 'Unknown error.';
}

/**
 * Whether `createRecord` failed because a Task with this action key already exists: the task is there,
 * which is what the rep wanted.
 * @param {unknown} error
 * @returns {boolean}
 */
export function isDuplicateKeyError(error) {
  const output =
    /** @type {{ body?: { output?: { errors?: { errorCode?: string }[],
     *   fieldErrors?: Record<string, { errorCode?: string }[]> } } }} */ (error ?? {}).body?.output;
  const codes = [...(output?.errors ?? []), ...Object.values(output?.fieldErrors ?? {}).flat()].map(
    (item) => item.errorCode,
  );
  return codes.includes('DUPLICATE_VALUE');
}

/**
 * The stages of a journey from the registry `cj-journey-stages.js` fills (`globalThis.cjJourneyStages`).
 * @param {Record<string, unknown[]> | undefined} registry
 * @param {{ journey?: { id?: string } } | null} state
 * @returns {unknown[]}
 */
export function stagesForState(registry, state) {
  const id = state?.journey?.id;
  return (id && registry?.[id]) || [];
}

/**
 * The name of the state's journey from the registry `cj-journey-stages.js` fills (`globalThis.cjJourneyNames`);
 * empty when unknown, and the panel then shows none.
 * @param {Record<string, string> | undefined} names
 * @param {{ journey?: { id?: string } } | null} state
 * @returns {string}
 */
export function journeyNameForState(names, state) {
  const id = state?.journey?.id;
  const name = id ? names?.[id] : undefined;
  return typeof name === 'string' ? name : '';
}
