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

/**
 * Parses a CRM date or date-time string to epoch milliseconds (NaN when it is not one).
 * Salesforce writes offsets without a colon (`+0000`), Sugar with one (`+00:00`); both are accepted.
 */
export function parseInstant(value: unknown): number {
  if (typeof value !== 'string' || value.length < 10) return Number.NaN;
  const fixed = /[+-]\d{4}$/.test(value) ? `${value.slice(0, -2)}:${value.slice(-2)}` : value;
  return isoDate.test(fixed) || isoDateTime.test(fixed) ? Date.parse(fixed) : Number.NaN;
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

/** Formats epoch ms as a UTC date (`YYYY-MM-DD`). */
export function formatDate(ms: number): string {
  return new Date(ms).toISOString().slice(0, 10);
}

/** Formats epoch ms as a UTC date-time with seconds (`YYYY-MM-DDTHH:MM:SSZ`). */
export function formatDateTime(ms: number): string {
  return `${new Date(ms).toISOString().slice(0, 19)}Z`;
}
