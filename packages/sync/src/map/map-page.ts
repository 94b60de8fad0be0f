import {
  compileJourneySet,
  journeySetReadDefinition,
  placeCustomer,
  type CrmConnector,
  type JourneyDefinition,
  type JourneySetDefinition,
} from '@crm-journey/connector';
import { escapeHtml } from '../report/html-escape.ts';
import { MAP_LOCALES, type MapLocale } from './map-labels.ts';
import { createMapSession, type MapDocument, type MapOptions } from './map-session.ts';
import { renderMapHtml } from './render-map.ts';

/** The `/map` page's GET form fields; anything else in the query is refused. */
const FIELDS = ['segment', 'from', 'to', 'locale'] as const;
const DATE = /^\d{4}-\d{2}-\d{2}$/;
/** The `segment` value that asks for every segment side by side. */
const ALL_SEGMENTS = '*';

/** What the `/map` page was asked for. */
export interface MapPageRequest {
  readonly options: Omit<MapOptions, 'asOf'>;
  readonly locale: MapLocale;
  /** The form's values as given, to fill the form again. */
  readonly values: Readonly<Partial<Record<(typeof FIELDS)[number], string>>>;
}

/**
 * Checks the `/map` query: `segment` (a segment id, `*` for all, empty for everyone), `from` and `to`
 * (ISO dates, whole UTC days), `locale`. Returns a sentence naming the field and the fix when wrong.
 */
export function parseMapQuery(
  journey: JourneyDefinition,
  query: Readonly<Record<string, unknown>>,
): MapPageRequest | string {
  const values: Partial<Record<(typeof FIELDS)[number], string>> = {};
  for (const [key, value] of Object.entries(query)) {
    if (!(FIELDS as readonly string[]).includes(key))
      return `Unknown field "${key}"; the map takes ${FIELDS.join(', ')}.`;
    if (typeof value !== 'string') return `Field "${key}" is given more than once.`;
    if (value !== '') values[key as (typeof FIELDS)[number]] = value;
  }
  const { segment, from, to, locale = 'en' } = values;
  if (segment !== undefined && segment !== ALL_SEGMENTS && !journey.segments.some((s) => s.id === segment))
    return `Segment "${segment}" is not one of ${journey.segments.map((s) => s.id).join(', ') || '(none)'}.`;
  for (const [name, date] of [
    ['from', from],
    ['to', to],
  ] as const)
    if (date !== undefined && (!DATE.test(date) || Number.isNaN(Date.parse(date))))
      return `Field "${name}" must be a date like 2026-01-31, not "${date}".`;
  const start = from === undefined ? undefined : Date.parse(`${from}T00:00:00Z`);
  const end = to === undefined ? undefined : Date.parse(`${to}T00:00:00Z`) + 86_400_000 - 1;
  if (start !== undefined && end !== undefined && start >= end) return 'The period must start before it ends.';
  if (!(MAP_LOCALES as readonly string[]).includes(locale))
    return `Locale "${locale}" is not one of ${MAP_LOCALES.join(', ')}.`;
  return {
    options: {
      ...(start === undefined ? {} : { from: start }),
      ...(end === undefined ? {} : { to: end }),
      ...(segment === ALL_SEGMENTS ? { allSegments: true } : segment === undefined ? {} : { segment }),
    },
    locale: locale as MapLocale,
    values,
  };
}

/**
 * Reads every customer of the org once for the whole set (read-only, streamed) and draws the map of one
 * of its journeys from the customers that journey takes (a set of one: every customer).
 */
export async function buildMapInSet(
  connector: CrmConnector,
  set: JourneySetDefinition,
  journeyId: string,
  options: MapOptions,
): Promise<MapDocument> {
  const compiled = compileJourneySet(set);
  const journey = set.journeys.find((item) => item.id === journeyId);
  if (journey === undefined) throw new RangeError(`${journeyId} is not a journey of the set`);
  const session = createMapSession(journey, options);
  for await (const read of connector.readCustomers(journeySetReadDefinition(set), { asOf: options.asOf })) {
    const placed = placeCustomer(compiled, read.records, options.asOf, read.customer.type).journey;
    if (placed?.definition.id === journeyId)
      session.add({ customer: read.customer, records: read.records, changes: read.changes }, read.stored);
  }
  return session.finish();
}

/** Reads every customer of the org once (read-only, streamed) and draws the map. */
export async function buildMapFromConnector(
  connector: CrmConnector,
  journey: JourneyDefinition,
  options: MapOptions,
): Promise<MapDocument> {
  const session = createMapSession(journey, options);
  for await (const read of connector.readCustomers(journey, { asOf: options.asOf }))
    session.add({ customer: read.customer, records: read.records, changes: read.changes }, read.stored);
  return session.finish();
}

/** The map page with its GET form (segment, period, language): a plain form, so the page still runs no script. */
export function mapPageHtml(
  document: MapDocument,
  journey: JourneyDefinition,
  request: MapPageRequest,
  action: string,
  hidden: Readonly<Record<string, string>> = {},
): string {
  const { values } = request;
  const option = (value: string, label: string, selected: boolean): string =>
    `<option value="${escapeHtml(value)}"${selected ? ' selected' : ''}>${escapeHtml(label)}</option>`;
  const segments = [
    option('', 'All customers', values.segment === undefined),
    option(ALL_SEGMENTS, 'Every segment, side by side', values.segment === ALL_SEGMENTS),
    ...journey.segments.map((segment) => option(segment.id, segment.label, values.segment === segment.id)),
  ].join('');
  const locales = MAP_LOCALES.map((locale) => option(locale, locale, request.locale === locale)).join('');
  const date = (name: 'from' | 'to', label: string): string =>
    `<label>${label} <input type="date" name="${name}" value="${escapeHtml(values[name] ?? '')}"></label>`;
  const form = `<form method="get" action="${escapeHtml(action)}" class="map-form" lang="en" dir="ltr">${Object.entries(
    hidden,
  )
    .map(([name, value]) => `<input type="hidden" name="${escapeHtml(name)}" value="${escapeHtml(value)}">`)
    .join(
      '',
    )}<label>Segment <select name="segment">${segments}</select></label> ${date('from', 'From')} ${date('to', 'To')} <label>Language <select name="locale">${locales}</select></label> <button type="submit">Show</button></form>`;
  return renderMapHtml(document, request.locale, form);
}
