import type { PluralMessage } from './panel-messages.ts';

const DAY_MS = 86_400_000;
const DATE_ONLY = /^\d{4}-\d{2}-\d{2}$/;

/** Fills `{name}` placeholders with plain-text values. */
export function formatMessage(template: string, values: Readonly<Record<string, string | number>> = {}): string {
  return template.replace(/\{(\w+)\}/g, (whole, name: string) => {
    const value = values[name];
    return value === undefined ? whole : String(value);
  });
}

/** Locale-aware formatting of the panel's numbers, dates, durations and plurals, all through `Intl`. */
export interface PanelFormat {
  /** A whole number in the locale's digits (Persian uses ۰–۹). */
  number(value: number): string;
  /** A count of days with its unit, e.g. `107 days`, `1,9 dnia`, `۱۰۷ روز`. */
  days(value: number): string;
  /** A date, e.g. `12 Aug 2026`; `YYYY-MM-DD` dates are taken as calendar days, not instants. */
  date(value: string): string;
  /** How far a date is from `now`, e.g. `in 3 days`, `2 weeks ago`. */
  relative(value: string, now: number): string;
  /** A plural message for `count`, with `{count}` filled in. */
  plural(message: PluralMessage, count: number, values?: Readonly<Record<string, string | number>>): string;
  /** A list joined the locale's way: `a, b and c`. */
  list(items: readonly string[]): string;
}

/** Parses an ISO date or date-time to epoch milliseconds; a bare date means midnight UTC of that day. */
export function parseInstant(value: string): number {
  return Date.parse(DATE_ONLY.test(value) ? `${value}T00:00:00Z` : value);
}

function relativeUnit(days: number): [number, Intl.RelativeTimeFormatUnit] {
  const size = Math.abs(days);
  if (size < 14) return [Math.round(days), 'day'];
  if (size < 60) return [Math.round(days / 7), 'week'];
  if (size < 730) return [Math.round(days / 30.4), 'month'];
  return [Math.round(days / 365), 'year'];
}

function createPanelFormat(tag: string): PanelFormat {
  const numbers = new Intl.NumberFormat(tag, { maximumFractionDigits: 0 });
  const wholeDays = new Intl.NumberFormat(tag, {
    style: 'unit',
    unit: 'day',
    unitDisplay: 'long',
    maximumFractionDigits: 0,
  });
  const fractionDays = new Intl.NumberFormat(tag, {
    style: 'unit',
    unit: 'day',
    unitDisplay: 'long',
    maximumFractionDigits: 1,
  });
  const calendarDate = new Intl.DateTimeFormat(tag, { dateStyle: 'medium', timeZone: 'UTC' });
  const instantDate = new Intl.DateTimeFormat(tag, { dateStyle: 'medium' });
  const relative = new Intl.RelativeTimeFormat(tag, { numeric: 'auto' });
  const plurals = new Intl.PluralRules(tag);
  const list = new Intl.ListFormat(tag, { type: 'conjunction' });
  return {
    number: (value) => numbers.format(value),
    // Fractions matter only for the first days in a stage; after ten, "107.1 days" is noise.
    days: (value) => (value < 10 ? fractionDays : wholeDays).format(value),
    date(value) {
      const at = parseInstant(value);
      if (Number.isNaN(at)) return value;
      return (DATE_ONLY.test(value) ? calendarDate : instantDate).format(at);
    },
    relative(value, now) {
      const at = parseInstant(value);
      if (Number.isNaN(at)) return '';
      // Calendar days: a task due today reads "today" all day long, not "in 7 hours".
      const today = Math.floor(now / DAY_MS);
      const [amount, unit] = relativeUnit(Math.floor(at / DAY_MS) - today);
      return relative.format(amount, unit);
    },
    plural(message, count, values = {}) {
      const template = message[plurals.select(count)] ?? message.other;
      return formatMessage(template, { ...values, count: numbers.format(count) });
    },
    list: (items) => list.format(items),
  };
}

const formats = new Map<string, PanelFormat>();

/**
 * The formatter for a BCP 47 tag, created once per tag (`Intl` constructors are the slow part of a render).
 *
 * @example
 * panelFormat('pl').days(3); // '3 dni'
 */
export function panelFormat(tag: string): PanelFormat {
  let format = formats.get(tag);
  if (!format) {
    format = createPanelFormat(tag);
    formats.set(tag, format);
  }
  return format;
}
