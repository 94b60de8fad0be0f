import type { ReportComparison } from '@crm-journey/connector';
import { escapeHtml } from './html-escape.ts';
import { formatDays, formatSigned, htmlTable } from './html-table.ts';

/** The comparison side by side, with the differences highlighted. */
export function comparisonSection(comparison: ReportComparison): string {
  const a = comparison.base.label;
  const b = comparison.other.label;
  const table = htmlTable(
    'comparison',
    `${a} and ${b} side by side (differences: ${b} minus ${a}; highlighted where they matter)`,
    [
      { field: 'stage', header: 'Stage' },
      { field: 'baseNow', header: `${a}: in it now`, numeric: true },
      { field: 'otherNow', header: `${b}: in it now`, numeric: true },
      { field: 'share', header: 'Share change', numeric: true },
      { field: 'baseMedian', header: `${a}: median days`, numeric: true },
      { field: 'otherMedian', header: `${b}: median days`, numeric: true },
      { field: 'medianDays', header: 'Median change', numeric: true },
      { field: 'p90Days', header: 'p90 change', numeric: true },
      { field: 'overdueShare', header: 'Overdue change', numeric: true },
      { field: 'conversion', header: 'Conversion change', numeric: true },
    ],
    comparison.stages.map((stage) => {
      const points = (n: number): string => `${(n * 100).toFixed(1)} pt`;
      const highlight = new Set<string>(stage.highlights.map((line) => line.field));
      return {
        key: stage.stage,
        highlight,
        cells: [
          stage.label,
          stage.base === null ? '–' : String(stage.base.now),
          stage.other === null ? '–' : String(stage.other.now),
          formatSigned(stage.difference.share, points),
          formatDays(stage.base?.medianDays),
          formatDays(stage.other?.medianDays),
          formatSigned(stage.difference.medianDays, (n) => n.toFixed(1)),
          formatSigned(stage.difference.p90Days, (n) => n.toFixed(1)),
          formatSigned(stage.difference.overdueShare, points),
          formatSigned(stage.difference.conversion, points),
        ],
      };
    }),
  );
  const lines = comparison.stages.flatMap((stage) => stage.highlights.map((line) => line.text));
  const list =
    lines.length === 0
      ? '<p>No difference large enough to call out.</p>'
      : `<ul class="highlights">${lines.map((line) => `<li>${escapeHtml(line)}</li>`).join('')}</ul>`;
  return `${list}\n${table}`;
}
