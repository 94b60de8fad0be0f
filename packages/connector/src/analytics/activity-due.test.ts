import { describe, expect, it } from 'vitest';
import { salesforceProfile } from '../profiles/salesforce-profile.ts';
import { sugarcrmProfile } from '../profiles/sugarcrm-profile.ts';
import { activityDueAt } from './activity-due.ts';

describe('activityDueAt', () => {
  it("reads a Salesforce task's due date (end of that UTC day) and an event's start", () => {
    expect(activityDueAt(salesforceProfile, 'Task', { ActivityDate: '2026-11-24' })).toBe(
      Date.parse('2026-11-25T00:00:00Z') - 1,
    );
    expect(activityDueAt(salesforceProfile, 'Event', { ActivityDateTime: '2026-11-24T09:00:00.000+0000' })).toBe(
      Date.parse('2026-11-24T09:00:00Z'),
    );
    expect(activityDueAt(salesforceProfile, 'Task', { ActivityDate: null })).toBeNull();
  });

  it("reads a Sugar task's date_due and a call's or meeting's date_start", () => {
    expect(activityDueAt(sugarcrmProfile, 'Tasks', { date_due: '2026-11-24T09:00:00+00:00' })).toBe(
      Date.parse('2026-11-24T09:00:00Z'),
    );
    expect(activityDueAt(sugarcrmProfile, 'Calls', { date_start: '2026-11-24T10:00:00+01:00' })).toBe(
      Date.parse('2026-11-24T09:00:00Z'),
    );
    expect(activityDueAt(sugarcrmProfile, 'Notes', { date_due: '2026-11-24' })).toBeNull();
  });
});
