// A fingerprint of a customer's root record (an account, an unconverted lead) as read, stored with the
// journey state it led to. The next incremental read compares it with the root as it is then: equal means
// the root's newer `date_modified` is only the echo of our own journey-field write.
import { createHash } from 'node:crypto';
import type { CrmRecord } from '../records/crm-record.ts';
import type { JourneyDefinition } from '../journey/journey-definition.ts';

// Moved by our own writes (or by the reading user's view of the record), never by an edit of the record's
// data. `deleted` is only there when the read asked for deleted rows.
const ECHO_FIELDS = [
  'date_modified',
  'modified_user_id',
  'modified_by_name',
  'deleted',
  'my_favorite',
  'following',
  'locked_fields',
  '_acl',
  '_module',
];

/**
 * The fingerprint of a Sugar root record: every scalar field but the journey fields and the fields our
 * own write moves, in field-name order. Any edit of any other field, by anyone, changes it.
 */
export function sugarRootFingerprint(journey: JourneyDefinition, record: CrmRecord): string {
  const skip = new Set([...ECHO_FIELDS, ...Object.values(journey.profile.journeyFields)]);
  const fields = Object.keys(record)
    .filter((field) => !skip.has(field) && (typeof record[field] !== 'object' || record[field] === null))
    .sort();
  const text = JSON.stringify(fields.map((field) => [field, record[field]]));
  return createHash('sha256').update(text).digest('base64url').slice(0, 22);
}
