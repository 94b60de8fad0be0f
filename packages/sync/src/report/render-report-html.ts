import type { JourneyMap, JourneyReport, ReportComparison } from '@crm-journey/connector';
import { mapCanvas } from '../map/map-canvas.ts';
import { mapFormat } from '../map/map-cells.ts';
import { mapLabels } from '../map/map-labels.ts';
import { MAP_STYLE } from '../map/render-map.ts';
import { escapeHtml } from './html-escape.ts';
import { offlineHtmlPage } from './offline-html-page.ts';
import { renderReportCharts, type RenderedChart } from './render-charts.ts';
import { actionTable, touchpointTables } from './activity-sections.ts';
import { comparisonSection } from './comparison-section.ts';
import { flowTables, funnelAndCohortTables, overdueTables, stageTable, unmetChecklistTable } from './stage-sections.ts';

/** What `--json` prints and the HTML embeds (`<script type="application/json" id="report-data">`). */
export interface ReportDocument {
  readonly report: JourneyReport;
  readonly comparison: ReportComparison | null;
  /** The journey map drawn from the same numbers: the report's first section (absent in documents made before it). */
  readonly map?: JourneyMap;
}

const STYLE = `
:root { color-scheme: light; font-family: system-ui, -apple-system, 'Segoe UI', sans-serif; color: #181818; }
body { margin: 0 auto; max-width: 1400px; padding: 1.5rem; line-height: 1.45; }
h1 { font-size: 1.6rem; margin-bottom: .2rem; } h2 { margin-top: 2.2rem; border-bottom: 2px solid #0b5cab; padding-bottom: .2rem; }
.meta { color: #555; margin-top: 0; }
.bottlenecks { background: #fef1ee; border-inline-start: 6px solid #ba0517; padding: .6rem 1rem .6rem 2rem; }
.bottlenecks li { margin: .3rem 0; }
figure { margin: 1rem 0; overflow-x: auto; } figcaption { font-weight: 600; margin-bottom: .3rem; }
figure svg { max-width: 100%; height: auto; }
.table-wrap { overflow-x: auto; }
table { border-collapse: collapse; margin: 1rem 0; font-size: .86rem; width: 100%; }
caption { text-align: start; font-weight: 600; padding: .3rem 0; }
th, td { border: 1px solid #d8dde6; padding: .25rem .45rem; text-align: start; vertical-align: top; }
thead th { background: #f3f3f3; } .num { text-align: end; font-variant-numeric: tabular-nums; }
.changed { background: #fff4c2; font-weight: 700; }
.highlights li { margin: .2rem 0; }
.side { display: grid; grid-template-columns: 1fr 1fr; gap: 1rem; }
@media print { h2 { break-before: page; } }
`;

function figure(chart: RenderedChart): string {
  return `<figure id="chart-${chart.id}"><figcaption>${escapeHtml(chart.title)}</figcaption>${chart.svg}<p class="alt">${escapeHtml(chart.description)}</p></figure>`;
}

/**
 * Renders the report as one self-contained HTML file: bottlenecks first, charts as inline SVG, a table
 * for every number, the comparison side by side, the definitions, and the same JSON `--json` prints.
 * Everything from the CRM or the journey file is escaped; nothing in the page runs or loads anything.
 *
 * @example
 * writeFileSync('report.html', renderReportHtml({ report, comparison: null }));
 */
export function renderReportHtml(document: ReportDocument): string {
  const { report, comparison } = document;
  const charts = new Map(renderReportCharts(report, comparison ?? undefined).map((chart) => [chart.id, chart]));
  const chart = (id: string): string => {
    const found = charts.get(id);
    return found ? figure(found) : '';
  };
  const title = `Journey analytics: ${report.journey.name}`;
  const scope = report.segment === null ? 'all segments' : `segment ${report.segment}`;
  const bottlenecks =
    report.bottlenecks.length === 0
      ? '<p>No bottleneck stands out in this period.</p>'
      : `<ol class="bottlenecks">${report.bottlenecks.map((item) => `<li data-kind="${item.kind}" data-stage="${escapeHtml(item.stage)}">${escapeHtml(item.sentence)}</li>`).join('')}</ol>`;
  const segments = report.segments
    .map((segment) =>
      stageTable(
        `stages-${segment.segment ?? 'none'}`,
        `${segment.label}: ${segment.customers} customers, per stage (targets of the segment)`,
        segment.stages,
      ),
    )
    .join('\n');
  const sections = [
    `<header><h1>${escapeHtml(title)}</h1><p class="meta">Journey <code>${escapeHtml(report.journey.id)}</code> revision ${report.journey.revision}; period ${escapeHtml(report.period.from.slice(0, 10))} to ${escapeHtml(report.period.to.slice(0, 10))}; evaluated at ${escapeHtml(report.asOf.replace('T', ' ').slice(0, 16))} UTC; ${report.customers} customers, ${escapeHtml(scope)}.</p></header>`,
    document.map
      ? `<section aria-labelledby="h-map" class="map-section"><h2 id="h-map">Journey map</h2><div class="map" lang="en" dir="ltr">${mapCanvas({ current: document.map, future: null }, { current: document.map.segmentLabel, future: null }, mapFormat('en', mapLabels('en')), 'map-all')}</div><p>The map's lanes and definitions: see the end of the page and docs/map.md; <code>crm-journey map</code> draws it alone, per segment, against a future state, in other languages or as a PDF.</p></section>`
      : '',
    `<section aria-labelledby="h-bottlenecks"><h2 id="h-bottlenecks">Bottlenecks</h2>${bottlenecks}</section>`,
    `<section aria-labelledby="h-stages"><h2 id="h-stages">Stages</h2>${chart('funnel')}${stageTable('stages', `Every customer (${report.customers}), per stage`, report.stages)}${unmetChecklistTable(report)}${chart('dwell')}<h3>Per segment</h3>${segments}</section>`,
    `<section aria-labelledby="h-flows"><h2 id="h-flows">Flows between stages</h2>${chart('flows')}${flowTables(report)}</section>`,
    `<section aria-labelledby="h-cohorts"><h2 id="h-cohorts">Funnel and cohorts</h2>${funnelAndCohortTables(report)}</section>`,
    `<section aria-labelledby="h-owners"><h2 id="h-owners">Overdue customers and their owners</h2>${overdueTables(report)}</section>`,
    `<section aria-labelledby="h-touchpoints"><h2 id="h-touchpoints">Touchpoints and emotion</h2>${chart('emotion')}${touchpointTables(report)}</section>`,
    `<section aria-labelledby="h-actions"><h2 id="h-actions">Action effectiveness</h2>${actionTable(report)}</section>`,
    comparison
      ? `<section aria-labelledby="h-comparison"><h2 id="h-comparison">Comparison: ${escapeHtml(comparison.base.label)} and ${escapeHtml(comparison.other.label)}</h2>${chart('comparison')}${comparisonSection(comparison)}</section>`
      : '',
    `<section aria-labelledby="h-definitions"><h2 id="h-definitions">How the numbers are defined</h2><ul>${[...report.definitions, ...(document.map?.definitions ?? [])].map((line) => `<li>${escapeHtml(line)}</li>`).join('')}</ul></section>`,
  ];
  return offlineHtmlPage({
    lang: 'en',
    title,
    style: `${STYLE}${MAP_STYLE}`,
    dataImages: true,
    main: `\n${sections.join('\n')}\n`,
    dataId: 'report-data',
    data: document,
  });
}
