import type { CrmRecord } from '../records/crm-record.ts';
import { parseInstant } from '../records/field-values.ts';
import type { CrmProfile } from '../profiles/crm-profile.ts';

/**
 * True when an activity is finished: a completed task, a held (or not held) call or meeting, or an
 * event that has ended. Blocked actions are released only when this holds for their blockers.
 */
export function isActivityClosed(profile: CrmProfile, object: string, record: CrmRecord, asOf: number): boolean {
  if (profile.crm === 'salesforce') {
    if (object === 'Event') {
      const end = parseInstant(record['EndDateTime'] ?? record['ActivityDateTime']);
      return !Number.isNaN(end) && end <= asOf;
    }
    return record['IsClosed'] === true || record['Status'] === 'Completed';
  }
  const status = record['status'];
  return object === 'Tasks' ? status === 'Completed' : status === 'Held' || status === 'Not Held';
}
