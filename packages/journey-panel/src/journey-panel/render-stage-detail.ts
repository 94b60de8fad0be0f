import { html, nothing, type TemplateResult } from 'lit';
import { formatMessage } from '../i18n/panel-format.ts';
import type { TrackStage } from '../model/stage-track.ts';
import { timeInStageAt } from '../model/time-in-stage.ts';
import { icon } from './icons.ts';
import type { PanelView } from './panel-view.ts';

// A `.style` property binding sets the width through CSSOM (`style.cssText`), which a strict `style-src`
// CSP (Lightning, Sugar) still allows, without the styleMap directive's weight in the bundle.
function renderTime(view: PanelView): TemplateResult | typeof nothing {
  const time = timeInStageAt(view.state, view.now);
  if (!time) return nothing;
  const { messages } = view.locale;
  const { format } = view;
  const since = view.state.stageEnteredAt;
  return html`<div class="time ${time.status}" part="time-in-stage">
    <p class="time-line">
      <span class="pill ${time.status}" part="time-status">${messages.timeStatus[time.status]}</span>
      <span class="time-days">${formatMessage(messages.daysInStage, { days: format.days(time.days) })}</span>
    </p>
    <p class="time-target muted">
      ${[
        time.targetDays === null ? null : formatMessage(messages.target, { days: format.days(time.targetDays) }),
        since === null ? null : formatMessage(messages.enteredOn, { date: format.date(since) }),
      ]
        .filter((part) => part !== null)
        .join(' · ')}
    </p>
    ${
      time.share === null
        ? nothing
        : html`<div class="bar" aria-hidden="true">
            <span class="bar-fill" .style=${`inline-size:${String(Math.max(2, Math.round(time.share * 100)))}%`}></span>
          </div>`
    }
  </div>`;
}

/**
 * The selected stage (the current one unless the rep picked another on the track): its name, time in
 * stage against the target, the customer's goal and the guidance.
 */
export function renderStageDetail(
  view: PanelView,
  stop: TrackStage | undefined,
  onBackToCurrent: () => void,
): TemplateResult | typeof nothing {
  if (!stop) return nothing;
  const { messages } = view.locale;
  const isCurrent = stop.progress === 'current';
  const { stage } = stop;
  return html`<section
    class="card detail ${isCurrent ? 'is-current' : ''}"
    part="stage-detail"
    aria-labelledby="stage-title"
  >
    <p class="overline">${messages.stageProgress[stop.progress]}</p>
    <h3 id="stage-title" class="stage-title">${stage.label}</h3>
    ${
      isCurrent
        ? renderTime(view)
        : stage.targetDays === undefined
          ? nothing
          : html`<p class="muted">${formatMessage(messages.target, { days: view.format.days(stage.targetDays) })}</p>`
    }
    ${stage.description ? html`<p class="voice">${stage.description}</p>` : nothing}
    ${stage.goal ? html`<p class="goal"><span class="label">${messages.goal}:</span> ${stage.goal}</p>` : nothing}
    ${
      isCurrent && view.state.guidance
        ? html`<div class="guidance" part="guidance">
            ${icon('flag')}
            <div>
              <p class="label">${messages.guidance}</p>
              <p>${view.state.guidance}</p>
            </div>
          </div>`
        : nothing
    }
    ${
      isCurrent
        ? nothing
        : html`<button type="button" class="button neutral small" part="button" @click=${onBackToCurrent}>
            ${messages.backToCurrent}
          </button>`
    }
  </section>`;
}
