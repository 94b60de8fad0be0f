import type { JourneyState, NextAction, Touchpoint } from '@crm-journey/connector';
import { html, LitElement, nothing, type PropertyValues, type TemplateResult } from 'lit';
import { CjActionAcceptEvent } from '../events/action-accept-event.ts';
import { CjActionDismissEvent } from '../events/action-dismiss-event.ts';
import type { ActionEventInit } from '../events/action-event-init.ts';
import { CjKeyFieldEditEvent, type KeyFieldEditValue } from '../events/key-field-edit-event.ts';
import { CjRecordOpenEvent } from '../events/record-open-event.ts';
import { CjStageSelectEvent } from '../events/stage-select-event.ts';
import { formatMessage, panelFormat } from '../i18n/panel-format.ts';
import {
  directionOf,
  PANEL_LOCALE_EVENT,
  panelLocaleFile,
  resolvePanelLocale,
  type PanelLocale,
} from '../i18n/panel-locale.ts';
import { effectiveStages, stageTrack, type TrackStage } from '../model/stage-track.ts';
import { isLeadCustomer } from '../model/stage-history.ts';
import type { PanelStage } from '../panel-stage.ts';
import { icon } from './icons.ts';
import { journeyPanelStyles } from './journey-panel.styles.ts';
import type { PanelView } from './panel-view.ts';
import { renderActions } from './render-actions.ts';
import { renderChecklist } from './render-checklist.ts';
import { renderHistory } from './render-history.ts';
import { renderKeyFields } from './render-key-fields.ts';
import { renderStageDetail } from './render-stage-detail.ts';
import { renderStageTrack } from './render-stage-track.ts';
import { renderTouchpoints } from './render-touchpoints.ts';

/** Whether the panel shows data, a loading placeholder or an error. */
export type PanelStatus = 'ready' | 'loading' | 'error';

/** The look the panel takes: Salesforce Lightning (default) or SugarCRM. */
export type PanelTheme = 'lightning' | 'sugar';

const NO_KEYS: ReadonlySet<string> = new Set();
const NO_VALUES: ReadonlyMap<string, never> = new Map<string, never>();

/**
 * The customer's journey on a CRM record page: where the customer stands, for how long against the target,
 * what to do next, how they got here and how they felt along the way. It does no I/O: the host sets
 * `state` and `stages` and handles the events.
 *
 * @summary Customer-journey panel for Salesforce and SugarCRM record pages.
 *
 * @event cj-action-accept - The rep accepted a next action ({@link CjActionAcceptEvent}).
 * @event cj-action-dismiss - The rep dismissed a next action ({@link CjActionDismissEvent}).
 * @event cj-stage-select - The rep selected a stage on the track ({@link CjStageSelectEvent}).
 * @event cj-record-open - The rep opened a CRM record from the panel ({@link CjRecordOpenEvent}).
 * @event cj-key-field-edit - The rep saved a key field edited in place ({@link CjKeyFieldEditEvent}).
 *
 * @csspart base - The panel's outer box.
 * @csspart header - The title row with the customer's name.
 * @csspart stage-track - The stage track; each stage is `stage` plus `stage-completed`, `stage-current`, ...
 * @csspart stage-detail - The selected stage: time in stage, goal and guidance.
 * @csspart time-status - The on time / at risk / overdue badge.
 * @csspart guidance - The guidance callout.
 * @csspart checklist - The "To reach <next stage>" card; each condition is `checklist-item`.
 * @csspart key-fields - The current stage's key fields; each is `key-field`.
 * @csspart actions - The next actions card; each action is `action`.
 * @csspart button - Every button; accept and dismiss also carry `accept-button` / `dismiss-button`.
 * @csspart history - The stage history card; entries are `history-entry`.
 * @csspart touchpoints - The touchpoints card; entries are `touchpoint`.
 * @csspart emotion-curve - The emotion curve figure.
 * @csspart record-link - Buttons that open a CRM record.
 * @csspart status-message - The loading, empty and error messages.
 *
 * @cssproperty --cj-font-family - Font stack (Salesforce Sans, or Sugar's, with system fallbacks).
 * @cssproperty --cj-font-size - Base font size.
 * @cssproperty --cj-color-accent - Brand colour: links, the current stage, primary buttons.
 * @cssproperty --cj-color-accent-contrast - Text on the accent colour.
 * @cssproperty --cj-color-text - Body text.
 * @cssproperty --cj-color-text-weak - Secondary text.
 * @cssproperty --cj-color-background - Panel background.
 * @cssproperty --cj-color-surface - Background of cards inside the panel.
 * @cssproperty --cj-color-border - Borders and dividers.
 * @cssproperty --cj-color-success - Completed stages, on time, positive emotion.
 * @cssproperty --cj-color-warning - At risk, backward moves.
 * @cssproperty --cj-color-error - Overdue, negative emotion.
 * @cssproperty --cj-radius - Corner radius of cards and buttons.
 * @cssproperty --cj-focus-ring - Outline of the focused control.
 */
export class CjJourneyPanel extends LitElement {
  static override styles = journeyPanelStyles;

  // Lit's standard decorators need a TypeScript or Babel transform; this repository's Vite 8 (oxc) and
  // Node type stripping pass `@property accessor` through untouched, which Chromium cannot parse. So the
  // reactive properties are declared here and the fields below are `declare`d (no class-field emit that
  // would shadow Lit's accessors).
  static override properties = {
    state: { attribute: false },
    stages: { attribute: false },
    status: { reflect: true },
    errorMessage: { attribute: 'error-message' },
    theme: { reflect: true },
    now: { attribute: false },
    userId: { attribute: 'user-id' },
    ownerNames: { attribute: false },
    convertedAt: { attribute: 'converted-at' },
    keyFieldsEditable: { attribute: 'key-fields-editable', type: Boolean },
    fieldLabels: { attribute: false },
    journeyName: { attribute: 'journey-name' },
    // The native `lang` / `dir` properties set these attributes; the panel only observes them.
    hostLang: { attribute: 'lang' },
    hostDir: { attribute: 'dir' },
    selectedStageId: { state: true },
    focusIndex: { state: true },
    accepted: { state: true },
    dismissed: { state: true },
    announcement: { state: true },
    historyExpanded: { state: true },
    touchpointsExpanded: { state: true },
    documentLocale: { state: true },
    editingField: { state: true },
    pendingFields: { state: true },
    fieldErrors: { state: true },
  };

  /** The customer's journey state, as the engine wrote it to the CRM; `null` when the customer has none. */
  declare state: JourneyState | null;
  /** The journey's stages in order; build them with `toPanelStages`. */
  declare stages: readonly PanelStage[];
  /** `loading` while the host fetches, `error` when it failed (with `errorMessage`). */
  declare status: PanelStatus;
  /** Shown under the error title when `status` is `error`: the CRM's message, as text. */
  declare errorMessage: string;
  /** `lightning` (default) or `sugar`. */
  declare theme: PanelTheme;
  /** The moment "time in stage" and due dates are measured against; the current time when unset. */
  declare now: Date | undefined;
  /** The signed-in user's CRM id: actions they own read "you". */
  declare userId: string;
  /** Display names of owners (users and queues) by CRM id. */
  declare ownerNames: Readonly<Record<string, string>>;
  /** When the customer's lead was converted (ISO); earlier history shows as the lead phase. */
  declare convertedAt: string;
  /** The host can write the root record: key fields get an Edit button and fire `cj-key-field-edit`. */
  declare keyFieldsEditable: boolean;
  /** Display labels of the key fields by field name (from the CRM's metadata); the field name otherwise. */
  declare fieldLabels: Readonly<Record<string, string>>;
  /** The name of the customer's journey (`state.journey.id`), shown in the header; hosts read it from `cjJourneyNames`. */
  declare journeyName: string;
  declare protected hostLang: string | null;
  declare protected hostDir: string | null;
  declare private selectedStageId: string | null;
  declare private focusIndex: number;
  declare private accepted: ReadonlySet<string>;
  declare private dismissed: ReadonlySet<string>;
  declare private announcement: string;
  declare private historyExpanded: boolean;
  declare private touchpointsExpanded: boolean;
  declare private documentLocale: string;
  declare private editingField: string | null;
  declare private pendingFields: ReadonlyMap<string, KeyFieldEditValue>;
  declare private fieldErrors: ReadonlyMap<string, string>;

  #documentObserver: MutationObserver | undefined;
  // A locale script loaded after the panel rendered (Sugar loads it lazily): render in its language.
  readonly #localeLoaded = (): void => {
    this.requestUpdate();
  };

  /**
   * The locale script a host loads beside the bundle for the page's language (`pl_PL` →
   * `cj-journey-panel.pl.js`), or null for English and for languages the panel does not ship.
   */
  static localeFile(tag: string | null | undefined): string | null {
    return panelLocaleFile(tag);
  }

  constructor() {
    super();
    this.state = null;
    this.stages = [];
    this.status = 'ready';
    this.errorMessage = '';
    this.theme = 'lightning';
    this.now = undefined;
    this.userId = '';
    this.ownerNames = {};
    this.convertedAt = '';
    this.hostLang = null;
    this.hostDir = null;
    this.selectedStageId = null;
    this.focusIndex = -1;
    this.accepted = NO_KEYS;
    this.dismissed = NO_KEYS;
    this.announcement = '';
    this.historyExpanded = false;
    this.touchpointsExpanded = false;
    this.documentLocale = '';
    this.keyFieldsEditable = false;
    this.fieldLabels = {};
    this.journeyName = '';
    this.editingField = null;
    this.pendingFields = NO_VALUES;
    this.fieldErrors = NO_VALUES;
  }

  override connectedCallback(): void {
    super.connectedCallback();
    // Hosts switch the page language by changing <html lang dir>; follow it without a reload.
    this.#documentObserver = new MutationObserver(() => {
      this.documentLocale = documentLocaleKey();
    });
    this.#documentObserver.observe(document.documentElement, { attributes: true, attributeFilter: ['lang', 'dir'] });
    this.documentLocale = documentLocaleKey();
    globalThis.addEventListener(PANEL_LOCALE_EVENT, this.#localeLoaded);
  }

  override disconnectedCallback(): void {
    super.disconnectedCallback();
    globalThis.removeEventListener(PANEL_LOCALE_EVENT, this.#localeLoaded);
    this.#documentObserver?.disconnect();
    this.#documentObserver = undefined;
  }

  protected override willUpdate(changed: PropertyValues<this>): void {
    const previous = changed.get('state');
    // A different customer (or journey) starts with a clean slate; a refreshed state keeps the rep's place.
    if (changed.has('state') && previous?.customer.id !== this.state?.customer.id) {
      this.selectedStageId = null;
      this.focusIndex = -1;
      this.accepted = NO_KEYS;
      this.dismissed = NO_KEYS;
      this.historyExpanded = false;
      this.touchpointsExpanded = false;
      this.editingField = null;
      this.fieldErrors = NO_VALUES;
    }
    // A new state carries the record as the CRM saved it: nothing is pending any more.
    if (changed.has('state')) this.pendingFields = NO_VALUES;
  }

  /**
   * The host's answer to a `cj-key-field-edit` the CRM refused: the panel shows the field's old value
   * again with `message` (the CRM's validation message, shown as text) in an alert.
   */
  keyFieldFailed(field: string, message: string): void {
    const pending = new Map(this.pendingFields);
    pending.delete(field);
    this.pendingFields = pending;
    this.fieldErrors = new Map([...this.fieldErrors, [field, message]]);
  }

  /** The language the panel renders in: the host's `lang`, the nearest ancestor's, or the document's. */
  get locale(): PanelLocale {
    const tag = this.hostLang ?? this.closest('[lang]')?.getAttribute('lang') ?? document.documentElement.lang;
    return resolvePanelLocale(tag || navigator.language);
  }

  /** The writing direction: the host's `dir`, else the language's when the host set `lang`, else the page's. */
  get direction(): 'ltr' | 'rtl' {
    const explicit = this.hostDir ?? (this.hostLang ? null : this.closest('[dir]')?.getAttribute('dir'));
    if (explicit === 'rtl' || explicit === 'ltr') return explicit;
    return directionOf(this.locale.tag);
  }

  override render(): TemplateResult {
    const locale = this.locale;
    const { messages } = locale;
    return html`<section
      class="panel theme-${this.theme}"
      part="base"
      lang=${locale.tag}
      dir=${this.direction}
      aria-labelledby="panel-title"
      aria-busy=${this.status === 'loading' ? 'true' : 'false'}
    >
      <header class="header" part="header">
        <span class="header-icon" aria-hidden="true">${icon('journey')}</span>
        <div class="header-text">
          <h2 id="panel-title" class="title">${messages.panelLabel}</h2>
          ${this.status === 'ready' && this.state ? this.renderCustomer(locale) : nothing}
        </div>
      </header>
      ${this.renderBody(locale)}
      <div class="visually-hidden" role="status" aria-live="polite" aria-atomic="true">${this.announcement}</div>
    </section>`;
  }

  private renderCustomer(locale: PanelLocale): TemplateResult | typeof nothing {
    const state = this.state;
    if (!state) return nothing;
    const { messages } = locale;
    const { customer } = state;
    return html`<p class="subtitle">
      <button type="button" class="link customer" part="record-link" @click=${this.openCustomer}>
        ${customer.name ?? customer.id}
      </button>
      ${isLeadCustomer(customer) ? html`<span class="pill neutral">${messages.leadBadge}</span>` : nothing}
      ${
        this.journeyName === ''
          ? nothing
          : html`<span class="pill neutral">${formatMessage(messages.journey, { journey: this.journeyName })}</span>`
      }
      ${
        state.segment === null
          ? nothing
          : html`<span class="pill neutral">${formatMessage(messages.segment, { segment: state.segment })}</span>`
      }
    </p>`;
  }

  private renderBody(locale: PanelLocale): TemplateResult {
    const { messages } = locale;
    if (this.status === 'loading') {
      return html`<div class="message loading" part="status-message">
        <div class="skeleton" aria-hidden="true"><span></span><span></span><span></span></div>
        <p>${messages.loading}</p>
      </div>`;
    }
    if (this.status === 'error') {
      return html`<div class="message error" part="status-message" role="alert">
        ${icon('alert', 'message-icon')}
        <div>
          <p class="message-title">${messages.errorTitle}</p>
          <p>${messages.errorHint}</p>
          ${this.errorMessage ? html`<p class="error-detail">${this.errorMessage}</p>` : nothing}
        </div>
      </div>`;
    }
    const state = this.state;
    if (!state) {
      return html`<div class="message empty" part="status-message">
        ${icon('journey', 'message-icon')}
        <div>
          <p class="message-title">${messages.emptyTitle}</p>
          <p>${messages.emptyHint}</p>
        </div>
      </div>`;
    }
    return this.renderJourney(state, locale);
  }

  private renderJourney(state: JourneyState, locale: PanelLocale): TemplateResult {
    const stages = effectiveStages(this.stages, state);
    const labels = new Map(stages.map((stage) => [stage.id, stage.label]));
    const view: PanelView = {
      state,
      stages,
      locale,
      format: panelFormat(locale.tag),
      now: this.now?.getTime() ?? Date.now(),
      stageLabel: (id) => (id === null ? '' : (labels.get(id) ?? id)),
    };
    const track = stageTrack(stages, state);
    const current = track.find((stop) => stop.progress === 'current');
    const selected = track.find((stop) => stop.stage.id === this.selectedStageId) ?? current;
    const focusIndex = this.focusIndex >= 0 ? this.focusIndex : (selected?.index ?? 0);
    const { messages } = locale;
    return html`${renderStageTrack(view, {
        track,
        selectedId: selected?.stage.id ?? null,
        focusIndex,
        onSelect: (stop) => {
          this.selectStage(stop);
        },
        onKeydown: (event) => {
          this.onTrackKeydown(event, track);
        },
      })}
      ${
        state.stage === null
          ? html`<div class="message empty" part="status-message">
              ${icon('journey', 'message-icon')}
              <div>
                <p class="message-title">${messages.noStageTitle}</p>
                <p>${messages.noStageHint}</p>
              </div>
            </div>`
          : nothing
      }
      <div class="columns">
        <div class="column">
          ${renderStageDetail(view, selected, () => {
            this.selectedStageId = null;
            this.focusIndex = -1;
          })}
          ${renderChecklist(view, {
            onOpen: (object, recordId) => {
              this.dispatchEvent(new CjRecordOpenEvent(recordId, object, 'checklist'));
            },
          })}
          ${renderKeyFields(view, {
            editable: this.keyFieldsEditable,
            labels: this.fieldLabels,
            editing: this.editingField,
            pending: this.pendingFields,
            errors: this.fieldErrors,
            onEdit: (field) => {
              this.editKeyField(field);
            },
            onCancel: (field) => {
              this.editingField = null;
              this.focusEditButton(field);
            },
            onSave: (field, value, previous) => {
              this.saveKeyField(field, value, previous, locale);
            },
          })}
          ${renderActions(view, {
            accepted: this.accepted,
            dismissed: this.dismissed,
            userId: this.userId,
            ownerNames: this.ownerNames,
            onAccept: (action) => {
              this.acceptAction(action, locale);
            },
            onDismiss: (action) => {
              this.dismissAction(action, locale);
            },
            onOpen: (action) => {
              if (action.recordId !== null)
                this.dispatchEvent(new CjRecordOpenEvent(action.recordId, 'Task', 'action'));
            },
          })}
        </div>
        <div class="column">
          ${renderTouchpoints(view, {
            expanded: this.touchpointsExpanded,
            onToggle: () => {
              this.touchpointsExpanded = !this.touchpointsExpanded;
            },
            onOpen: (touchpoint: Touchpoint) => {
              this.dispatchEvent(new CjRecordOpenEvent(touchpoint.recordId, touchpoint.object, 'touchpoint'));
            },
          })}
          ${renderHistory(view, {
            convertedAt: this.convertedAt || null,
            expanded: this.historyExpanded,
            onToggle: () => {
              this.historyExpanded = !this.historyExpanded;
            },
          })}
        </div>
      </div>`;
  }

  private readonly openCustomer = (): void => {
    const customer = this.state?.customer;
    if (customer) this.dispatchEvent(new CjRecordOpenEvent(customer.id, customer.type, 'customer'));
  };

  private editKeyField(field: string): void {
    this.editingField = field;
    const errors = new Map(this.fieldErrors);
    errors.delete(field);
    this.fieldErrors = errors;
    void this.updateComplete.then(() => {
      this.renderRoot.querySelector<HTMLInputElement>('.key-field-form input')?.focus();
    });
  }

  private saveKeyField(
    field: string,
    value: KeyFieldEditValue,
    previous: KeyFieldEditValue,
    locale: PanelLocale,
  ): void {
    this.editingField = null;
    const customer = this.state?.customer;
    if (!customer) return;
    if (value !== previous) {
      this.pendingFields = new Map([...this.pendingFields, [field, value]]);
      this.announcement = formatMessage(locale.messages.announceSaving, { field: this.fieldLabels[field] ?? field });
      this.dispatchEvent(
        new CjKeyFieldEditEvent({ object: customer.type, recordId: customer.id, field, value, previous }),
      );
    }
    this.focusEditButton(field);
  }

  /** Back on the field's Edit button (or its card while it saves) after the form closes. */
  private focusEditButton(field: string): void {
    void this.updateComplete.then(() => {
      const root = this.renderRoot;
      const button = [...root.querySelectorAll<HTMLElement>('.key-field .edit')].find(
        (candidate) => candidate.dataset['field'] === field,
      );
      (button ?? root.querySelector<HTMLElement>('#key-fields-title'))?.focus();
    });
  }

  private selectStage(stop: TrackStage): void {
    this.selectedStageId = stop.stage.id;
    this.focusIndex = stop.index;
    this.dispatchEvent(new CjStageSelectEvent(stop.stage, stop.progress));
  }

  /** Roving tab stop: arrows move along the track (mirrored right to left), Home and End jump to the ends. */
  private onTrackKeydown(event: KeyboardEvent, track: readonly TrackStage[]): void {
    const from = Number((event.target as HTMLElement).dataset['index'] ?? -1);
    if (from < 0 || track.length === 0) return;
    const forward = this.direction === 'rtl' ? 'ArrowLeft' : 'ArrowRight';
    const backward = this.direction === 'rtl' ? 'ArrowRight' : 'ArrowLeft';
    let to: number;
    if (event.key === forward || event.key === 'ArrowDown') to = Math.min(track.length - 1, from + 1);
    else if (event.key === backward || event.key === 'ArrowUp') to = Math.max(0, from - 1);
    else if (event.key === 'Home') to = 0;
    else if (event.key === 'End') to = track.length - 1;
    else return;
    event.preventDefault();
    this.focusIndex = to;
    void this.updateComplete.then(() => {
      this.renderRoot.querySelector<HTMLButtonElement>(`.stop-button[data-index="${String(to)}"]`)?.focus();
    });
  }

  private acceptAction(action: NextAction, locale: PanelLocale): void {
    this.accepted = new Set([...this.accepted, action.key]);
    this.announcement = formatMessage(locale.messages.announceAccepted, { subject: action.subject });
    this.dispatchEvent(new CjActionAcceptEvent(this.actionEventInit(action)));
    // The accepted action loses its buttons: keep focus in the list rather than dropping it on <body>.
    this.focusAfterAction(action.key);
  }

  private dismissAction(action: NextAction, locale: PanelLocale): void {
    this.dismissed = new Set([...this.dismissed, action.key]);
    this.announcement = formatMessage(locale.messages.announceDismissed, { subject: action.subject });
    this.dispatchEvent(new CjActionDismissEvent(this.actionEventInit(action)));
    this.focusAfterAction(action.key);
  }

  private actionEventInit(action: NextAction): ActionEventInit {
    const state = this.state;
    if (!state) throw new Error('cj-journey-panel: an action event without a state is a bug');
    return { action, customer: state.customer, stage: state.stage, journey: state.journey };
  }

  private focusAfterAction(key: string): void {
    const root = this.renderRoot;
    const items = [...root.querySelectorAll<HTMLElement>('.action')];
    const index = items.findIndex((item) => item.dataset['key'] === key);
    void this.updateComplete.then(() => {
      const buttons = [...root.querySelectorAll<HTMLElement>('.action [data-role="accept"]')];
      const next =
        buttons.find((button) => {
          const item = button.closest<HTMLElement>('.action');
          return item !== null && items.indexOf(item) > index;
        }) ?? buttons.at(-1);
      (next ?? root.querySelector<HTMLElement>('#actions-title'))?.focus();
    });
  }
}

function documentLocaleKey(): string {
  const root = document.documentElement;
  return `${root.lang}|${root.dir}`;
}

declare global {
  interface HTMLElementTagNameMap {
    'cj-journey-panel': CjJourneyPanel;
  }
}
