import type { MapLane, MapStage } from '@crm-journey/connector';
import { escapeHtml } from '../report/html-escape.ts';
import type { MapLabels, MapLocale } from './map-labels.ts';

/** Formats numbers and shares in the map's language. */
export interface MapFormat {
  readonly labels: MapLabels;
  readonly number: (value: number) => string;
  readonly percent: (value: number | null) => string;
}

/** The number formats of a locale (Persian digits in `fa`). */
export function mapFormat(locale: MapLocale, labels: MapLabels): MapFormat {
  const numbers = new Intl.NumberFormat(locale, { maximumFractionDigits: 2 });
  const percents = new Intl.NumberFormat(locale, { style: 'percent', maximumFractionDigits: 0 });
  return {
    labels,
    number: (value) => numbers.format(value),
    percent: (value) => (value === null ? labels.none : percents.format(value)),
  };
}

const list = (items: readonly string[], none: string): string =>
  items.length === 0 ? `<p class="none">${none}</p>` : `<ul>${items.map((item) => `<li>${item}</li>`).join('')}</ul>`;

const text = (value: string | null, none: string): string =>
  value === null ? `<p class="none">${none}</p>` : `<p>${escapeHtml(value)}</p>`;

function emotion(stage: MapStage, f: MapFormat): string {
  const { emotion: e } = stage;
  const { labels } = f;
  if (e.touchpoints === 0) return `<p class="none">${labels.none}</p>`;
  const bar = (
    [
      ['pos', e.positiveShare],
      ['neu', e.neutralShare],
      ['neg', e.negativeShare],
    ] as const
  )
    .map(([kind, value]) => `<span class="${kind}" style="width:${Math.round((value ?? 0) * 1000) / 10}%"></span>`)
    .join('');
  return `<div class="bar" aria-hidden="true">${bar}</div>${list(
    [
      `${labels.positive} ${f.percent(e.positiveShare)}`,
      `${labels.neutral} ${f.percent(e.neutralShare)}`,
      `${labels.negative} ${f.percent(e.negativeShare)}`,
      `${labels.score} ${e.score === null ? labels.none : f.number(e.score)}`,
    ],
    labels.none,
  )}`;
}

function metrics(stage: MapStage, f: MapFormat): string {
  const m = stage.metrics;
  const { labels } = f;
  const days = (value: number | null): string => (value === null ? labels.none : `${f.number(value)} ${labels.days}`);
  return list(
    [
      `${labels.now} ${f.number(m.now)} (${labels.median} ${days(m.nowMedianDays)} ${labels.soFar}), ${labels.overdue} ${f.number(m.overdue)} (${f.percent(m.overdueShare)})`,
      `${labels.timeInStage}: ${labels.median} ${days(m.medianDays)}, ${labels.p90} ${days(m.p90Days)}, ${labels.target} ${days(m.targetDays)}`,
      `${labels.conversion} ${f.percent(m.conversion)}, ${labels.dropOff} ${f.percent(m.dropOff)}`,
      `${labels.backward}: ${f.number(m.backwardOut)} / ${f.number(m.backwardIn)}`,
    ],
    labels.none,
  );
}

function opportunities(stage: MapStage, f: MapFormat): string {
  const { best, never } = stage.opportunities;
  const { labels } = f;
  const line = (action: MapStage['opportunities']['best'][number]): string =>
    `${escapeHtml(action.action)}: ${f.number(action.advanced)} / ${f.number(action.judged)} (${f.percent(action.advanceRate)})`;
  const guidance =
    stage.guidance === null ? '' : `<p class="sub">${labels.guidance}</p><p>${escapeHtml(stage.guidance)}</p>`;
  if (best.length === 0 && never.length === 0 && guidance === '') return `<p class="none">${labels.none}</p>`;
  return `${guidance}${best.length > 0 ? `<p class="sub">${labels.best}</p>${list(best.map(line), labels.none)}` : ''}${
    never.length > 0 ? `<p class="sub">${labels.never}</p>${list(never.map(line), labels.none)}` : ''
  }`;
}

/** The HTML of one lane of one stage; all CRM and journey text escaped. */
export function mapCell(lane: MapLane, stage: MapStage, f: MapFormat): string {
  const { labels } = f;
  switch (lane) {
    case 'goal':
      return text(stage.goal ?? stage.description, labels.none);
    case 'mindset':
      return text(stage.mindset, labels.none);
    case 'doing':
      return list(
        stage.doing.map(
          (deed) =>
            `${escapeHtml(deed.object)}: ${f.number(deed.count)}${deed.drives ? ` <em>(${labels.drives})</em>` : ''}`,
        ),
        labels.none,
      );
    case 'touchpoints':
      return list(
        stage.touchpoints.channels.map(
          (channel) => `${escapeHtml(channel.channel)}: ${f.number(channel.count)} (${f.percent(channel.share)})`,
        ),
        labels.none,
      );
    case 'emotion':
      return emotion(stage, f);
    case 'pain-points':
      return list(
        stage.painPoints.map((pain) => `<span data-kind="${pain.kind}">${escapeHtml(pain.text)}</span>`),
        labels.none,
      );
    case 'opportunities':
      return opportunities(stage, f);
    case 'metrics':
      return metrics(stage, f);
  }
}
