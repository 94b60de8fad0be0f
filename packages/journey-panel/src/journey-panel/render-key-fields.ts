import type { KeyFieldValue } from '@crm-journey/connector';
import { html, nothing, type TemplateResult } from 'lit';
import type { KeyFieldEditValue } from '../events/key-field-edit-event.ts';
import { formatMessage } from '../i18n/panel-format.ts';
import type { PanelView } from './panel-view.ts';

/** What the key fields need from the element besides the view. */
export interface KeyFieldsOptions {
  readonly editable: boolean;
  /** Display labels by field name (the host knows the CRM's labels); the field name otherwise. */
  readonly labels: Readonly<Record<string, string>>;
  /** The field being edited, if any. */
  readonly editing: string | null;
  /** Values saved by the rep and not yet confirmed by a new state. */
  readonly pending: ReadonlyMap<string, KeyFieldEditValue>;
  /** The CRM's message for a save that failed, by field. */
  readonly errors: ReadonlyMap<string, string>;
  readonly onEdit: (field: string) => void;
  readonly onCancel: (field: string) => void;
  readonly onSave: (field: string, value: KeyFieldEditValue, previous: KeyFieldEditValue) => void;
}

function shown(view: PanelView, value: KeyFieldEditValue): string {
  const { messages } = view.locale;
  if (value === null) return messages.keyFieldEmpty;
  if (typeof value === 'boolean') return value ? messages.yes : messages.no;
  return typeof value === 'number' ? new Intl.NumberFormat(view.locale.tag).format(value) : value;
}

/** The typed value of the edit form's control: a number for numeric fields, a boolean for checkboxes. */
function readControl(form: HTMLFormElement, previous: KeyFieldEditValue): KeyFieldEditValue {
  const input = form.querySelector('input');
  if (!input) return previous;
  if (input.type === 'checkbox') return input.checked;
  const text = input.value.trim();
  if (text === '') return null;
  return input.type === 'number' ? Number(text) : text;
}

function renderEditor(view: PanelView, key: KeyFieldValue, label: string, options: KeyFieldsOptions): TemplateResult {
  const { messages } = view.locale;
  const id = `key-field-${key.field}`;
  const { value } = key;
  return html`<form
    class="key-field-form"
    @submit=${(event: SubmitEvent) => {
      event.preventDefault();
      options.onSave(key.field, readControl(event.currentTarget as HTMLFormElement, value), value);
    }}
    @keydown=${(event: KeyboardEvent) => {
      if (event.key === 'Escape') {
        event.preventDefault();
        options.onCancel(key.field);
      }
    }}
  >
    <label class="visually-hidden" for=${id}>${label}</label>
    ${
      typeof value === 'boolean'
        ? html`<input id=${id} type="checkbox" .checked=${value} />`
        : html`<input
            id=${id}
            class="input"
            type=${typeof value === 'number' ? 'number' : 'text'}
            step=${typeof value === 'number' ? 'any' : nothing}
            .value=${value === null ? '' : String(value)}
          />`
    }
    <button type="submit" class="button brand small" part="button">${messages.save}</button>
    <button
      type="button"
      class="button neutral small"
      part="button"
      @click=${() => {
        options.onCancel(key.field);
      }}
    >
      ${messages.cancel}
    </button>
  </form>`;
}

function renderField(view: PanelView, key: KeyFieldValue, options: KeyFieldsOptions): TemplateResult {
  const { messages } = view.locale;
  const label = options.labels[key.field] ?? key.field;
  const pending = options.pending.has(key.field);
  const value = pending ? (options.pending.get(key.field) ?? null) : key.value;
  const error = options.errors.get(key.field);
  return html`<div class="key-field" part="key-field">
    <dt class="key-field-label">${label}</dt>
    <dd class="key-field-value">
      ${
        options.editing === key.field
          ? renderEditor(view, key, label, options)
          : html`<span class=${value === null ? 'muted' : ''}>${shown(view, value)}</span>
              ${pending ? html`<span class="pill info">${messages.saving}</span>` : nothing}
              ${
                options.editable && !pending
                  ? html`<button
                      type="button"
                      class="link edit"
                      part="button"
                      data-field=${key.field}
                      @click=${() => {
                        options.onEdit(key.field);
                      }}
                    >
                      ${messages.edit}<span class="visually-hidden"> ${label}</span>
                    </button>`
                  : nothing
              }`
      }
      ${error ? html`<p class="key-field-error" role="alert">${formatMessage(messages.keyFieldFailed, { message: error })}</p>` : nothing}
    </dd>
  </div>`;
}

/** The current stage's key fields with their values, editable in place when the host allows it. */
export function renderKeyFields(view: PanelView, options: KeyFieldsOptions): TemplateResult | typeof nothing {
  const fields = view.state.keyFields ?? [];
  if (fields.length === 0) return nothing;
  return html`<section class="card key-fields" part="key-fields" aria-labelledby="key-fields-title">
    <h3 id="key-fields-title" class="section-title" tabindex="-1">${view.locale.messages.keyFieldsHeading}</h3>
    <dl class="key-field-list">${fields.map((key) => renderField(view, key, options))}</dl>
  </section>`;
}
