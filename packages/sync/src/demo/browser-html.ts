import type { CrmRecord } from '@crm-journey/connector';
import type { BrowserCrm, BrowserObject } from './browser-objects.ts';

/** A CRM value as text: nothing for null, JSON for anything structured. */
function textOf(value: unknown): string {
  if (value === null || value === undefined) return '';
  if (typeof value === 'string') return value;
  if (typeof value === 'number' || typeof value === 'boolean' || typeof value === 'bigint') return String(value);
  return JSON.stringify(value);
}

/** Escapes text for HTML element content and quoted attribute values. */
export function escapeHtml(value: unknown): string {
  return textOf(value).replace(/[&<>"']/g, (char) => `&#${char.charCodeAt(0)};`);
}

/** JSON for an inline `<script type="application/json">`: `<` escaped so no value can close the element. */
export function inlineJson(value: unknown): string {
  return JSON.stringify(value).replace(/</g, '\\u003c');
}

const STYLE = `
:root { color-scheme: light; font-family: system-ui, "Segoe UI", sans-serif; font-size: 14px; color: #181818; background: #f3f3f3; }
body { margin: 0; }
header { background: #032d60; color: #fff; padding: 0.6rem 1.2rem; display: flex; gap: 1.2rem; align-items: center; flex-wrap: wrap; }
header a { color: #fff; text-decoration: none; }
header strong { margin-inline-end: 1rem; }
main { padding: 1rem 1.2rem; max-width: 1400px; margin: 0 auto; }
.card { background: #fff; border: 1px solid #dddbda; border-radius: 0.25rem; padding: 1rem; margin-block-end: 1rem; }
table { border-collapse: collapse; width: 100%; }
th, td { text-align: start; padding: 0.35rem 0.5rem; border-block-end: 1px solid #eee; vertical-align: top; }
th { color: #444; font-weight: 600; }
.fields th { width: 14rem; }
.fields td { word-break: break-word; }
.record { display: grid; grid-template-columns: minmax(0, 1fr) minmax(22rem, 34rem); gap: 1rem; align-items: start; }
@media (max-width: 900px) { .record { grid-template-columns: 1fr; } }
form.inline { display: flex; gap: 0.5rem; align-items: center; margin-block: 0.5rem; }
button, select, input { font: inherit; padding: 0.3rem 0.6rem; }
.notice { background: #e5f5e0; border: 1px solid #91c483; padding: 0.5rem 0.8rem; border-radius: 0.25rem; }
.muted { color: #666; }
.pager { display: flex; gap: 1rem; align-items: center; margin-block-start: 0.8rem; }
pre { white-space: pre-wrap; }
`;

/** The page frame: the object tabs, the report link and the content. */
function layout(browser: BrowserCrm, title: string, content: string): string {
  const tabs = browser.objects.map(
    (object) => `<a href="/o/${escapeHtml(object.name)}">${escapeHtml(object.label)}</a>`,
  );
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<title>${escapeHtml(title)} · crm-journey demo</title><style>${STYLE}</style></head>
<body><header><strong><a href="/">${escapeHtml(browser.title)}</a></strong>${tabs.join('')}<a href="/report">Analytics report</a></header>
<main>${content}</main></body></html>`;
}

/** The text of a list cell: Salesforce and Sugar both answer plain values; anything else as JSON. */
function cell(record: CrmRecord, field: string): string {
  return escapeHtml(record[field]);
}

/** A list of records with the search box and the pager. */
export function listPage(
  browser: BrowserCrm,
  object: BrowserObject,
  page: { readonly records: readonly CrmRecord[]; readonly total: number },
  search: string,
  pageNumber: number,
  pageSize: number,
): string {
  const [title, ...rest] = object.columns;
  const rows = page.records.map((record) => {
    const id = textOf(record[browser.idField]);
    const link = `<a href="/o/${escapeHtml(object.name)}/${encodeURIComponent(id)}">${cell(record, title ?? browser.idField) || escapeHtml(id)}</a>`;
    return `<tr><td>${link}</td>${rest.map((field) => `<td>${cell(record, field)}</td>`).join('')}</tr>`;
  });
  const pages = Math.max(1, Math.ceil(page.total / pageSize));
  const query = (n: number): string => `?${new URLSearchParams({ q: search, page: String(n) }).toString()}`;
  return layout(
    browser,
    object.label,
    `<div class="card"><h1>${escapeHtml(object.label)}</h1>
<form class="inline" role="search" method="get"><input type="search" name="q" aria-label="Search ${escapeHtml(object.label)}" value="${escapeHtml(search)}" placeholder="Search ${escapeHtml(object.searchFields.join(', '))}"><button type="submit">Search</button></form>
<p class="muted">${page.total.toLocaleString('en-US')} records</p>
<table><thead><tr>${object.columns.map((field) => `<th scope="col">${escapeHtml(field)}</th>`).join('')}</tr></thead>
<tbody>${rows.join('\n')}</tbody></table>
<nav class="pager" aria-label="Pages">${pageNumber > 1 ? `<a href="${escapeHtml(query(pageNumber - 1))}">Previous</a>` : ''}<span>Page ${pageNumber} of ${pages}</span>${pageNumber < pages ? `<a href="${escapeHtml(query(pageNumber + 1))}">Next</a>` : ''}</nav></div>`,
  );
}

const LONG_VALUE = 160;

const shorten = (text: string): string =>
  text.length <= LONG_VALUE
    ? text
    : `${text.slice(0, LONG_VALUE)}… (${text.length.toLocaleString('en-US')} characters)`;

/** What the record page's host script needs: the record, its object and the journey's customer root. */
export interface RecordPageConfig {
  readonly crm: BrowserCrm['crm'];
  readonly objectApiName: string;
  readonly recordId: string;
  readonly rootObject: string;
  /** Sugar's dashlet reads the page's model; Salesforce's wrapper reads through Lightning Data Service. */
  readonly record: CrmRecord;
}

/** A record page: its fields, its edit forms and the journey panel the host script feeds. */
export function recordPage(
  browser: BrowserCrm,
  object: BrowserObject | undefined,
  record: CrmRecord,
  notice: string,
): string {
  const objectName = object?.name ?? 'Task';
  const id = textOf(record[browser.idField]);
  const title = object ? (record[object.columns[0] ?? ''] ?? id) : (record['Subject'] ?? record['name'] ?? id);
  // The list's columns first, as a page layout would; long values (the journey state JSON) shortened.
  const first = new Set([browser.idField, ...(object?.columns ?? [])]);
  const ordered = [...first]
    .filter((field) => field in record)
    .concat(Object.keys(record).filter((field) => !first.has(field)));
  const fields = ordered
    .map((field) => [field, record[field]] as const)
    .filter(([, value]) => value !== null && value !== '' && typeof value !== 'object')
    .map(
      ([field, value]) =>
        `<tr><th scope="row">${escapeHtml(field)}</th><td>${escapeHtml(shorten(String(value)))}</td></tr>`,
    );
  const edits = (object?.edits ?? []).map(
    (
      edit,
    ) => `<form class="inline" method="post" action="/o/${escapeHtml(objectName)}/${encodeURIComponent(id)}/edit/${escapeHtml(edit.id)}">
<label>${escapeHtml(edit.label)} <select name="value">${edit.values
      .map((value) => `<option${value === record[edit.field] ? ' selected' : ''}>${escapeHtml(value)}</option>`)
      .join('')}</select></label><button type="submit">Save</button></form>`,
  );
  const config: RecordPageConfig = {
    crm: browser.crm,
    objectApiName: objectName,
    recordId: id,
    rootObject: browser.rootObject,
    record,
  };
  const host = browser.crm === 'salesforce' ? 'salesforce-record-host.js' : 'sugar-record-host.js';
  return layout(
    browser,
    textOf(title),
    `${notice === '' ? '' : `<p class="notice" role="status">${escapeHtml(notice)}</p>`}
<div class="record"><div><div class="card"><p class="muted">${escapeHtml(object?.label ?? objectName)}</p><h1>${escapeHtml(title)}</h1>${edits.join('')}</div>
<div class="card"><h2>Details</h2><table class="fields"><tbody>${fields.join('\n')}</tbody></table></div></div>
<div><div class="card" id="cj-host"><cj-journey-panel theme="${browser.crm === 'salesforce' ? 'lightning' : 'sugar'}" status="loading"></cj-journey-panel></div>
<p id="cj-toast" class="muted" role="status" aria-live="polite"></p></div></div>
<script type="application/json" id="cj-record">${inlineJson(config)}</script>
<script src="/assets/cj-journey-panel.js"></script><script src="/assets/cj-journey-stages.js"></script>
<script type="module" src="/assets/${host}"></script>`,
  );
}

/** The home page: what is running and where. */
export function homePage(browser: BrowserCrm, lines: readonly string[]): string {
  return layout(
    browser,
    'crm-journey demo',
    `<div class="card"><h1>crm-journey demo</h1><p>Open a list above, then a record: the journey panel shows the customer's stage and next actions.</p>
<pre>${escapeHtml(lines.join('\n'))}</pre></div>`,
  );
}

/** A page that says something is not there, and why. */
export function messagePage(browser: BrowserCrm, title: string, message: string): string {
  return layout(browser, title, `<div class="card"><h1>${escapeHtml(title)}</h1><p>${escapeHtml(message)}</p></div>`);
}
