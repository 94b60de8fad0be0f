import type { CustomerRecords } from '../conditions/evaluate-condition.ts';
import type { CrmProfile } from '../profiles/crm-profile.ts';
import type { NextAction } from './journey-state.ts';

// An action key is `cj:<journey>:<customer>:<stage>:<entry>:<action>` (see `actionKey`); none of the
// ids holds a colon. Without the entry part it names one action of one stage, whenever it was entered.
function withoutEntry(key: string): string | undefined {
  const parts = key.split(':');
  return parts.length === 6 && parts[0] === 'cj' ? [...parts.slice(0, 4), parts[5]].join(':') : undefined;
}

/**
 * The tasks to create, less those whose action already has an activity for the same stage under
 * another stage entry. A history re-drawn under new rules (`--replay-history`) may date a stage entry
 * differently, which changes the action keys; this keeps it from creating the same task twice.
 *
 * @example
 * const tasks = tasksNotYetCreated(profile, read.records, state.nextActions.filter(isNewTask));
 */
export function tasksNotYetCreated(
  profile: CrmProfile,
  records: CustomerRecords,
  tasks: readonly NextAction[],
): NextAction[] {
  const existing = new Set<string>();
  for (const object of new Set(Object.values(profile.activityObjects))) {
    for (const record of records[object] ?? []) {
      const key = record[profile.actionKeyField];
      const base = typeof key === 'string' ? withoutEntry(key) : undefined;
      if (base !== undefined) existing.add(base);
    }
  }
  return tasks.filter((task) => {
    const base = withoutEntry(task.key);
    return base === undefined || !existing.has(base);
  });
}
