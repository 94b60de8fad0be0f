import type { NextAction } from '@crm-journey/connector';
import { describe, expect, it } from 'vitest';
import { plannedChange } from './planned-change.ts';

const task: NextAction = {
  key: 'cj:salesforce-b2b:001A:engagement:2026-01-02:tailored-demo',
  action: 'tailored-demo',
  type: 'task',
  subject: 'Tailored demo',
  description: 'Show the product on their data.',
  dueDate: '2026-01-09',
  priority: 'high',
  owner: { kind: 'user', id: '005A' },
  mode: 'create',
  status: 'new',
  blockedBy: [],
  recordId: null,
};

describe('a dry run plan entry', () => {
  it('names the customer, the stages, and of each task only key, type, subject and due date', () => {
    const customer = { type: 'Account', id: '001A', name: 'Acme' };
    expect(JSON.parse(JSON.stringify(plannedChange(customer, 'awareness', 'engagement', [task])))).toEqual({
      customer: { type: 'Account', id: '001A', name: 'Acme' },
      from: 'awareness',
      to: 'engagement',
      tasks: [{ key: task.key, type: 'task', subject: 'Tailored demo', dueDate: '2026-01-09' }],
    });
    expect(plannedChange(customer, null, null, [])).toEqual({ customer, from: null, to: null, tasks: [] });
  });
});
