import type { JourneyReport, ReportComparison } from '@crm-journey/connector';
import { createRequire } from 'node:module';
import type * as Echarts from 'echarts';
import { escapeHtml } from './html-escape.ts';

/** A chart rendered to SVG on the server: no script runs in the report, and it works offline. */
export interface RenderedChart {
  readonly id: string;
  readonly title: string;
  /** The text alternative: what the chart shows, in a sentence or two. */
  readonly description: string;
  readonly svg: string;
}

// ECharts is loaded on the first chart, not with this module: it takes about 90 MB of RSS and a second
// to load, which a `report --json` never needs and a `report --out` needs only once the customers are read.
const require = createRequire(import.meta.url);
let loaded: typeof Echarts | undefined;
const echarts = (): typeof Echarts => (loaded ??= require('echarts') as typeof Echarts);

const WIDTH = 880;
const PALETTE = ['#0b5cab', '#2e844a', '#dd7a01', '#ba0517', '#7526e3', '#06a59a', '#706e6b'];

/** Renders an ECharts option with the SVG server-side renderer, labelled as an image for assistive technology. */
function renderSvg(
  id: string,
  title: string,
  description: string,
  option: Echarts.EChartsOption,
  height = 360,
): RenderedChart {
  const chart = echarts().init(null, null, { renderer: 'svg', ssr: true, width: WIDTH, height });
  try {
    chart.setOption({
      animation: false,
      color: PALETTE,
      textStyle: { fontFamily: 'system-ui, sans-serif' },
      ...option,
    });
    const svg = chart
      .renderToSVGString()
      .replace('<svg ', `<svg role="img" aria-labelledby="${id}-title" data-chart="${id}" `)
      .replace(/(<svg[^>]*>)/, `$1<title id="${id}-title">${escapeHtml(`${title}. ${description}`)}</title>`);
    return { id, title, description, svg };
  } finally {
    chart.dispose();
  }
}

/** The funnel: customers who reached each stage or a later one. */
function funnelChart(report: JourneyReport): RenderedChart {
  const first = report.funnel[0]?.reached ?? 0;
  const description = `Of ${first} customers, ${report.funnel.map((step) => `${step.reached} reached ${step.label}`).join(', ')}.`;
  return renderSvg('funnel', 'Funnel: customers who reached each stage', description, {
    series: [
      {
        type: 'funnel',
        sort: 'none',
        left: '10%',
        width: '80%',
        minSize: '4%',
        label: {
          position: 'inside',
          formatter: '{b}: {c}',
          color: '#fff',
          textBorderColor: '#333',
          textBorderWidth: 2,
        },
        data: report.funnel.map((step) => ({ name: step.label, value: step.reached })),
      },
    ],
  });
}

/** Box plots of the time in stage, with the targets as markers. */
function dwellChart(report: JourneyReport): RenderedChart {
  const stages = report.stages.filter((stage) => stage.dwell.count > 0);
  const description = stages
    .map(
      (stage) =>
        `${stage.label}: median ${stage.dwell.median} days, p90 ${stage.dwell.p90}${stage.targetDays === null ? '' : `, target ${stage.targetDays}`}`,
    )
    .join('; ');
  return renderSvg(
    'dwell',
    'Time in stage (days): quartiles, whiskers at min and p90, target as a diamond',
    `${description}.`,
    {
      grid: { left: 70, right: 30, top: 40, bottom: 50 },
      legend: { data: ['time in stage', 'target'], top: 5 },
      xAxis: { type: 'category', data: stages.map((stage) => stage.label) },
      yAxis: { type: 'value', name: 'days' },
      series: [
        {
          name: 'time in stage',
          type: 'boxplot',
          data: stages.map((stage) => [
            stage.dwell.min ?? 0,
            stage.dwell.q1 ?? 0,
            stage.dwell.median ?? 0,
            stage.dwell.q3 ?? 0,
            stage.dwell.p90 ?? 0,
          ]),
        },
        {
          name: 'target',
          type: 'scatter',
          symbol: 'diamond',
          symbolSize: 14,
          data: stages.map((stage) => stage.targetDays ?? '-'),
        },
      ],
    },
  );
}

/** A sankey of the stage changes: stages on the left flow into stages on the right (backward moves too). */
function flowChart(report: JourneyReport): RenderedChart {
  const label = new Map(report.stages.map((stage) => [stage.stage, stage.label]));
  const source = (id: string | null): string => (id === null ? 'Start' : (label.get(id) ?? id));
  const target = (id: string): string => `→ ${label.get(id) ?? id}`;
  const names = new Set<string>();
  const links = report.flows.map((flow) => {
    names.add(source(flow.from));
    names.add(target(flow.to));
    return { source: source(flow.from), target: target(flow.to), value: flow.count };
  });
  const backward = report.flows
    .filter((flow) => flow.direction === 'backward')
    .reduce((sum, flow) => sum + flow.count, 0);
  const total = report.flows.reduce((sum, flow) => sum + flow.count, 0);
  return renderSvg(
    'flows',
    'Flows between stages in the period',
    `${total} stage changes, ${backward} of them backward. The largest: ${report.flows
      .slice(0, 5)
      .map((flow) => `${source(flow.from)} to ${label.get(flow.to) ?? flow.to} (${flow.count})`)
      .join(', ')}.`,
    {
      series: [
        {
          type: 'sankey',
          left: 20,
          right: 140,
          nodeAlign: 'justify',
          data: [...names].map((name) => ({ name })),
          links,
          lineStyle: { color: 'gradient', opacity: 0.35 },
          label: { fontSize: 12 },
        },
      ],
    },
    420,
  );
}

/** The emotion curve: mean emotion per stage, with the share of negative touchpoints. */
function emotionChart(report: JourneyReport): RenderedChart {
  return renderSvg(
    'emotion',
    'Emotion curve of the typical journey',
    report.emotion
      .map(
        (stage) =>
          `${stage.label}: mean ${stage.mean ?? 'no touchpoints'}, ${stage.negative} negative of ${stage.touchpoints}`,
      )
      .join('; '),
    {
      grid: { left: 70, right: 70, top: 40, bottom: 50 },
      legend: { data: ['mean emotion', 'negative touchpoints (%)'], top: 5 },
      xAxis: { type: 'category', data: report.emotion.map((stage) => stage.label) },
      yAxis: [
        { type: 'value', name: 'emotion', min: -2, max: 2 },
        { type: 'value', name: '% negative', min: 0, max: 100 },
      ],
      series: [
        {
          name: 'negative touchpoints (%)',
          type: 'bar',
          yAxisIndex: 1,
          itemStyle: { color: '#f4b4b4' },
          data: report.emotion.map((stage) =>
            stage.negativeShare === null ? 0 : Math.round(stage.negativeShare * 1000) / 10,
          ),
        },
        {
          name: 'mean emotion',
          type: 'line',
          smooth: true,
          symbolSize: 9,
          lineStyle: { width: 3 },
          data: report.emotion.map((stage) => stage.mean ?? '-'),
        },
      ],
    },
  );
}

/** Stage distribution and median time in stage, both sides of a comparison. */
function comparisonChart(comparison: ReportComparison): RenderedChart {
  const labels = comparison.stages.map((stage) => stage.label);
  return renderSvg(
    'comparison',
    `Comparison: ${comparison.base.label} and ${comparison.other.label}`,
    comparison.stages
      .map(
        (stage) =>
          `${stage.label}: ${stage.base?.now ?? '-'} and ${stage.other?.now ?? '-'} customers, median ${stage.base?.medianDays ?? '-'} and ${stage.other?.medianDays ?? '-'} days`,
      )
      .join('; '),
    {
      grid: { left: 70, right: 70, top: 90, bottom: 40 },
      legend: { top: 5, left: 20, width: WIDTH - 40 },
      xAxis: { type: 'category', data: labels },
      yAxis: [
        { type: 'value', name: 'customers' },
        { type: 'value', name: 'median days' },
      ],
      series: [
        {
          name: `${comparison.base.label}: customers`,
          type: 'bar',
          data: comparison.stages.map((s) => s.base?.now ?? 0),
        },
        {
          name: `${comparison.other.label}: customers`,
          type: 'bar',
          data: comparison.stages.map((s) => s.other?.now ?? 0),
        },
        {
          name: `${comparison.base.label}: median days`,
          type: 'line',
          yAxisIndex: 1,
          data: comparison.stages.map((s) => s.base?.medianDays ?? '-'),
        },
        {
          name: `${comparison.other.label}: median days`,
          type: 'line',
          yAxisIndex: 1,
          data: comparison.stages.map((s) => s.other?.medianDays ?? '-'),
        },
      ],
    },
  );
}

/** Every chart of the report, in page order. */
export function renderReportCharts(report: JourneyReport, comparison?: ReportComparison): RenderedChart[] {
  const charts = [funnelChart(report), dwellChart(report), flowChart(report), emotionChart(report)];
  if (comparison) charts.push(comparisonChart(comparison));
  return charts;
}
