// One journey action as the Task (or Event) record that carries it, keyed by Journey_Action_Key__c.
import type { CustomerRef, NextAction } from '../engine/journey-state.ts';
import type { JourneyDefinition } from '../journey/journey-definition.ts';

/** A record to upsert on the action key, with the object it goes to. */
export interface ActivityRecord {
  readonly object: string;
  readonly customerId: string;
  readonly key: string;
  readonly fields: Readonly<Record<string, unknown>>;
}

const SUBTYPE = { call: 'Call', email: 'Email', task: 'Task' } as const;
const PRIORITY = { high: 'High', normal: 'Normal', low: 'Low' } as const;
const HOUR_MS = 3_600_000;

// A meeting is an Event at 09:00 UTC on its due date; one due in the past is booked for the next
// morning instead, since an Event that has already ended counts as held and would release its followers.
function meetingStart(dueDate: string | null, now: number): number {
  const due = dueDate === null ? Number.NaN : Date.parse(`${dueDate}T09:00:00Z`);
  if (!Number.isNaN(due) && due > now) return due;
  const tomorrow = new Date(now + 24 * HOUR_MS);
  return Date.UTC(tomorrow.getUTCFullYear(), tomorrow.getUTCMonth(), tomorrow.getUTCDate(), 9);
}

/**
 * Whether an action is meant for a queue: a queue owner in the journey, or a record owner that is a
 * queue (id prefix `00G`). Salesforce activities cannot be owned by a queue.
 */
export function ownedByQueue(action: NextAction): boolean {
  return action.owner.kind === 'queue' || (action.owner.id?.startsWith('00G') ?? false);
}

/**
 * The activity record of an action: a Task for calls, emails and to-dos (TaskSubtype and Type from the
 * action type), an Event for meetings. Queues cannot own activities, so a queue owner is left out and
 * the task goes to the running user.
 */
export function activityRecord(
  journey: JourneyDefinition,
  customer: CustomerRef,
  action: NextAction,
  now: number,
): ActivityRecord {
  const { profile } = journey;
  const link = customer.type === profile.lead.object || customer.type === 'Contact' ? 'WhoId' : 'WhatId';
  const common: Record<string, unknown> = {
    [profile.actionKeyField]: action.key,
    Subject: action.subject.slice(0, 255),
    Description: action.description,
    [link]: customer.id,
  };
  if (!ownedByQueue(action) && action.owner.id !== null) common['OwnerId'] = action.owner.id;
  if (action.type === 'meeting') {
    const start = meetingStart(action.dueDate, now);
    return {
      object: profile.activityObjects.meeting,
      customerId: customer.id,
      key: action.key,
      fields: {
        ...common,
        Type: 'Meeting',
        StartDateTime: new Date(start).toISOString(),
        EndDateTime: new Date(start + HOUR_MS).toISOString(),
      },
    };
  }
  return {
    object: profile.activityObjects[action.type],
    customerId: customer.id,
    key: action.key,
    fields: {
      ...common,
      Status: profile.pipeline.taskStatus.open,
      Priority: PRIORITY[action.priority],
      ActivityDate: action.dueDate,
      TaskSubtype: SUBTYPE[action.type],
      ...(action.type === 'task' ? {} : { Type: SUBTYPE[action.type] }),
    },
  };
}
