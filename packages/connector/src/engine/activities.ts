import type { CrmProfile } from '../profiles/crm-profile.ts';
import type { CrmRecord } from '../records/crm-record.ts';
import { parseInstant } from '../records/field-values.ts';

/**
 * True when an activity is finished: a completed task, a held (or not held) call or meeting, or an
 * event that has ended, as the CRM's profile describes each activity object (`activityClosed`).
 * Blocked actions are released only when this holds for their blockers.
 */
export function isActivityClosed(profile: CrmProfile, object: string, record: CrmRecord, asOf: number): boolean {
  const rules = profile.activityClosed;
  const rule = (Object.hasOwn(rules.byObject, object) ? rules.byObject[object] : undefined) ?? rules.default;
  if (rule.closedFlag !== undefined && record[rule.closedFlag] === true) return true;
  if (rule.status !== undefined) {
    const status = record[rule.status.field];
    if (rule.status.values.some((value) => value === status)) return true;
  }
  if (rule.endedAt === undefined) return false;
  let end: unknown;
  for (const field of rule.endedAt) {
    end = record[field];
    if (end !== undefined && end !== null) break;
  }
  const ms = parseInstant(end);
  return !Number.isNaN(ms) && ms <= asOf;
}
