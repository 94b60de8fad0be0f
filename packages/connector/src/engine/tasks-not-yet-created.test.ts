import { describe, expect, it } from 'vitest';
import { salesforceProfile } from '../profiles/salesforce-profile.ts';
import type { NextAction } from './journey-state.ts';
import { tasksNotYetCreated } from './tasks-not-yet-created.ts';

const task = (key: string): NextAction => ({
  key,
  action: key.split(':')[5] ?? '',
  type: 'task',
  subject: 'Call',
  description: null,
  dueDate: null,
  priority: 'normal',
  owner: { kind: 'user', id: null },
  mode: 'create',
  status: 'new',
  blockedBy: [],
  recordId: null,
});

describe('tasksNotYetCreated', () => {
  it('drops a task whose stage action already has an activity under another stage entry, keeps the others', () => {
    const records = {
      Task: [{ Id: '00T1', Journey_Action_Key__c: 'cj:b2b:001A:evaluation:old:demo' }],
      Event: [{ Id: '00U1', Journey_Action_Key__c: 'not a journey key' }],
    };
    const tasks = [
      task('cj:b2b:001A:evaluation:new:demo'),
      task('cj:b2b:001A:evaluation:new:proposal'),
      task('cj:b2b:001A:purchase:new:demo'),
      task('cj:other:001A:evaluation:new:demo'),
    ];
    expect(tasksNotYetCreated(salesforceProfile, records, tasks).map((t) => t.key)).toEqual([
      'cj:b2b:001A:evaluation:new:proposal',
      'cj:b2b:001A:purchase:new:demo',
      'cj:other:001A:evaluation:new:demo',
    ]);
  });
});
