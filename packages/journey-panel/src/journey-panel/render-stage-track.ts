import { html, nothing, type TemplateResult } from 'lit';
import { formatMessage } from '../i18n/panel-format.ts';
import type { TrackStage } from '../model/stage-track.ts';
import { icon } from './icons.ts';
import type { PanelView } from './panel-view.ts';

/** What the stage track needs from the element besides the view. */
export interface StageTrackOptions {
  readonly track: readonly TrackStage[];
  readonly selectedId: string | null;
  /** The stop that holds the roving tab stop. */
  readonly focusIndex: number;
  readonly onSelect: (stop: TrackStage) => void;
  readonly onKeydown: (event: KeyboardEvent) => void;
}

function marker(stop: TrackStage, number: string): TemplateResult {
  switch (stop.progress) {
    case 'completed':
      return icon('check', 'marker-icon');
    case 'revisited':
      return icon('back', 'marker-icon flip');
    default:
      return html`<span>${number}</span>`;
  }
}

/**
 * The stage track: an ordered list of every stage, each a button (one tab stop, arrow keys move between
 * stages); the current stage carries `aria-current="step"`.
 */
export function renderStageTrack(view: PanelView, options: StageTrackOptions): TemplateResult {
  const { messages } = view.locale;
  const total = options.track.length;
  return html`<div class="track" part="stage-track">
    <ol class="track-list" aria-label=${messages.stagesHeading} @keydown=${options.onKeydown}>
      ${options.track.map((stop) => {
        const selected = stop.stage.id === options.selectedId;
        const position = formatMessage(messages.stepOf, {
          index: view.format.number(stop.index + 1),
          total: view.format.number(total),
        });
        return html`<li class="stop ${stop.progress} ${selected ? 'selected' : ''}" part="stage stage-${stop.progress}">
          <button
            type="button"
            class="stop-button"
            data-index=${stop.index}
            tabindex=${stop.index === options.focusIndex ? 0 : -1}
            aria-current=${stop.progress === 'current' ? 'step' : nothing}
            aria-pressed=${selected ? 'true' : 'false'}
            @click=${() => {
              options.onSelect(stop);
            }}
          >
            <span class="marker" aria-hidden="true">${marker(stop, view.format.number(stop.index + 1))}</span>
            <span class="stop-label">${stop.stage.label}</span
            ><span class="visually-hidden">, ${position}, ${messages.stageProgress[stop.progress]}</span>
          </button>
        </li>`;
      })}
    </ol>
  </div>`;
}
