import type { Touchpoint } from '@crm-journey/connector';
import { html, nothing, svg, type TemplateResult } from 'lit';
import { formatMessage, parseInstant } from '../i18n/panel-format.ts';
import { CURVE_BOX, emotionCurve, emotionKind } from '../model/emotion-curve.ts';
import { icon } from './icons.ts';
import type { PanelView } from './panel-view.ts';

/** How many touchpoints the timeline lists before "Show all"; the curve always draws every one. */
const TOUCHPOINT_PREVIEW = 5;
/** Above this many points the curve drops its dots and keeps the line, to stay light. */
const MAX_DOTS = 80;

/** What the touchpoints section needs from the element besides the view. */
export interface TouchpointsOptions {
  readonly expanded: boolean;
  readonly onToggle: () => void;
  readonly onOpen: (touchpoint: Touchpoint) => void;
}

function renderCurve(view: PanelView): TemplateResult {
  const { messages } = view.locale;
  const curve = emotionCurve(view.state);
  const { width, height } = CURVE_BOX;
  const latest = curve.latest === null ? 'neutral' : emotionKind(curve.latest);
  const summary = formatMessage(messages.emotionSummary, {
    positive: view.format.number(curve.counts.positive),
    neutral: view.format.number(curve.counts.neutral),
    negative: view.format.number(curve.counts.negative),
    latest: messages.emotion[latest],
  });
  return html`<figure class="curve" part="emotion-curve">
    <svg class="curve-chart" viewBox="0 0 ${width} ${height}" role="img" aria-labelledby="curve-title curve-summary">
      <rect class="zone positive" x="0" y="0" width=${width} height=${curve.axisY}></rect>
      <rect class="zone negative" x="0" y=${curve.axisY} width=${width} height=${height - curve.axisY}></rect>
      ${curve.stageMarks.map((x) => svg`<line class="stage-mark" x1=${x} x2=${x} y1="0" y2=${height}></line>`)}
      <line class="axis" x1="0" x2=${width} y1=${curve.axisY} y2=${curve.axisY}></line>
      <polyline class="line" points=${curve.polyline}></polyline>
      ${
        curve.points.length <= MAX_DOTS
          ? curve.points.map(
              (point) =>
                svg`<circle class="dot ${emotionKind(point.emotion)}" cx=${point.x} cy=${point.y} r="4.5"></circle>`,
            )
          : nothing
      }
    </svg>
    <figcaption>
      <span id="curve-title" class="caption-title">${messages.emotionCurve}</span>
      <span id="curve-summary" class="muted">${summary}</span>
      ${
        curve.first !== null && curve.last !== null
          ? html`<span class="curve-range muted" aria-hidden="true">
              <span>${view.format.date(curve.first)}</span><span>${view.format.date(curve.last)}</span>
            </span>`
          : nothing
      }
    </figcaption>
  </figure>`;
}

function renderTouchpoint(view: PanelView, touchpoint: Touchpoint, options: TouchpointsOptions): TemplateResult {
  const { messages } = view.locale;
  const kind = emotionKind(touchpoint.emotion);
  return html`<li class="touchpoint ${kind}" part="touchpoint">
    <span class="channel ${kind}" aria-hidden="true">${icon(touchpoint.channel)}</span>
    <div class="touchpoint-body">
      <button
        type="button"
        class="link touchpoint-subject"
        part="record-link"
        @click=${() => {
          options.onOpen(touchpoint);
        }}
      >
        ${touchpoint.subject}
      </button>
      <p class="meta">
        <span>${messages.channel[touchpoint.channel]}</span>
        <time datetime=${touchpoint.at}>${view.format.date(touchpoint.at)}</time>
        ${touchpoint.stage === null ? nothing : html`<span>${view.stageLabel(touchpoint.stage)}</span>`}
        <span class="emotion ${kind}">${messages.emotion[kind]}</span>
      </p>
    </div>
  </li>`;
}

/** The touchpoints: the emotion curve across the journey and a timeline, newest first, with channel icons. */
export function renderTouchpoints(view: PanelView, options: TouchpointsOptions): TemplateResult {
  const { messages } = view.locale;
  const all = [...view.state.touchpoints].sort((a, b) => parseInstant(b.at) - parseInstant(a.at));
  const shown = options.expanded ? all : all.slice(0, TOUCHPOINT_PREVIEW);
  return html`<section class="card touchpoints" part="touchpoints" aria-labelledby="touchpoints-title">
    <h3 id="touchpoints-title" class="section-title">
      ${messages.touchpointsHeading}
      ${
        all.length > 0
          ? html`<span class="count">${view.format.plural(messages.touchpointCount, all.length)}</span>`
          : nothing
      }
    </h3>
    ${
      all.length === 0
        ? html`<p class="muted">${messages.touchpointsEmpty}</p>`
        : html`${renderCurve(view)}
            <ol class="timeline">
              ${shown.map((touchpoint) => renderTouchpoint(view, touchpoint, options))}
            </ol>`
    }
    ${
      all.length > TOUCHPOINT_PREVIEW
        ? html`<button type="button" class="link toggle" aria-expanded=${options.expanded} @click=${options.onToggle}>
            ${options.expanded ? messages.showFewer : view.format.plural(messages.showAll, all.length)}
          </button>`
        : nothing
    }
  </section>`;
}
