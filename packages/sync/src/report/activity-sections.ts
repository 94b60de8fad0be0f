import type { JourneyReport } from '@crm-journey/connector';
import { escapeHtml } from './html-escape.ts';
import { formatShare, htmlTable } from './html-table.ts';

/** Touchpoints per stage and channel, the emotion curve's numbers and the negative clusters. */
export function touchpointTables(report: JourneyReport): string {
  const channels = [...new Set(report.touchpoints.flatMap((stage) => Object.keys(stage.byChannel)))].sort();
  const byChannel = htmlTable(
    'touchpoints',
    'Touchpoints in the period per stage and channel',
    [
      { field: 'stage', header: 'Stage' },
      ...channels.map((channel) => ({ field: channel, header: channel, numeric: true })),
      { field: 'total', header: 'Total', numeric: true },
    ],
    report.touchpoints.map((stage) => ({
      key: stage.stage,
      cells: [
        stage.label,
        ...channels.map((channel) => String(stage.byChannel[channel as keyof typeof stage.byChannel] ?? 0)),
        String(stage.total),
      ],
    })),
  );
  const emotion = htmlTable(
    'emotion',
    'Emotion per stage (-2 very negative to +2 very positive)',
    [
      { field: 'stage', header: 'Stage' },
      { field: 'touchpoints', header: 'Touchpoints', numeric: true },
      { field: 'mean', header: 'Mean emotion', numeric: true },
      { field: 'median', header: 'Median emotion', numeric: true },
      { field: 'negative', header: 'Negative', numeric: true },
      { field: 'negativeShare', header: 'Negative %', numeric: true },
    ],
    report.emotion.map((stage) => ({
      key: stage.stage,
      cells: [
        stage.label,
        String(stage.touchpoints),
        stage.mean === null ? '–' : stage.mean.toFixed(2),
        stage.median === null ? '–' : stage.median.toFixed(2),
        String(stage.negative),
        formatShare(stage.negativeShare),
      ],
      highlight: report.negativeClusters.some((cluster) => cluster.stage === stage.stage)
        ? new Set(['negativeShare'])
        : undefined,
    })),
  );
  const clusters =
    report.negativeClusters.length === 0
      ? '<p>No stage stands out with negative touchpoints.</p>'
      : `<p>Negative signals cluster in: ${report.negativeClusters
          .map(
            (cluster) =>
              `<strong>${escapeHtml(cluster.label)}</strong> (${formatShare(cluster.share)}, mostly ${escapeHtml(cluster.channel)})`,
          )
          .join(', ')}.</p>`;
  return `${byChannel}\n${emotion}\n${clusters}`;
}

/** Action effectiveness per action template. */
export function actionTable(report: JourneyReport): string {
  return htmlTable(
    'actions',
    'Action effectiveness: what became of each action template in the period',
    [
      { field: 'action', header: 'Action' },
      { field: 'stage', header: 'Stage' },
      { field: 'mode', header: 'Mode' },
      { field: 'proposed', header: 'Proposed', numeric: true },
      { field: 'created', header: 'Created', numeric: true },
      { field: 'accepted', header: 'Accepted', numeric: true },
      { field: 'completed', header: 'Completed', numeric: true },
      { field: 'judged', header: 'Judged (past due or window)', numeric: true },
      { field: 'advanced', header: 'Customer advanced after', numeric: true },
      { field: 'advanceRate', header: 'Advance rate', numeric: true },
    ],
    report.actions.map((action) => ({
      key: `${action.stage}:${action.action}`,
      cells: [
        action.action,
        action.stageLabel,
        action.mode ?? 'removed',
        String(action.proposed),
        String(action.created),
        action.accepted === null ? 'n/a' : String(action.accepted),
        String(action.completed),
        String(action.judged),
        String(action.advanced),
        formatShare(action.advanceRate),
      ],
      highlight: action.judged >= 10 && action.advanced === 0 ? new Set(['advanceRate']) : undefined,
    })),
  );
}
