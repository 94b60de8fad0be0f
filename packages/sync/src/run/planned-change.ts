import type { PlannedChange } from './planned-changes.ts';

/**
 * One customer's entry in a dry run's plan (`sync --dry-run`, `POST /v1/plan`): the stage it leaves and
 * enters, and the tasks a sync would create, with only the fields the plan shows.
 */
export function plannedChange(
  customer: PlannedChange['customer'],
  from: string | null,
  to: string | null,
  tasks: readonly PlannedChange['tasks'][number][],
): PlannedChange {
  return {
    customer,
    from,
    to,
    tasks: tasks.map((task) => ({ key: task.key, type: task.type, subject: task.subject, dueDate: task.dueDate })),
  };
}
