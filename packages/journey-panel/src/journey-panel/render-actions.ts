import type { NextAction } from '@crm-journey/connector';
import { html, nothing, type TemplateResult } from 'lit';
import { keyed } from 'lit/directives/keyed.js';
import { formatMessage, parseInstant } from '../i18n/panel-format.ts';
import { icon } from './icons.ts';
import type { PanelView } from './panel-view.ts';

const DAY_MS = 86_400_000;
const STATUS_ORDER: Readonly<Record<NextAction['status'], number>> = { new: 0, blocked: 1, existing: 2, done: 3 };

/** What the actions list needs from the element besides the view. */
export interface ActionsOptions {
  readonly accepted: ReadonlySet<string>;
  readonly dismissed: ReadonlySet<string>;
  readonly userId: string;
  readonly ownerNames: Readonly<Record<string, string>>;
  readonly onAccept: (action: NextAction) => void;
  readonly onDismiss: (action: NextAction) => void;
  readonly onOpen: (action: NextAction) => void;
}

/** Open actions first, then what is already a task, then what is done; the journey's order within each. */
function visibleActions(actions: readonly NextAction[], dismissed: ReadonlySet<string>): NextAction[] {
  return actions
    .filter((action) => !dismissed.has(action.key))
    .map((action, index) => ({ action, index }))
    .sort((a, b) => STATUS_ORDER[a.action.status] - STATUS_ORDER[b.action.status] || a.index - b.index)
    .map(({ action }) => action);
}

function ownerText(view: PanelView, action: NextAction, options: ActionsOptions): string {
  const { messages } = view.locale;
  const { kind, id } = action.owner;
  if (kind === 'queue') return options.ownerNames[id ?? ''] ?? messages.ownerQueue;
  if (id === null) return messages.ownerUnassigned;
  if (id === options.userId) return messages.ownerYou;
  return options.ownerNames[id] ?? id;
}

function renderDue(view: PanelView, action: NextAction, open: boolean): TemplateResult | typeof nothing {
  if (action.dueDate === null) return nothing;
  const late = open && parseInstant(action.dueDate) + DAY_MS <= view.now;
  const date = formatMessage(view.locale.messages.due, { date: view.format.date(action.dueDate) });
  return html`<span class="due ${late ? 'late' : ''}">
    ${late ? icon('clock') : nothing}${date} (${view.format.relative(action.dueDate, view.now)})
  </span>`;
}

function renderStatus(view: PanelView, action: NextAction, accepted: boolean): TemplateResult {
  const { actionStatus } = view.locale.messages;
  if (accepted) return html`<span class="pill info">${actionStatus.accepted}</span>`;
  const key = action.status === 'new' && action.mode === 'suggest' ? 'suggested' : action.status;
  return html`<span class="pill status-${key}">${actionStatus[key]}</span>`;
}

function renderAction(view: PanelView, action: NextAction, options: ActionsOptions): TemplateResult {
  const { messages } = view.locale;
  const accepted = options.accepted.has(action.key);
  const open = action.status === 'new' && !accepted;
  // Every row has the same buttons: the hidden subject tells them apart for screen-reader users.
  const target = html`<span class="visually-hidden">
    ${formatMessage(messages.actionTarget, { subject: action.subject })}</span
  >`;
  const blockers = action.blockedBy.map(
    (key) => view.state.nextActions.find((candidate) => candidate.key === key)?.subject ?? key,
  );
  return html`<li class="action ${action.status}" part="action" data-key=${action.key}>
    <span class="action-icon ${action.type}" aria-hidden="true">${icon(action.type)}</span>
    <div class="action-body">
      <p class="action-head">
        <span class="visually-hidden">${messages.actionType[action.type]}:</span>
        <span class="action-subject">${action.subject}</span>
        ${renderStatus(view, action, accepted)}
      </p>
      <p class="meta">
        <span aria-hidden="true">${messages.actionType[action.type]}</span>
        ${renderDue(view, action, open || action.status === 'blocked')}
        <span>${formatMessage(messages.owner, { owner: ownerText(view, action, options) })}</span>
        ${action.priority === 'high' ? html`<span class="priority">${messages.highPriority}</span>` : nothing}
      </p>
      ${action.description ? html`<p class="action-description">${action.description}</p>` : nothing}
      ${
        blockers.length > 0 && action.status === 'blocked'
          ? html`<p class="blocked-note">
              ${formatMessage(messages.blockedBy, { subjects: view.format.list(blockers) })}
            </p>`
          : nothing
      }
      ${
        open
          ? html`<div class="action-buttons">
              <button
                type="button"
                class="button brand"
                part="button accept-button"
                data-role="accept"
                @click=${() => {
                  options.onAccept(action);
                }}
              >
                ${action.mode === 'create' ? messages.createTask : messages.accept}${target}
              </button>
              <button
                type="button"
                class="button neutral"
                part="button dismiss-button"
                data-role="dismiss"
                @click=${() => {
                  options.onDismiss(action);
                }}
              >
                ${messages.dismiss}${target}
              </button>
            </div>`
          : nothing
      }
      ${
        action.recordId !== null && !open
          ? html`<button
              type="button"
              class="link"
              part="record-link"
              @click=${() => {
                options.onOpen(action);
              }}
            >
              ${icon('open', 'icon flip')} ${messages.openTask}
            </button>`
          : nothing
      }
    </div>
  </li>`;
}

/** The next actions: what to do, by when, by whom, and the buttons to accept or dismiss suggestions. */
export function renderActions(view: PanelView, options: ActionsOptions): TemplateResult {
  const { messages } = view.locale;
  const actions = visibleActions(view.state.nextActions, options.dismissed);
  const openCount = actions.filter((action) => action.status === 'new' && !options.accepted.has(action.key)).length;
  return html`<section class="card actions" part="actions" aria-labelledby="actions-title">
    <h3 id="actions-title" class="section-title" tabindex="-1">
      ${messages.actionsHeading}
      ${openCount > 0 ? html`<span class="count">${view.format.plural(messages.openActions, openCount)}</span>` : nothing}
    </h3>
    ${
      actions.length === 0
        ? html`<p class="muted">${messages.noActions}</p>`
        : html`<ul class="action-list">
            ${actions.map((action) => keyed(action.key, renderAction(view, action, options)))}
          </ul>`
    }
  </section>`;
}
