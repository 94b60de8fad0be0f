import type { TypedValue, ValueKind } from './condition-ast.ts';

/** A record as a CRM's REST API returns it: a loose map keyed by field name. */
export type CrmRecord = Readonly<Record<string, unknown>>;

/** Milliseconds in a day. */
export const DAY_MS = 86_400_000;

const isoDate = /^\d{4}-\d{2}-\d{2}$/;
const isoDateTime = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:?\d{2})$/;
const numeric = /^\s*-?\d+(\.\d+)?\s*$/;

/** Reads a field, following dotted parent paths (`Account.Name`) through nested objects. */
export function readField(record: CrmRecord, segments: readonly string[]): unknown {
  let value: unknown = record;
  for (const segment of segments) {
    if (value === null || typeof value !== 'object') return undefined;
    value = (value as Record<string, unknown>)[segment];
  }
  return value;
}

/** True for the values every back-end treats as "no value": null, undefined and the empty string. */
export function isBlank(value: unknown): boolean {
  return value === null || value === undefined || value === '';
}

/** Decides how a literal from a journey file compares. */
export function typeValue(value: string | number | boolean | null): TypedValue {
  // The empty string is how CRMs send a blank field; `Field: ''` means "is blank", like `Field: null`.
  if (value === null || value === '') return { kind: 'null', value: null };
  if (typeof value === 'number') return { kind: 'number', value };
  if (typeof value === 'boolean') return { kind: 'boolean', value };
  if (isoDate.test(value)) return { kind: 'date', value };
  if (isoDateTime.test(value) && !Number.isNaN(parseInstant(value))) return { kind: 'datetime', value };
  return { kind: 'string', value };
}

const DIGIT_0 = 48;

/** The number written by `length` ASCII digits at `start`, or -1 when one of them is not a digit. */
function digits(text: string, start: number, length: number): number {
  let value = 0;
  for (let i = start; i < start + length; i++) {
    const code = text.charCodeAt(i) - DIGIT_0;
    if (code < 0 || code > 9) return -1;
    value = value * 10 + code;
  }
  return value;
}

/**
 * The fast path of {@link parseInstant} for the shapes CRMs send: `YYYY-MM-DD` and
 * `YYYY-MM-DDTHH:MM:SS[.sss](Z|+HHMM|+HH:MM)`. Returns undefined for anything else (and for days past
 * the 28th, whose month length it does not check), so the general parser decides those.
 */
function parseCommonInstant(text: string): number | undefined {
  const year = digits(text, 0, 4);
  const month = digits(text, 5, 2);
  const day = digits(text, 8, 2);
  if (
    year < 1000 ||
    month < 1 ||
    month > 12 ||
    day < 1 ||
    day > 28 ||
    text.charCodeAt(4) !== 45 ||
    text.charCodeAt(7) !== 45
  )
    return undefined;
  if (text.length === 10) return Date.UTC(year, month - 1, day);
  if (text.charCodeAt(10) !== 84 || text.length < 20 || text.charCodeAt(13) !== 58 || text.charCodeAt(16) !== 58)
    return undefined;
  const hour = digits(text, 11, 2);
  const minute = digits(text, 14, 2);
  const second = digits(text, 17, 2);
  if (hour < 0 || hour > 23 || minute < 0 || minute > 59 || second < 0 || second > 59) return undefined;
  let at = 19;
  let millis = 0;
  if (text.charCodeAt(at) === 46) {
    const start = ++at;
    while (at < text.length && text.charCodeAt(at) >= DIGIT_0 && text.charCodeAt(at) <= DIGIT_0 + 9) at++;
    if (at === start) return undefined;
    // Milliseconds from the first three fraction digits (Date.parse ignores the rest, too).
    millis = digits(text.slice(start, Math.min(at, start + 3)).padEnd(3, '0'), 0, 3);
  }
  const base = Date.UTC(year, month - 1, day, hour, minute, second, millis);
  const rest = text.length - at;
  if (rest === 1 && text.charCodeAt(at) === 90) return base;
  const sign = text.charCodeAt(at) === 43 ? -1 : text.charCodeAt(at) === 45 ? 1 : 0;
  if (sign === 0 || (rest !== 5 && rest !== 6)) return undefined;
  const offsetHours = digits(text, at + 1, 2);
  const offsetMinutes = digits(text, rest === 5 ? at + 3 : at + 4, 2);
  if (
    offsetHours < 0 ||
    offsetHours > 23 ||
    offsetMinutes < 0 ||
    offsetMinutes > 59 ||
    (rest === 6 && text.charCodeAt(at + 3) !== 58)
  )
    return undefined;
  return base + sign * (offsetHours * 60 + offsetMinutes) * 60_000;
}

/**
 * Parses a CRM date or date-time string to epoch milliseconds (NaN when it is not one).
 * Salesforce writes offsets without a colon (`+0000`), Sugar with one (`+00:00`); both are accepted.
 * It runs for every date in every condition, so the common shapes take a hand-written fast path.
 */
export function parseInstant(value: unknown): number {
  if (typeof value !== 'string' || value.length < 10) return Number.NaN;
  const fast = parseCommonInstant(value);
  if (fast !== undefined) return fast;
  const fixed = /[+-]\d{4}$/.test(value) ? `${value.slice(0, -2)}:${value.slice(-2)}` : value;
  if (!isoDate.test(fixed) && !isoDateTime.test(fixed)) return Number.NaN;
  // Date.parse rolls 2026-02-30 over into March; a day the month does not have is no date.
  const year = digits(fixed, 0, 4);
  const day = digits(fixed, 8, 2);
  if (day > new Date(Date.UTC(year, digits(fixed, 5, 2), 0)).getUTCDate()) return Number.NaN;
  return Date.parse(fixed);
}

const pad2 = (n: number): string => (n < 10 ? `0${n}` : String(n));
const pad3 = (n: number): string => (n < 10 ? `00${n}` : n < 100 ? `0${n}` : String(n));

/**
 * Formats epoch ms exactly as `new Date(ms).toISOString()` does (`YYYY-MM-DDTHH:MM:SS.sssZ`), about
 * three times faster for years 0000-9999; it runs for every touchpoint and transition.
 */
export function formatInstant(ms: number): string {
  const days = Math.floor(ms / DAY_MS);
  const inDay = ms - days * DAY_MS;
  const date = formatDate(ms);
  if (date.length !== 10) return new Date(ms).toISOString();
  const hours = Math.floor(inDay / 3_600_000);
  const minutes = Math.floor((inDay % 3_600_000) / 60_000);
  const seconds = Math.floor((inDay % 60_000) / 1000);
  return `${date}T${pad2(hours)}:${pad2(minutes)}:${pad2(seconds)}.${pad3(inDay % 1000)}Z`;
}

/** Coerces a record value to the comparable form of `kind`; undefined when it cannot be compared. */
export function coerce(value: unknown, kind: ValueKind): string | number | boolean | undefined {
  if (isBlank(value)) return undefined;
  switch (kind) {
    case 'string':
      return typeof value === 'string' || typeof value === 'number' || typeof value === 'boolean'
        ? String(value).toLowerCase()
        : undefined;
    case 'number':
      if (typeof value === 'number') return Number.isFinite(value) ? value : undefined;
      return typeof value === 'string' && numeric.test(value) ? Number(value) : undefined;
    case 'boolean':
      if (value === true || value === 'true' || value === 1 || value === '1') return true;
      if (value === false || value === 'false' || value === 0 || value === '0') return false;
      return undefined;
    case 'date':
    case 'datetime': {
      const ms = parseInstant(value);
      return Number.isNaN(ms) ? undefined : ms;
    }
    case 'null':
      return undefined;
  }
}

/** The comparable form of a literal (lower-cased strings, epoch ms for dates). */
export function literalOf(typed: TypedValue): string | number | boolean | undefined {
  return typed.kind === 'null' ? undefined : coerce(typed.value, typed.kind);
}

/** Formats epoch ms as a UTC date (`YYYY-MM-DD`), from the civil calendar without a Date object. */
export function formatDate(ms: number): string {
  // Howard Hinnant's days-to-civil algorithm: exact for the proleptic Gregorian calendar.
  const z = Math.floor(ms / DAY_MS) + 719_468;
  const era = Math.floor(z / 146_097);
  const doe = z - era * 146_097;
  const yoe = Math.floor((doe - Math.floor(doe / 1460) + Math.floor(doe / 36_524) - Math.floor(doe / 146_096)) / 365);
  const doy = doe - (365 * yoe + Math.floor(yoe / 4) - Math.floor(yoe / 100));
  const mp = Math.floor((5 * doy + 2) / 153);
  const day = doy - Math.floor((153 * mp + 2) / 5) + 1;
  const month = mp < 10 ? mp + 3 : mp - 9;
  const year = yoe + era * 400 + (month <= 2 ? 1 : 0);
  if (year < 0 || year > 9999) return new Date(ms).toISOString().slice(0, 10);
  return `${String(year).padStart(4, '0')}-${pad2(month)}-${pad2(day)}`;
}

/** Formats epoch ms as a UTC date-time with seconds (`YYYY-MM-DDTHH:MM:SSZ`). */
export function formatDateTime(ms: number): string {
  return `${new Date(ms).toISOString().slice(0, 19)}Z`;
}
