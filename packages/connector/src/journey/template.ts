import { readField } from '../records/field-values.ts';
import type { CrmRecord } from '../records/crm-record.ts';

/** A field reference inside a placeholder. */
export interface TemplateReference {
  readonly object: string;
  readonly field: string;
  readonly segments: readonly string[];
}

/**
 * One placeholder of a template: `{{Object.Field}}`, with optional alternatives tried in order:
 * `{{Account.Name | Lead.Company | the customer}}` (the last one may be plain text).
 */
export interface TemplatePlaceholder extends TemplateReference {
  /** Further references tried when the first is empty. */
  readonly alternatives: readonly TemplateReference[];
  readonly fallback: string;
  /** Offset of the placeholder in the template text, for diagnostics. */
  readonly offset: number;
}

/** A template split once into literal text and placeholders. */
export type Template = readonly (string | TemplatePlaceholder)[];

const placeholder = /\{\{\s*([A-Za-z_][A-Za-z0-9_]*)\.([A-Za-z_][A-Za-z0-9_.]*)\s*(?:\|\s*([^}]*?)\s*)?\}\}/g;
const reference = /^([A-Za-z_][A-Za-z0-9_]*)\.([A-Za-z_][A-Za-z0-9_.]*)$/;

/**
 * Parses `Call {{Contact.FirstName | the customer}} about {{Opportunity.Name}}` once.
 *
 * @example
 * renderTemplate(parseTemplate('Hi {{Contact.FirstName}}'), (object) => records[object]);
 */
export function parseTemplate(text: string): Template {
  const parts: (string | TemplatePlaceholder)[] = [];
  let last = 0;
  for (const match of text.matchAll(placeholder)) {
    const [whole, object = '', field = '', fallback = ''] = match;
    if (match.index > last) parts.push(text.slice(last, match.index));
    const alternatives: TemplateReference[] = [];
    let literal = '';
    for (const option of fallback === '' ? [] : fallback.split('|').map((part) => part.trim())) {
      const ref = reference.exec(option);
      if (ref && literal === '')
        alternatives.push({ object: ref[1] ?? '', field: ref[2] ?? '', segments: (ref[2] ?? '').split('.') });
      else literal = literal === '' ? option : `${literal} | ${option}`;
    }
    parts.push({ object, field, segments: field.split('.'), alternatives, fallback: literal, offset: match.index });
    last = match.index + whole.length;
  }
  if (last < text.length) parts.push(text.slice(last));
  return parts;
}

/** Renders a template; `lookup` returns the record an object name stands for. Values are plain text. */
export function renderTemplate(template: Template, lookup: (object: string) => CrmRecord | undefined): string {
  if (template.length === 1 && typeof template[0] === 'string') return template[0];
  let out = '';
  for (const part of template) {
    if (typeof part === 'string') {
      out += part;
      continue;
    }
    let value = valueOf(part, lookup);
    for (let i = 0; value === undefined && i < part.alternatives.length; i++) {
      const alternative = part.alternatives[i];
      if (alternative) value = valueOf(alternative, lookup);
    }
    out += value ?? part.fallback;
  }
  return out;
}

function valueOf(ref: TemplateReference, lookup: (object: string) => CrmRecord | undefined): string | undefined {
  const record = lookup(ref.object);
  const value = record === undefined ? undefined : readField(record, ref.segments);
  if (typeof value === 'string') return value === '' ? undefined : value;
  return typeof value === 'number' || typeof value === 'boolean' ? String(value) : undefined;
}
