import { parseInstant } from '../records/field-values.ts';
import type { CrmRecord } from '../records/crm-record.ts';
import type { CrmProfile } from '../profiles/crm-profile.ts';

// Where each CRM keeps an activity's due time: a task's due date, a call's or meeting's start.
const DUE_FIELDS: Readonly<Record<CrmProfile['crm'], Readonly<Record<string, readonly string[]>>>> = {
  salesforce: { Task: ['ActivityDate'], Event: ['ActivityDateTime', 'ActivityDate'] },
  sugarcrm: { Tasks: ['date_due'], Calls: ['date_start'], Meetings: ['date_start'] },
};

/**
 * When an activity is due, epoch ms (a date-only due date counts from the end of that UTC day), or
 * null when the record has none: the time after which the report judges what followed it.
 */
export function activityDueAt(profile: CrmProfile, object: string, record: CrmRecord): number | null {
  for (const field of DUE_FIELDS[profile.crm][object] ?? []) {
    const value = record[field];
    if (typeof value !== 'string' || value === '') continue;
    const at = parseInstant(value);
    if (Number.isNaN(at)) continue;
    return /^\d{4}-\d{2}-\d{2}$/.test(value) ? at + 86_400_000 - 1 : at;
  }
  return null;
}
