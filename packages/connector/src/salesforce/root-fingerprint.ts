// A fingerprint of a customer's root record as read, stored with the journey state it led to. The next
// incremental read compares it with the root as it is then: equal means the root's newer SystemModstamp
// is only the echo of our own journey-field write, so the customer need not be read again.
import { createHash } from 'node:crypto';
import type { CrmRecord } from '../records/crm-record.ts';
import type { JourneyDefinition } from '../journey/journey-definition.ts';

// Moved by our own writes or by activity on children (whose own rows say so), never by a user's edit
// of the root itself.
const ECHO_FIELDS = [
  'attributes',
  'IsDeleted',
  'SystemModstamp',
  'LastModifiedDate',
  'LastModifiedById',
  'LastActivityDate',
  'LastViewedDate',
  'LastReferencedDate',
];

const DATE_TIME = /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(\.\d+)?(Z|[+-]\d\d:?\d\d)$/;

// REST answers `...000+0000`, Bulk API CSV `...000Z`: one instant, one text.
function canonical(value: unknown): unknown {
  if (typeof value !== 'string' || !DATE_TIME.test(value)) return value;
  const time = Date.parse(value.replace(/([+-]\d\d)(\d\d)$/, '$1:$2'));
  return Number.isNaN(time) ? value : new Date(time).toISOString();
}

/**
 * The fingerprint of a root record: every field but the journey fields and the audit fields our own
 * writes move, in field-name order, date-times normalised. Any edit of any other field changes it.
 */
export function rootFingerprint(journey: JourneyDefinition, record: CrmRecord): string {
  const skip = new Set([...ECHO_FIELDS, ...Object.values(journey.profile.journeyFields)]);
  const fields = Object.keys(record)
    .filter((field) => !skip.has(field) && (typeof record[field] !== 'object' || record[field] === null))
    .sort();
  const text = JSON.stringify(fields.map((field) => [field, canonical(record[field])]));
  return createHash('sha256').update(text).digest('base64url').slice(0, 22);
}
