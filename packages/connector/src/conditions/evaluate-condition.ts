import type { CompareOperator, CustomerCondition, RecordCondition } from './condition-ast.ts';
import { coerce, DAY_MS, isBlank, literalOf, parseInstant, readField } from '../records/field-values.ts';
import type { CrmRecord } from '../records/crm-record.ts';

/** A compiled record condition: pure, allocation-free per call. */
export type RecordPredicate = (record: CrmRecord, asOf: number) => boolean;

/** A customer's records keyed by object name, as the journey file names objects. */
export type CustomerRecords = Readonly<Record<string, readonly CrmRecord[] | undefined>>;

/** A compiled customer condition. */
export type CustomerPredicate = (records: CustomerRecords, asOf: number) => boolean;

const EMPTY: readonly CrmRecord[] = [];

function compareWith(op: CompareOperator, a: string | number | boolean, b: string | number | boolean): boolean {
  switch (op) {
    case 'eq':
      return a === b;
    case 'ne':
      return a !== b;
    case 'gt':
      return a > b;
    case 'gte':
      return a >= b;
    case 'lt':
      return a < b;
    case 'lte':
      return a <= b;
  }
}

/** A field reader: a plain property read for a field, the dotted walk for a parent path. */
function fieldReader(field: string): (record: CrmRecord) => unknown {
  const segments = field.split('.');
  if (segments.length > 1) return (record) => readField(record, segments);
  return (record) => {
    // As `readField`: a list entry that is not an object (malformed input) has no fields.
    const value: unknown = record;
    return value === null || typeof value !== 'object' ? undefined : record[field];
  };
}

/**
 * `text.toLowerCase() === lower` for a lower-cased `lower`, without building the lower-cased copy while
 * the text is ASCII (picklist values nearly always are); any other character takes `toLowerCase`.
 */
export function equalsIgnoringCase(text: string, lower: string): boolean {
  const sameLength = text.length === lower.length;
  for (let i = 0; i < text.length; i++) {
    let code = text.charCodeAt(i);
    if (code >= 128) return text.toLowerCase() === lower;
    if (!sameLength) continue;
    if (code >= 65 && code <= 90) code += 32;
    if (code !== lower.charCodeAt(i)) return false;
  }
  // An ASCII text keeps its length when lower-cased: a different length cannot be equal.
  return sameLength;
}

/** True when the ASCII `text`, lower-cased, holds the lower-cased `needle` at `start`. */
function matchesAt(text: string, needle: string, start: number): boolean {
  for (let j = 0; j < needle.length; j++) {
    let code = text.charCodeAt(start + j);
    if (code >= 65 && code <= 90) code += 32;
    if (code !== needle.charCodeAt(j)) return false;
  }
  return true;
}

/**
 * `text.toLowerCase()` contains (with `atStart`, starts with) the lower-cased `needle`, without building
 * the lower-cased copy while the text is ASCII; any other character takes `toLowerCase`.
 */
export function containsIgnoringCase(text: string, needle: string, atStart: boolean): boolean {
  for (let i = 0; i < text.length; i++) {
    if (text.charCodeAt(i) >= 128) {
      const lower = text.toLowerCase();
      return atStart ? lower.startsWith(needle) : lower.includes(needle);
    }
  }
  if (needle.length > text.length) return false;
  const last = atStart ? 0 : text.length - needle.length;
  for (let start = 0; start <= last; start++) if (matchesAt(text, needle, start)) return true;
  return false;
}

/**
 * Compiles a record condition into a closure. The semantics every back-end must share:
 * blank values (null, missing, '') match only `= null`, `!= <value>`, `NOT IN` and `$exists: false`;
 * text compares case-insensitively (as SOQL and Sugar's MySQL collation do); dates compare as instants.
 *
 * @example
 * const isWon = compileRecordCondition(normalized);
 * isWon({ StageName: 'Closed Won' }, Date.now());
 */
export function compileRecordCondition(condition: RecordCondition): RecordPredicate {
  switch (condition.kind) {
    case 'all':
      return () => true;
    case 'and': {
      const items = condition.items.map(compileRecordCondition);
      if (items.length === 1 && items[0]) return items[0];
      return (record, asOf) => {
        for (const item of items) if (!item(record, asOf)) return false;
        return true;
      };
    }
    case 'or': {
      const items = condition.items.map(compileRecordCondition);
      return (record, asOf) => {
        for (const item of items) if (item(record, asOf)) return true;
        return false;
      };
    }
    case 'not': {
      const item = compileRecordCondition(condition.item);
      return (record, asOf) => !item(record, asOf);
    }
    case 'compare': {
      const read = fieldReader(condition.field);
      const { op, value } = condition;
      if (value.kind === 'null') {
        return op === 'ne' ? (record) => !isBlank(read(record)) : (record) => isBlank(read(record));
      }
      const literal = literalOf(value);
      const { kind } = value;
      if (kind === 'string' && typeof literal === 'string' && (op === 'eq' || op === 'ne')) {
        const equal = op === 'eq';
        return (record) => {
          const raw = read(record);
          if (typeof raw === 'string' && raw !== '') return equalsIgnoringCase(raw, literal) === equal;
          const actual = coerce(raw, kind);
          return actual === undefined ? !equal : (actual === literal) === equal;
        };
      }
      if (kind === 'boolean' && typeof literal === 'boolean' && (op === 'eq' || op === 'ne')) {
        const equal = op === 'eq';
        return (record) => {
          const raw = read(record);
          const actual = typeof raw === 'boolean' ? raw : coerce(raw, kind);
          return actual === undefined ? !equal : (actual === literal) === equal;
        };
      }
      return (record) => {
        const actual = coerce(read(record), kind);
        if (actual === undefined || literal === undefined) return op === 'ne';
        return compareWith(op, actual, literal);
      };
    }
    case 'in': {
      const read = fieldReader(condition.field);
      const literals = condition.values.map((value) => ({ kind: value.kind, literal: literalOf(value) }));
      const includesNull = condition.values.some((value) => value.kind === 'null');
      const { negate } = condition;
      return (record) => {
        const raw = read(record);
        let found = includesNull && isBlank(raw);
        for (let i = 0; !found && i < literals.length; i++) {
          const entry = literals[i];
          if (entry === undefined || entry.literal === undefined) continue;
          found =
            entry.kind === 'string' && typeof raw === 'string' && raw !== '' && typeof entry.literal === 'string'
              ? equalsIgnoringCase(raw, entry.literal)
              : coerce(raw, entry.kind) === entry.literal;
        }
        return found !== negate;
      };
    }
    case 'exists': {
      const read = fieldReader(condition.field);
      const { exists } = condition;
      return (record) => isBlank(read(record)) !== exists;
    }
    case 'text': {
      const read = fieldReader(condition.field);
      const needle = condition.value.toLowerCase();
      const startsWith = condition.op === 'startsWith';
      return (record) => {
        const raw = read(record);
        if (typeof raw === 'string' && raw !== '') return containsIgnoringCase(raw, needle, startsWith);
        const actual = coerce(raw, 'string');
        if (typeof actual !== 'string') return false;
        return startsWith ? actual.startsWith(needle) : actual.includes(needle);
      };
    }
    case 'relativeDate': {
      const read = fieldReader(condition.field);
      const { op, days, fieldType } = condition;
      // A sync evaluates every record at one asOf: the bounds are computed once per asOf, not per record.
      let boundsAsOf = Number.NaN;
      let lower = 0;
      let upper = 0;
      return (record, asOf) => {
        // NaN (blank, or no date) fails both bounds, as an uncoercible value must.
        const actual = parseInstant(read(record));
        if (asOf !== boundsAsOf) {
          [lower, upper] = relativeDateBounds(op, days, fieldType, asOf);
          boundsAsOf = asOf;
        }
        return actual >= lower && actual <= upper;
      };
    }
  }
}

/**
 * The inclusive bounds, in epoch ms, of a relative-date condition at `asOf`. Date fields use whole UTC days,
 * so that the SOQL and Sugar compilers can state the same bounds as date literals.
 */
export function relativeDateBounds(
  op: 'withinLastDays' | 'olderThanDays' | 'withinNextDays',
  days: number,
  fieldType: 'date' | 'datetime',
  asOf: number,
): readonly [number, number] {
  const now = fieldType === 'date' ? Math.floor(asOf / DAY_MS) * DAY_MS : asOf;
  switch (op) {
    case 'withinLastDays':
      return [now - days * DAY_MS, now];
    case 'withinNextDays':
      return [now, now + days * DAY_MS];
    case 'olderThanDays':
      // Strictly before the threshold; date fields are whole days, date-times whole milliseconds.
      return [Number.NEGATIVE_INFINITY, now - days * DAY_MS - (fieldType === 'date' ? DAY_MS : 1)];
  }
}

/**
 * Compiles a customer condition into a closure over the customer's records.
 *
 * @example
 * const anyOpenCase = compileCustomerCondition(normalized);
 * anyOpenCase({ Case: [{ IsClosed: false }] }, Date.now()); // true
 */
export function compileCustomerCondition(condition: CustomerCondition): CustomerPredicate {
  switch (condition.kind) {
    case 'and': {
      const items = condition.items.map(compileCustomerCondition);
      if (items.length === 1 && items[0]) return items[0];
      return (records, asOf) => {
        for (const item of items) if (!item(records, asOf)) return false;
        return true;
      };
    }
    case 'or': {
      const items = condition.items.map(compileCustomerCondition);
      return (records, asOf) => {
        for (const item of items) if (item(records, asOf)) return true;
        return false;
      };
    }
    case 'not': {
      const item = compileCustomerCondition(condition.item);
      return (records, asOf) => !item(records, asOf);
    }
    case 'quantified': {
      const where = compileRecordCondition(condition.where);
      const { object, quantifier } = condition;
      // Plain loops: no callback allocated per customer.
      const some = (records: CustomerRecords, asOf: number): boolean => {
        for (const record of records[object] ?? EMPTY) if (where(record, asOf)) return true;
        return false;
      };
      switch (quantifier.kind) {
        case 'any':
          return some;
        case 'all':
          return (records, asOf) => {
            for (const record of records[object] ?? EMPTY) if (!where(record, asOf)) return false;
            return true;
          };
        case 'none':
          return (records, asOf) => !some(records, asOf);
        case 'count': {
          const { op, n } = quantifier;
          // Counting past n (past n - 1 for `gte` and `lt`) cannot change the answer: stop there.
          const enough = op === 'gte' || op === 'lt' ? n : n + 1;
          return (records, asOf) => {
            let count = 0;
            for (const record of records[object] ?? EMPTY) {
              if (where(record, asOf) && ++count >= enough) break;
            }
            return compareWith(op, count, n);
          };
        }
      }
    }
  }
}
