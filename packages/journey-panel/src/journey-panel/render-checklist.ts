import type { AdvanceChecklist, ChecklistItem } from '@crm-journey/connector';
import { html, nothing, type TemplateResult } from 'lit';
import { formatMessage } from '../i18n/panel-format.ts';
import { icon } from './icons.ts';
import type { PanelView } from './panel-view.ts';

/** What the checklist needs from the element besides the view. */
export interface ChecklistOptions {
  readonly onOpen: (object: string, recordId: string) => void;
}

function renderItem(view: PanelView, item: ChecklistItem, options: ChecklistOptions): TemplateResult {
  const { messages, language } = view.locale;
  return html`<li class="check-item ${item.met ? 'met' : 'unmet'}" part="checklist-item">
    <span class="check-mark" aria-hidden="true">${item.met ? icon('check') : nothing}</span>
    <div class="check-body">
      <p>
        <span class="visually-hidden">${item.met ? messages.itemMet : messages.itemNotMet}:</span>
        <span class="check-text">${item.text[language]}</span>
      </p>
      ${
        item.records.length > 0
          ? html`<p class="meta">
              <span>${messages.metBy}</span>
              ${item.records.map(
                (id) =>
                  html`<button
                    type="button"
                    class="link record"
                    part="record-link"
                    @click=${() => {
                      options.onOpen(item.object, id);
                    }}
                  >
                    ${id}
                  </button>`,
              )}
            </p>`
          : nothing
      }
      ${item.hint ? html`<p class="check-hint">${item.hint[language]}</p>` : nothing}
    </div>
  </li>`;
}

function renderList(view: PanelView, checklist: AdvanceChecklist, options: ChecklistOptions): TemplateResult {
  return html`<ul class="check-list">
    ${checklist.items.map((item) => renderItem(view, item, options))}
  </ul>`;
}

/**
 * "To reach <next stage>": the next stage's conditions as a checklist with its progress (met of total),
 * and, when a backward move is one condition away, that move's conditions. Nothing when the state has none.
 */
export function renderChecklist(view: PanelView, options: ChecklistOptions): TemplateResult | typeof nothing {
  const checklists = view.state.checklists ?? [];
  if (checklists.length === 0) return nothing;
  const { messages } = view.locale;
  const advance = checklists.find((checklist) => checklist.kind === 'advance');
  const risk = checklists.find((checklist) => checklist.kind === 'risk');
  const met = advance ? advance.items.filter((item) => item.met).length : 0;
  const total = advance?.items.length ?? 0;
  const progress = formatMessage(messages.checklistProgress, {
    met: view.format.number(met),
    total: view.format.number(total),
  });
  return html`<section
    class="card checklist"
    part="checklist"
    aria-labelledby=${advance ? 'checklist-title' : 'risk-title'}
  >
    ${
      advance
        ? html`<h3 id="checklist-title" class="section-title">
              ${formatMessage(messages.toReach, { stage: view.stageLabel(advance.stage) })}
              <span class="count">${progress}</span>
            </h3>
            <progress class="check-progress" max=${total} .value=${met} aria-label=${progress}></progress>
            ${
              advance.met
                ? html`<p class="muted">${messages.checklistReady}</p>`
                : advance.mode === 'any'
                  ? html`<p class="muted">${messages.checklistAny}</p>`
                  : nothing
            }
            ${renderList(view, advance, options)}`
        : nothing
    }
    ${
      risk
        ? html`<div class="risk">
            <h3 id="risk-title" class="section-title risk-title">
              ${icon('back', 'icon flip')}
              ${formatMessage(messages.riskHeading, {
                stage: view.stageLabel(risk.stage),
                move: risk.move?.label ?? '',
              })}
            </h3>
            <p class="muted">${messages.riskHint}</p>
            ${renderList(view, risk, options)}
          </div>`
        : nothing
    }
  </section>`;
}
