import type { CompareOperator, CustomerCondition, RecordCondition } from './condition-ast.ts';
import { coerce, DAY_MS, isBlank, literalOf, readField, type CrmRecord } from './field-values.ts';

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
      return (record, asOf) => items.every((item) => item(record, asOf));
    }
    case 'or': {
      const items = condition.items.map(compileRecordCondition);
      return (record, asOf) => items.some((item) => item(record, asOf));
    }
    case 'not': {
      const item = compileRecordCondition(condition.item);
      return (record, asOf) => !item(record, asOf);
    }
    case 'compare': {
      const segments = condition.field.split('.');
      const { op, value } = condition;
      if (value.kind === 'null') {
        return op === 'ne'
          ? (record) => !isBlank(readField(record, segments))
          : (record) => isBlank(readField(record, segments));
      }
      const literal = literalOf(value);
      const { kind } = value;
      return (record) => {
        const actual = coerce(readField(record, segments), kind);
        if (actual === undefined || literal === undefined) return op === 'ne';
        return compareWith(op, actual, literal);
      };
    }
    case 'in': {
      const segments = condition.field.split('.');
      const literals = condition.values.map((value) => ({ kind: value.kind, literal: literalOf(value) }));
      const includesNull = condition.values.some((value) => value.kind === 'null');
      const { negate } = condition;
      return (record) => {
        const raw = readField(record, segments);
        let found = includesNull && isBlank(raw);
        for (let i = 0; !found && i < literals.length; i++) {
          const entry = literals[i];
          if (entry === undefined || entry.literal === undefined) continue;
          found = coerce(raw, entry.kind) === entry.literal;
        }
        return found !== negate;
      };
    }
    case 'exists': {
      const segments = condition.field.split('.');
      const { exists } = condition;
      return (record) => isBlank(readField(record, segments)) !== exists;
    }
    case 'text': {
      const segments = condition.field.split('.');
      const needle = condition.value.toLowerCase();
      const startsWith = condition.op === 'startsWith';
      return (record) => {
        const actual = coerce(readField(record, segments), 'string');
        if (typeof actual !== 'string') return false;
        return startsWith ? actual.startsWith(needle) : actual.includes(needle);
      };
    }
    case 'relativeDate': {
      const segments = condition.field.split('.');
      const { op, days, fieldType } = condition;
      return (record, asOf) => {
        const actual = coerce(readField(record, segments), 'datetime');
        if (typeof actual !== 'number') return false;
        const [lower, upper] = relativeDateBounds(op, days, fieldType, asOf);
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
      return (records, asOf) => items.every((item) => item(records, asOf));
    }
    case 'or': {
      const items = condition.items.map(compileCustomerCondition);
      return (records, asOf) => items.some((item) => item(records, asOf));
    }
    case 'not': {
      const item = compileCustomerCondition(condition.item);
      return (records, asOf) => !item(records, asOf);
    }
    case 'quantified': {
      const where = compileRecordCondition(condition.where);
      const { object, quantifier } = condition;
      switch (quantifier.kind) {
        case 'any':
          return (records, asOf) => (records[object] ?? EMPTY).some((record) => where(record, asOf));
        case 'all':
          return (records, asOf) => (records[object] ?? EMPTY).every((record) => where(record, asOf));
        case 'none':
          return (records, asOf) => !(records[object] ?? EMPTY).some((record) => where(record, asOf));
        case 'count': {
          const { op, n } = quantifier;
          return (records, asOf) => {
            let count = 0;
            for (const record of records[object] ?? EMPTY) if (where(record, asOf)) count++;
            return compareWith(op, count, n);
          };
        }
      }
    }
  }
}
