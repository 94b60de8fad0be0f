import type { MapStage } from '@crm-journey/connector';
import { escapeHtml } from '../report/html-escape.ts';
import type { MapFormat } from './map-cells.ts';

const HEIGHT = 90;

/**
 * The y of a score: zero in the middle, the scale symmetric and fitted to the largest score (at least
 * ±0.5, in steps of 0.5), so a journey whose scores all lie near zero still shows its ups and downs.
 */
function scale(scores: readonly number[]): (score: number) => number {
  const extent = Math.max(0.5, Math.ceil(Math.max(0, ...scores.map(Math.abs)) * 2) / 2);
  return (score) => Math.round((HEIGHT / 2 - (score / extent) * (HEIGHT / 2 - 10)) * 10) / 10;
}

/**
 * The emotion curve across the stage columns as inline SVG: one point per stage with touchpoints, at
 * the centre of its column (mirrored right to left), and a line through them. `series` draws a second,
 * dashed curve (the future state).
 */
export function emotionCurveSvg(
  columns: readonly (string | null)[],
  series: readonly { readonly name: string; readonly stages: readonly MapStage[]; readonly dashed: boolean }[],
  f: MapFormat,
  rtl: boolean,
): string {
  const y = scale(
    series.flatMap(({ stages }) =>
      stages.flatMap((stage) => (stage.emotion.score === null ? [] : [stage.emotion.score])),
    ),
  );
  // Percentages, so the curve stretches with the columns without distorting its dots.
  const x = (index: number): string =>
    `${Math.round((((rtl ? columns.length - 1 - index : index) + 0.5) / columns.length) * 10_000) / 100}%`;
  const lines = series.map(({ name, stages, dashed }) => {
    const points = columns.flatMap((id, index) => {
      const stage = stages.find((candidate) => candidate.stage === id);
      const score = stage?.emotion.score;
      return score === null || score === undefined || !stage ? [] : [{ index, score, label: stage.label }];
    });
    const kind = dashed ? 'future' : 'current';
    const segments = points
      .slice(1)
      .map((point, i) => {
        const previous = points[i] ?? point;
        return `<line x1="${x(previous.index)}" y1="${y(previous.score)}" x2="${x(point.index)}" y2="${y(point.score)}" class="${kind}"${dashed ? ' stroke-dasharray="6 4"' : ''}/>`;
      })
      .join('');
    const dots = points
      .map(
        (point) =>
          `<circle cx="${x(point.index)}" cy="${y(point.score)}" r="5" class="${kind}"><title>${escapeHtml(`${name}: ${point.label} ${f.number(point.score)}`)}</title></circle>`,
      )
      .join('');
    return `${segments}${dots}`;
  });
  const description = series
    .map(
      ({ name, stages }) =>
        `${name}: ${stages.map((stage) => `${stage.label} ${stage.emotion.score === null ? f.labels.none : f.number(stage.emotion.score)}`).join(', ')}`,
    )
    .join('; ');
  return `<svg xmlns="http://www.w3.org/2000/svg" class="curve" data-chart="emotion-curve" role="img" width="100%" height="${HEIGHT}"><title>${escapeHtml(`${f.labels.curve}. ${description}`)}</title><line x1="0" x2="100%" y1="${y(0)}" y2="${y(0)}" class="zero"/>${lines.join('')}</svg>`;
}
