import type { StageTransition } from '@crm-journey/connector';
import { html, nothing, type TemplateResult } from 'lit';
import { formatMessage } from '../i18n/panel-format.ts';
import { historyGroups, isLeadCustomer, type HistoryGroup } from '../model/stage-history.ts';
import { icon } from './icons.ts';
import type { PanelView } from './panel-view.ts';

/** How many history entries show before "Show all". */
const HISTORY_PREVIEW = 6;

/** What the history needs from the element besides the view. */
export interface HistoryOptions {
  readonly convertedAt: string | null;
  readonly expanded: boolean;
  readonly onToggle: () => void;
}

function describeMove(view: PanelView, entry: StageTransition): string {
  const { messages } = view.locale;
  if (entry.from === null || entry.direction === 'initial') {
    return messages.startedIn;
  }
  const template = entry.direction === 'backward' ? messages.movedBack : messages.movedForward;
  return formatMessage(template, { from: view.stageLabel(entry.from) });
}

function renderEntry(view: PanelView, entry: StageTransition): TemplateResult {
  const { messages } = view.locale;
  const backward = entry.direction === 'backward';
  return html`<li class="entry ${entry.direction}" part="history-entry">
    <span class="entry-marker" aria-hidden="true">${backward ? icon('back', 'icon flip') : nothing}</span>
    <div class="entry-body">
      <p class="entry-head">
        <span class="entry-stage">${view.stageLabel(entry.to)}</span>
        ${backward ? html`<span class="pill warning">${messages.outcome[entry.outcome ?? 'other']}</span>` : nothing}
      </p>
      <p class="meta">
        <time datetime=${entry.at}>${view.format.date(entry.at)}</time>
        <span>${describeMove(view, entry)}</span>
      </p>
      <p class="reason">${entry.reason}</p>
    </div>
  </li>`;
}

function groupTitle(view: PanelView, group: HistoryGroup, groups: readonly HistoryGroup[]): string | null {
  const { messages } = view.locale;
  if (group.phase === 'lead') return messages.leadPhase;
  return groups.length > 1 ? messages.customerPhase : null;
}

/**
 * The stage history, newest first: every stage change with its date and reason, backward moves marked with
 * their outcome, and the lead phase (before conversion) as its own group.
 */
export function renderHistory(view: PanelView, options: HistoryOptions): TemplateResult {
  const { messages } = view.locale;
  const groups = historyGroups(view.state.history, view.state.customer, options.convertedAt);
  const total = groups.reduce((sum, group) => sum + group.entries.length, 0);
  let budget = options.expanded ? total : HISTORY_PREVIEW;
  const shown = groups
    .map((group) => {
      const entries = group.entries.slice(0, Math.max(0, budget));
      budget -= entries.length;
      return { group, entries };
    })
    .filter(({ entries }) => entries.length > 0);
  return html`<section class="card history" part="history" aria-labelledby="history-title">
    <h3 id="history-title" class="section-title">${messages.historyHeading}</h3>
    ${total === 0 ? html`<p class="muted">${messages.historyEmpty}</p>` : nothing}
    ${shown.map(({ group, entries }) => {
      const title = groupTitle(view, group, groups);
      return html`${
          title === null
            ? nothing
            : html`<h4 class="group-title ${group.phase}">
                ${group.phase === 'lead' && !isLeadCustomer(view.state.customer) ? icon('flag') : nothing}${title}
              </h4>`
        }
        <ol class="entries">
          ${entries.map((entry) => renderEntry(view, entry))}
        </ol>`;
    })}
    ${
      total > HISTORY_PREVIEW
        ? html`<button type="button" class="link toggle" aria-expanded=${options.expanded} @click=${options.onToggle}>
            ${options.expanded ? messages.showFewer : view.format.plural(messages.showAll, total)}
          </button>`
        : nothing
    }
  </section>`;
}
