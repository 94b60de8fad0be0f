import type { CrmRecord } from './crm-record.ts';
import type { TypedValue, ValueKind } from './typed-value.ts';

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

/** The number written by two ASCII digits at `start`, or -1 when one of them is not a digit. */
function twoDigits(text: string, start: number): number {
  const tens = text.charCodeAt(start) - DIGIT_0;
  const ones = text.charCodeAt(start + 1) - DIGIT_0;
  return tens >= 0 && tens <= 9 && ones >= 0 && ones <= 9 ? tens * 10 + ones : -1;
}

/** Days in a month of the proleptic Gregorian calendar (month 1-12). */
function daysInMonth(year: number, month: number): number {
  if (month === 2) return year % 4 === 0 && (year % 100 !== 0 || year % 400 === 0) ? 29 : 28;
  return month === 4 || month === 6 || month === 9 || month === 11 ? 30 : 31;
}

/**
 * Days since 1970-01-01 of a civil date (Howard Hinnant's days-from-civil): `Date.UTC` without the call.
 * For years from 1000 only: every quotient is of positive numbers, so `| 0` floors it.
 */
function daysFromCivil(year: number, month: number, day: number): number {
  const y = month <= 2 ? year - 1 : year;
  const era = (y / 400) | 0;
  const yoe = y - era * 400;
  const doy = (((153 * (month > 2 ? month - 3 : month + 9) + 2) / 5) | 0) + day - 1;
  const doe = yoe * 365 + ((yoe / 4) | 0) - ((yoe / 100) | 0) + doy;
  return era * 146_097 + doe - 719_468;
}

/** Whether `code` (a character code minus `DIGIT_0`) is a digit's value: one unsigned comparison. */
const isDigit = (code: number): boolean => code >>> 0 <= 9;

/** The offset of a `±HHMM` or `±HH:MM` zone at `at` in ms to add to local time, or NaN when it is none. */
function zoneOffset(text: string, at: number, rest: number): number {
  const sign = text.charCodeAt(at);
  if ((sign !== 43 && sign !== 45) || (rest !== 5 && rest !== 6) || (rest === 6 && text.charCodeAt(at + 3) !== 58))
    return Number.NaN;
  const m = rest === 5 ? at + 3 : at + 4;
  const h0 = text.charCodeAt(at + 1) - DIGIT_0;
  const h1 = text.charCodeAt(at + 2) - DIGIT_0;
  const m0 = text.charCodeAt(m) - DIGIT_0;
  const m1 = text.charCodeAt(m + 1) - DIGIT_0;
  if (!isDigit(h0) || !isDigit(h1) || !isDigit(m0) || !isDigit(m1)) return Number.NaN;
  const hours = h0 * 10 + h1;
  const minutes = m0 * 10 + m1;
  if (hours > 23 || minutes > 59) return Number.NaN;
  return (sign === 43 ? -1 : 1) * (hours * 60 + minutes) * 60_000;
}

/**
 * The fast path of {@link parseInstant} for the shapes CRMs send: `YYYY-MM-DD` and
 * `YYYY-MM-DDTHH:MM:SS[.sss](Z|+HHMM|+HH:MM)`, with years from 1000. Returns undefined for anything
 * else, so the general parser decides those. Pure arithmetic on character codes, in one straight
 * line for the usual three fraction digits: no regular expression, no Date, no substring.
 */
function parseCommonInstant(text: string): number | undefined {
  const y0 = text.charCodeAt(0) - DIGIT_0;
  const y1 = text.charCodeAt(1) - DIGIT_0;
  const y2 = text.charCodeAt(2) - DIGIT_0;
  const y3 = text.charCodeAt(3) - DIGIT_0;
  const mo0 = text.charCodeAt(5) - DIGIT_0;
  const mo1 = text.charCodeAt(6) - DIGIT_0;
  const d0 = text.charCodeAt(8) - DIGIT_0;
  const d1 = text.charCodeAt(9) - DIGIT_0;
  if (
    y0 < 1 ||
    y0 > 9 ||
    !isDigit(y1) ||
    !isDigit(y2) ||
    !isDigit(y3) ||
    !isDigit(mo0) ||
    !isDigit(mo1) ||
    !isDigit(d0) ||
    !isDigit(d1) ||
    text.charCodeAt(4) !== 45 ||
    text.charCodeAt(7) !== 45
  )
    return undefined;
  const year = y0 * 1000 + y1 * 100 + y2 * 10 + y3;
  const month = mo0 * 10 + mo1;
  const day = d0 * 10 + d1;
  if (month < 1 || month > 12 || day < 1) return undefined;
  // A day the month does not have is no date (Date.parse would roll 2026-02-30 over into March).
  if (day > 28 && day > daysInMonth(year, month)) return Number.NaN;
  const date = daysFromCivil(year, month, day) * DAY_MS;
  const length = text.length;
  if (length === 10) return date;
  if (length < 20 || text.charCodeAt(10) !== 84 || text.charCodeAt(13) !== 58 || text.charCodeAt(16) !== 58)
    return undefined;
  const h0 = text.charCodeAt(11) - DIGIT_0;
  const h1 = text.charCodeAt(12) - DIGIT_0;
  const mi0 = text.charCodeAt(14) - DIGIT_0;
  const mi1 = text.charCodeAt(15) - DIGIT_0;
  const s0 = text.charCodeAt(17) - DIGIT_0;
  const s1 = text.charCodeAt(18) - DIGIT_0;
  if (!isDigit(h0) || !isDigit(h1) || !isDigit(mi0) || !isDigit(mi1) || !isDigit(s0) || !isDigit(s1)) return undefined;
  const hour = h0 * 10 + h1;
  const minute = mi0 * 10 + mi1;
  const second = s0 * 10 + s1;
  if (hour > 23 || minute > 59 || second > 59) return undefined;
  let at = 19;
  let millis = 0;
  if (text.charCodeAt(at) === 46) {
    const f0 = text.charCodeAt(20) - DIGIT_0;
    const f1 = text.charCodeAt(21) - DIGIT_0;
    const f2 = text.charCodeAt(22) - DIGIT_0;
    if (length > 23 && isDigit(f0) && isDigit(f1) && isDigit(f2) && !isDigit(text.charCodeAt(23) - DIGIT_0)) {
      millis = f0 * 100 + f1 * 10 + f2;
      at = 23;
    } else {
      const start = ++at;
      while (at < length) {
        const code = text.charCodeAt(at) - DIGIT_0;
        if (!isDigit(code)) break;
        // Milliseconds from the first three fraction digits (Date.parse ignores the rest, too).
        if (at - start < 3) millis += code * (at - start === 0 ? 100 : at - start === 1 ? 10 : 1);
        at++;
      }
      if (at === start) return undefined;
    }
  }
  const base = date + hour * 3_600_000 + minute * 60_000 + second * 1000 + millis;
  const rest = length - at;
  if (rest === 1 && text.charCodeAt(at) === 90) return base;
  const offset = zoneOffset(text, at, rest);
  return offset === offset ? base + offset : undefined;
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

/** `00` to `99`: two-digit fields are looked up, not padded. */
const TWO_DIGITS = Array.from({ length: 100 }, (_, n) => (n < 10 ? `0${String(n)}` : String(n)));
const pad2 = (n: number): string => TWO_DIGITS[n] ?? String(n).padStart(2, '0');
const pad3 = (n: number): string => (n < 100 ? `0${pad2(n)}` : String(n));

/**
 * Formats epoch ms exactly as `new Date(ms).toISOString()` does (`YYYY-MM-DDTHH:MM:SS.sssZ`), several
 * times faster for years 1000-9999; it runs for every touchpoint and transition.
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

/** True when `text` has Salesforce's zero offset `+0000` at `at`. */
export function isUtcOffset(text: string, at: number): boolean {
  return (
    text.charCodeAt(at) === 43 &&
    text.charCodeAt(at + 1) === DIGIT_0 &&
    text.charCodeAt(at + 2) === DIGIT_0 &&
    text.charCodeAt(at + 3) === DIGIT_0 &&
    text.charCodeAt(at + 4) === DIGIT_0
  );
}

/**
 * `formatInstant(parseInstant(text))` without formatting when the text already has that form: ISO
 * `…sssZ` comes back as is, Salesforce's `…sss+0000` with `Z` for the offset. Anything else is
 * formatted from `ms`, which must be `parseInstant(text)` and not NaN.
 */
export function instantText(text: unknown, ms: number): string {
  if (typeof text === 'string' && text.charCodeAt(19) === 46) {
    const zulu = text.length === 24 && text.charCodeAt(23) === 90;
    // The text parsed, so its shape is `YYYY-MM-DDTHH:MM:SS.sss`; with every field in range it is canonical.
    if (
      (zulu || (text.length === 28 && isUtcOffset(text, 23))) &&
      inRange(twoDigits(text, 5), 1, 12) &&
      inRange(twoDigits(text, 8), 1, 31) &&
      inRange(twoDigits(text, 11), 0, 23) &&
      inRange(twoDigits(text, 14), 0, 59) &&
      inRange(twoDigits(text, 17), 0, 59)
    )
      return zulu ? text : `${text.slice(0, 23)}Z`;
  }
  return formatInstant(ms);
}

const inRange = (value: number, min: number, max: number): boolean => value >= min && value <= max;

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

// Dates repeat (due dates, touchpoints, transitions of one period): the texts of the last days formatted,
// in a direct-mapped cache by day number, 1,024 entries at most.
const DAY_CACHE_SIZE = 1024;
const cachedDays = new Float64Array(DAY_CACHE_SIZE).fill(Number.NaN);
const cachedDates: string[] = Array.from({ length: DAY_CACHE_SIZE }, () => '');

/** Formats epoch ms as a UTC date (`YYYY-MM-DD`), from the civil calendar without a Date object. */
export function formatDate(ms: number): string {
  const days = Math.floor(ms / DAY_MS);
  const slot = days & (DAY_CACHE_SIZE - 1);
  if (cachedDays[slot] === days) return cachedDates[slot] as string;
  const text = civilDate(ms, days);
  cachedDays[slot] = days;
  cachedDates[slot] = text;
  return text;
}

function civilDate(ms: number, days: number): string {
  // Howard Hinnant's days-to-civil algorithm: exact for the proleptic Gregorian calendar.
  const z = days + 719_468;
  const era = Math.floor(z / 146_097);
  const doe = z - era * 146_097;
  const yoe = Math.floor((doe - Math.floor(doe / 1460) + Math.floor(doe / 36_524) - Math.floor(doe / 146_096)) / 365);
  const doy = doe - (365 * yoe + Math.floor(yoe / 4) - Math.floor(yoe / 100));
  const mp = Math.floor((5 * doy + 2) / 153);
  const day = doy - Math.floor((153 * mp + 2) / 5) + 1;
  const month = mp < 10 ? mp + 3 : mp - 9;
  const year = yoe + era * 400 + (month <= 2 ? 1 : 0);
  if (year < 0 || year > 9999) return new Date(ms).toISOString().slice(0, 10);
  return `${year >= 1000 ? String(year) : String(year).padStart(4, '0')}-${pad2(month)}-${pad2(day)}`;
}

/** Formats epoch ms as a UTC date-time with seconds (`YYYY-MM-DDTHH:MM:SSZ`). */
export function formatDateTime(ms: number): string {
  return `${new Date(ms).toISOString().slice(0, 19)}Z`;
}
