import type { JourneyReport, StageReport } from '@crm-journey/connector';
import { formatDays, formatShare, htmlTable, type TableColumn } from './html-table.ts';

const stageColumns: readonly TableColumn[] = [
  { field: 'stage', header: 'Stage' },
  { field: 'targetDays', header: 'Target (days)', numeric: true },
  { field: 'now', header: 'In it now', numeric: true },
  { field: 'overdue', header: 'Overdue', numeric: true },
  { field: 'overdueShare', header: 'Overdue %', numeric: true },
  { field: 'medianDays', header: 'Median days', numeric: true },
  { field: 'p90Days', header: 'p90 days', numeric: true },
  { field: 'openMedianDays', header: 'Median days (in it now)', numeric: true },
  { field: 'completedMedianDays', header: 'Median days (completed)', numeric: true },
  { field: 'entered', header: 'Entered', numeric: true },
  { field: 'conversion', header: 'Conversion', numeric: true },
  { field: 'lost', header: 'Lost', numeric: true },
  { field: 'churned', header: 'Churned', numeric: true },
  { field: 'disqualified', header: 'Disqualified', numeric: true },
  { field: 'dropOff', header: 'Drop-off', numeric: true },
  { field: 'backwardOut', header: 'Backward moves out', numeric: true },
  { field: 'backwardIn', header: 'Backward moves in', numeric: true },
];

/** The stage table of everyone or of one segment. */
export function stageTable(id: string, caption: string, stages: readonly StageReport[]): string {
  return htmlTable(
    id,
    caption,
    stageColumns,
    stages.map((stage) => ({
      key: stage.stage,
      cells: [
        stage.label,
        stage.targetDays === null ? '–' : String(stage.targetDays),
        String(stage.now),
        String(stage.overdue),
        formatShare(stage.overdueShare),
        formatDays(stage.dwell.median),
        formatDays(stage.dwell.p90),
        formatDays(stage.openDwell.median),
        formatDays(stage.completedDwell.median),
        String(stage.entered),
        formatShare(stage.conversion),
        String(stage.lost),
        String(stage.churned),
        String(stage.disqualified),
        formatShare(stage.dropOff),
        String(stage.backwardOut),
        String(stage.backwardIn),
      ],
    })),
  );
}

/** Backward moves and every flow between stages. */
export function flowTables(report: JourneyReport): string {
  const label = new Map(report.stages.map((stage) => [stage.stage, stage.label]));
  const name = (id: string | null): string => (id === null ? 'Start' : (label.get(id) ?? id));
  return [
    htmlTable(
      'backward-moves',
      'Backward moves in the period',
      [
        { field: 'label', header: 'Move' },
        { field: 'from', header: 'From' },
        { field: 'to', header: 'To' },
        { field: 'outcome', header: 'Outcome' },
        { field: 'count', header: 'Customers', numeric: true },
      ],
      report.backwardMoves.map((move) => ({
        key: `${move.move ?? ''}:${move.from ?? ''}:${move.to}`,
        cells: [move.label, name(move.from), name(move.to), move.outcome ?? '–', String(move.count)],
      })),
    ),
    htmlTable(
      'flows',
      'Stage changes in the period (the data of the flow chart)',
      [
        { field: 'from', header: 'From' },
        { field: 'to', header: 'To' },
        { field: 'direction', header: 'Direction' },
        { field: 'count', header: 'Changes', numeric: true },
      ],
      report.flows.map((flow) => ({
        key: `${flow.from ?? ''}:${flow.to}`,
        cells: [name(flow.from), name(flow.to), flow.direction, String(flow.count)],
      })),
    ),
  ].join('\n');
}

/** The funnel and the cohorts by month of entry. */
export function funnelAndCohortTables(report: JourneyReport): string {
  const funnel = htmlTable(
    'funnel',
    'Customers who reached each stage or a later one by the end of the period',
    [
      { field: 'stage', header: 'Stage' },
      { field: 'reached', header: 'Reached', numeric: true },
    ],
    report.funnel.map((step) => ({ key: step.stage, cells: [step.label, String(step.reached)] })),
  );
  const cohorts = htmlTable(
    'cohorts',
    'Cohorts by month of entry into the journey: customers, and the share who reached each stage or a later one',
    [
      { field: 'month', header: 'Month of entry' },
      { field: 'customers', header: 'Customers', numeric: true },
      ...report.stages.map((stage) => ({ field: stage.stage, header: stage.label, numeric: true })),
    ],
    report.cohorts.map((cohort) => ({
      key: cohort.month,
      cells: [
        cohort.month,
        String(cohort.customers),
        ...report.stages.map((stage) => formatShare((cohort.reached[stage.stage] ?? 0) / cohort.customers)),
      ],
    })),
  );
  return `${funnel}\n${cohorts}`;
}

/** Owners with the most overdue customers, and the customers furthest over target. */
export function overdueTables(report: JourneyReport): string {
  const label = new Map(report.stages.map((stage) => [stage.stage, stage.label]));
  return [
    htmlTable(
      'overdue-owners',
      'Owners with the most overdue customers',
      [
        { field: 'owner', header: 'Owner (CRM user id)' },
        { field: 'overdue', header: 'Overdue customers', numeric: true },
        { field: 'customers', header: 'Customers in a stage with a target', numeric: true },
      ],
      report.overdueOwners.map((owner) => ({
        key: owner.owner,
        cells: [owner.owner, String(owner.overdue), String(owner.customers)],
      })),
    ),
    htmlTable(
      'overdue-customers',
      'Customers furthest over their target',
      [
        { field: 'name', header: 'Customer' },
        { field: 'id', header: 'Id' },
        { field: 'stage', header: 'Stage' },
        { field: 'segment', header: 'Segment' },
        { field: 'owner', header: 'Owner' },
        { field: 'days', header: 'Days in stage', numeric: true },
        { field: 'targetDays', header: 'Target', numeric: true },
      ],
      report.overdueCustomers.map((customer) => ({
        key: customer.id,
        cells: [
          customer.name ?? customer.id,
          customer.id,
          label.get(customer.stage) ?? customer.stage,
          customer.segment ?? '–',
          customer.owner ?? '–',
          formatDays(customer.days),
          String(customer.targetDays),
        ],
      })),
    ),
  ].join('\n');
}

/** Per stage, the next stage's conditions its overdue customers most often do not meet. */
export function unmetChecklistTable(report: JourneyReport): string {
  return htmlTable(
    'unmet-checklist',
    "What overdue customers lack to move on: the next stage's conditions they most often do not meet",
    [
      { field: 'stage', header: 'Stage' },
      { field: 'next', header: 'To reach' },
      { field: 'text', header: 'Condition not met' },
      { field: 'path', header: 'Where in the journey file' },
      { field: 'count', header: 'Overdue customers lacking it', numeric: true },
      { field: 'customers', header: 'Overdue customers with a checklist', numeric: true },
      { field: 'share', header: 'Share', numeric: true },
    ],
    report.stages.flatMap((stage, index) =>
      stage.unmetChecklist.items.map((item) => ({
        key: `${stage.stage}:${item.path}`,
        cells: [
          stage.label,
          report.stages[index + 1]?.label ?? '–',
          item.text,
          item.path,
          String(item.count),
          String(stage.unmetChecklist.customers),
          formatShare(item.share),
        ],
      })),
    ),
  );
}
