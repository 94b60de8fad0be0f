import { describe, expect, it } from 'vitest';
import { salesforceProfile } from '../profiles/salesforce-profile.ts';
import { sugarcrmProfile } from '../profiles/sugarcrm-profile.ts';
import { isActivityClosed } from './activities.ts';

const asOf = Date.parse('2026-03-10T12:00:00Z');

describe('isActivityClosed', () => {
  it.each([
    ['a completed task', 'Task', { Status: 'Completed', IsClosed: false }, true],
    ['a task closed by a custom closed status', 'Task', { Status: 'Deferred', IsClosed: true }, true],
    ['an open task', 'Task', { Status: 'Not Started', IsClosed: false }, false],
    ['an event that has ended', 'Event', { EndDateTime: '2026-03-10T11:00:00.000+0000' }, true],
    ['an event still to end', 'Event', { EndDateTime: '2026-03-10T13:00:00.000+0000' }, false],
    ['an event without an end, by its start', 'Event', { ActivityDateTime: '2026-03-09T09:00:00.000+0000' }, true],
    ['an event with no date', 'Event', { Subject: 'Call' }, false],
  ])('Salesforce: %s', (_, object, record, closed) => {
    expect(isActivityClosed(salesforceProfile, object, record, asOf)).toBe(closed);
  });

  it.each([
    ['a completed task', 'Tasks', { status: 'Completed' }, true],
    ['an open task', 'Tasks', { status: 'In Progress' }, false],
    ['a held call', 'Calls', { status: 'Held' }, true],
    ['a call that was not held', 'Calls', { status: 'Not Held' }, true],
    ['a planned meeting', 'Meetings', { status: 'Planned' }, false],
    ['a task marked held (not a task status)', 'Tasks', { status: 'Held' }, false],
  ])('SugarCRM: %s', (_, object, record, closed) => {
    expect(isActivityClosed(sugarcrmProfile, object, record, asOf)).toBe(closed);
  });
});
