// The queries one read runs: one stream per object (two for leads and activities, whose customer is
// either an account/contact or the lead itself), each ordered by the field that names the customer, so
// that the streams can be merged customer by customer.
import type { SoqlFieldType } from '../conditions/compile-soql.ts';
import { compileToSoql } from '../conditions/compile-soql.ts';
import type { JourneyDefinition } from '../journey/journey-definition.ts';
import { journeyObjects } from './journey-objects.ts';
import { ConnectorError } from '../errors/connector-error.ts';
import { assertIdentifiers } from '../profiles/crm-identifier.ts';
import { ownValue } from '../records/own-value.ts';

/** The part of a describe result the plan reads. */
export interface DescribedObject {
  readonly name: string;
  readonly fields: readonly { readonly name: string; readonly type: string }[];
}

/** Which customer a stream's key names. */
export type StreamRole = 'root' | 'lead' | 'member';

/** One ordered query of the read. */
export interface ReadStream {
  readonly object: string;
  readonly fields: readonly string[];
  /** Conditions AND-ed into the WHERE. */
  readonly where: readonly string[];
  /** The field (or relationship path) that holds the customer id; the query is ordered by it. */
  readonly keyField: string;
  readonly role: StreamRole;
}

/** The queries of a read, and what was pushed into SOQL. */
export interface ReadPlan {
  readonly streams: readonly ReadStream[];
  /** Objects narrowed by a WHERE compiled from the journey's conditions, with that WHERE. */
  readonly pushed: Readonly<Record<string, string>>;
}

/**
 * The longest WHERE pushed down from the journey's conditions, URL-encoded. A REST query travels in the
 * URL, and Salesforce refuses a request whose URI and headers pass 16,384 bytes (HTTP 431, or 414): the
 * field list, a batch of 200 customer ids and the headers need the rest. A longer condition (a journey
 * with hundreds of stages) is not pushed; the engine filters those records as it does any other.
 */
export const MAX_PUSHDOWN_BYTES = 4_000;

// Compound and binary fields cannot be read in bulk and carry nothing the engine compares.
const SKIPPED_TYPES = new Set(['address', 'location', 'base64', 'complexvalue']);

function soqlType(type: string | undefined): SoqlFieldType {
  if (type === 'date') return 'date';
  if (type === 'datetime') return 'datetime';
  return type === 'boolean' ? 'boolean' : 'other';
}

// `$any` conditions only need the records they match; every other quantifier, or an object the
// journey also uses in templates, touchpoints or for history, needs every record.
function pushdown(
  journey: JourneyDefinition,
  object: string,
  described: DescribedObject,
  asOf: number,
): string | undefined {
  const use = journeyObjects(journey).get(object);
  if (!use || use.wholeObject || use.quantified.length === 0) return undefined;
  if (use.quantified.some((item) => item.quantifier.kind !== 'any')) return undefined;
  const types = new Map(described.fields.map((field) => [field.name, field.type]));
  const parts: string[] = [];
  for (const { where } of use.quantified) {
    const result = compileToSoql(where, { asOf, fieldType: (field) => soqlType(types.get(field)) });
    if (!result.ok || result.where === '') return undefined;
    parts.push(`(${result.where})`);
  }
  const where = parts.length === 1 ? parts[0] : `(${parts.join(' OR ')})`;
  return where !== undefined && encodeURIComponent(where).length <= MAX_PUSHDOWN_BYTES ? where : undefined;
}

/** The relationship name of a standard lookup field: `OpportunityId` -> `Opportunity`. */
function relationshipOf(field: string): string {
  return field.endsWith('__c') ? `${field.slice(0, -3)}__r` : field.replace(/Id$/, '');
}

// The streams of one root kind. `leadOwn` is the WHERE that keeps the leads that are customers of their own
// (`p` is the path prefix of a history row's lead).
function planRoot(
  journey: JourneyDefinition,
  root: string,
  described: ReadonlyMap<string, DescribedObject>,
  options: { readonly asOf: number; readonly history: boolean },
  leadOwn: (p: string) => string,
): ReadPlan {
  const { profile } = journey;
  const rootKind = root.startsWith('Account') ? 'Account' : 'Contact';
  const lead = profile.lead.object;
  const converted = profile.lead.convertedField;
  const leadLink = profile.objects[lead]?.links[rootKind]?.[0]?.field;
  const objects = new Set(journeyObjects(journey).keys());
  if (options.history) {
    for (const [name, object] of Object.entries(profile.objects)) {
      const parent = object.links[rootKind]?.[0]?.field;
      if (object.role === 'history' && parent !== undefined && objects.has(relationshipOf(parent))) objects.add(name);
    }
  }
  const streams: ReadStream[] = [];
  const pushed: Record<string, string> = {};
  for (const object of objects) {
    const description = described.get(object);
    if (!description) continue;
    const fields = description.fields.filter((field) => !SKIPPED_TYPES.has(field.type)).map((field) => field.name);
    const add = (keyField: string, role: StreamRole, where: readonly string[]): void => {
      streams.push({ object, fields, where, keyField, role });
    };
    const profileObject = profile.objects[object];
    const custom = ownValue(journey.links, object);
    // A link the org does not have is refused here rather than sent (checkJourney reports it first).
    if (custom !== undefined && !description.fields.some((field) => field.name === custom))
      throw new ConnectorError(
        'JOURNEY_INVALID',
        `${object} has no field ${JSON.stringify(custom)} (customer.links.${object}).`,
        {
          actions: [
            `Name the lookup field of ${object} that points at ${root} (see the fields of ${object} in Setup).`,
          ],
        },
      );
    const link = custom ?? profileObject?.links[rootKind]?.[0]?.field;
    if (object === root) {
      add('Id', 'root', []);
    } else if (object === lead && leadLink !== undefined) {
      add(leadLink, 'member', [`${converted} = true`, `${leadLink} != null`]);
      add('Id', 'lead', [leadOwn('')]);
    } else if (profileObject?.role === 'history' && link !== undefined) {
      const parent = relationshipOf(link);
      if (parent === lead && leadLink !== undefined) {
        add(`${parent}.${leadLink}`, 'member', [`${parent}.${converted} = true`, `${parent}.${leadLink} != null`]);
        add(link, 'lead', [leadOwn(`${parent}.`)]);
      } else {
        const parentLink = profile.objects[parent]?.links[rootKind]?.[0]?.field;
        if (parentLink !== undefined) add(`${parent}.${parentLink}`, 'member', [`${parent}.${parentLink} != null`]);
      }
    } else if (link !== undefined) {
      const narrowed = pushdown(journey, object, description, options.asOf);
      if (narrowed !== undefined) pushed[object] = narrowed;
      const extra = narrowed === undefined ? [] : [narrowed];
      add(link, 'member', [`${link} != null`, ...extra]);
      // Activities of an unconverted lead name no account: they follow the lead through WhoId.
      if (profileObject?.role === 'activity' && link !== 'WhoId' && objects.has(lead)) {
        add('WhoId', 'lead', [`${link} = null`, 'WhoId != null', ...extra]);
      }
    }
  }
  return { streams, pushed };
}

// The account link of a contact stream's rows (`AccountId`, `Opportunity.AccountId`): a row where it is
// set belongs to an account's customer, which the account streams read.
function accountGuard(journey: JourneyDefinition, stream: ReadStream): string | undefined {
  const objects = journey.profile.objects;
  const [parent, field] = stream.keyField.includes('.') ? stream.keyField.split('.') : [undefined, stream.keyField];
  const owner = parent ?? stream.object;
  const link = objects[owner]?.links['Account']?.[0]?.field;
  if (stream.role === 'root') return `${objects['Contact']?.links['Account']?.[0]?.field ?? 'AccountId'} = null`;
  if (link === undefined || link === field) return undefined;
  return `${parent === undefined ? '' : `${parent}.`}${link} = null`;
}

const streamIdentity = (stream: ReadStream): string =>
  `${stream.object}\u0000${stream.keyField}\u0000${[...stream.where].sort().join('\u0000')}`;

/**
 * Plans the queries of a read. `history` adds OpportunityHistory / LeadHistory (first sight of
 * customers); objects the org does not have are left out (`checkJourney` reports them). With a
 * `contactRoot` (a set with an account and a contact journey) the account streams are joined by the
 * contact streams of the rows that name no account: contacts without an account and their records.
 * Each row is still read once: a stream both plans share (a lead's activities, keyed by WhoId) is kept once.
 */
export function planRead(
  journey: JourneyDefinition,
  described: ReadonlyMap<string, DescribedObject>,
  options: { readonly asOf: number; readonly history: boolean },
): ReadPlan {
  const { converted, leadLink, contactLeadLink } = leadFields(journey);
  if (journey.contactRoot === undefined || contactLeadLink === undefined || leadLink === undefined)
    return planRoot(
      journey,
      journey.root,
      described,
      options,
      (p) => `(${p}${converted} = false OR ${p}${leadLink} = null)`,
    );
  const own = (p: string): string =>
    `(${p}${converted} = false OR (${p}${leadLink} = null AND ${p}${contactLeadLink} = null))`;
  const accounts = planRoot(journey, journey.root, described, options, own);
  const contacts = planRoot(journey, journey.contactRoot, described, options, own);
  const streams = [...accounts.streams];
  const seen = new Set(streams.map(streamIdentity));
  for (const stream of contacts.streams) {
    // Leads that are customers of their own are read once, by the account streams.
    if (stream.role === 'lead') continue;
    const guard = accountGuard(journey, stream);
    const guarded = guard === undefined ? stream : { ...stream, where: [...stream.where, guard] };
    if (seen.has(streamIdentity(guarded))) continue;
    seen.add(streamIdentity(guarded));
    streams.push(guarded);
  }
  return { streams, pushed: { ...contacts.pushed, ...accounts.pushed } };
}

function leadFields(journey: JourneyDefinition): {
  converted: string;
  leadLink: string | undefined;
  contactLeadLink: string | undefined;
} {
  const { profile, root } = journey;
  const links = profile.objects[profile.lead.object]?.links;
  return {
    converted: profile.lead.convertedField,
    leadLink: links?.[root.startsWith('Account') ? 'Account' : 'Contact']?.[0]?.field,
    contactLeadLink: links?.['Contact']?.[0]?.field,
  };
}

/** The SOQL of one stream, with optional extra conditions (an `IN` batch of customer ids). */
export function streamSoql(stream: ReadStream, extra: readonly string[] = []): string {
  const fields = new Set(stream.fields);
  if (stream.keyField.includes('.')) fields.add(stream.keyField);
  // The last guard before names are pasted into SOQL: validation has refused bad names already.
  assertIdentifiers('salesforce', 'object', [stream.object]);
  assertIdentifiers('salesforce', 'field', [...fields, stream.keyField]);
  const where = [...stream.where, ...extra];
  return (
    `SELECT ${[...fields].join(', ')} FROM ${stream.object}` +
    (where.length === 0 ? '' : ` WHERE ${where.join(' AND ')}`) +
    ` ORDER BY ${stream.keyField} ASC`
  );
}
