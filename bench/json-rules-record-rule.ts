import {
  coerce,
  isBlank,
  readField,
  relativeDateBounds,
  type CompareOperator,
  type CrmRecord,
  type RecordCondition,
  type ValueKind,
} from '@crm-journey/connector';

type Comparable = string | number | boolean;
type CompareName = 'equal' | 'notEqual' | 'greaterThan' | 'greaterThanInclusive' | 'lessThan' | 'lessThanInclusive';

/**
 * A record condition as plain JSON in json-rules-engine's vocabulary (`all` / `any` / `not`, `equal`,
 * `greaterThanInclusive`, `in`, …), interpreted per record by the quantifier operators. Literals are
 * already in comparable form (lower-cased text, epoch ms), relative dates already absolute bounds.
 */
export type RecordRule =
  | { readonly all: readonly RecordRule[] }
  | { readonly any: readonly RecordRule[] }
  | { readonly not: RecordRule }
  | { readonly field: string; readonly operator: 'blank' | 'notBlank' }
  | { readonly field: string; readonly operator: CompareName; readonly kind: ValueKind; readonly value: Comparable }
  | {
      readonly field: string;
      readonly operator: 'in' | 'notIn';
      readonly value: readonly { readonly kind: ValueKind; readonly literal: Comparable }[];
      readonly includesNull: boolean;
    }
  | { readonly field: string; readonly operator: 'contains' | 'startsWith'; readonly value: string }
  | { readonly field: string; readonly operator: 'between'; readonly value: readonly [number, number] };

const COMPARE_NAMES: Readonly<Record<CompareOperator, CompareName>> = {
  eq: 'equal',
  ne: 'notEqual',
  gt: 'greaterThan',
  gte: 'greaterThanInclusive',
  lt: 'lessThan',
  lte: 'lessThanInclusive',
};

function literal(kind: ValueKind, value: string | number | boolean | null): Comparable | undefined {
  return kind === 'null' ? undefined : coerce(value, kind);
}

/**
 * Translates a normalised record condition into a {@link RecordRule}. Relative dates become absolute
 * bounds at `asOf`, as the SOQL compiler does: the rule set is built once per sync run.
 */
export function toRecordRule(condition: RecordCondition, asOf: number): RecordRule {
  switch (condition.kind) {
    case 'all':
      return { all: [] };
    case 'and':
      return { all: condition.items.map((item) => toRecordRule(item, asOf)) };
    case 'or':
      return { any: condition.items.map((item) => toRecordRule(item, asOf)) };
    case 'not':
      return { not: toRecordRule(condition.item, asOf) };
    case 'compare': {
      const { field, op, value } = condition;
      if (value.kind === 'null') return { field, operator: op === 'ne' ? 'notBlank' : 'blank' };
      const comparable = literal(value.kind, value.value);
      // A literal that cannot be compared matches only `!=`, as in the connector's evaluator.
      if (comparable === undefined) return op === 'ne' ? { all: [] } : { any: [] };
      return { field, operator: COMPARE_NAMES[op], kind: value.kind, value: comparable };
    }
    case 'in': {
      const value = condition.values.flatMap((typed) => {
        const comparable = literal(typed.kind, typed.value);
        return comparable === undefined ? [] : [{ kind: typed.kind, literal: comparable }];
      });
      const includesNull = condition.values.some((typed) => typed.kind === 'null');
      return { field: condition.field, operator: condition.negate ? 'notIn' : 'in', value, includesNull };
    }
    case 'exists':
      return { field: condition.field, operator: condition.exists ? 'notBlank' : 'blank' };
    case 'text':
      return { field: condition.field, operator: condition.op, value: condition.value.toLowerCase() };
    case 'relativeDate':
      return {
        field: condition.field,
        operator: 'between',
        value: relativeDateBounds(condition.op, condition.days, condition.fieldType, asOf),
      };
  }
}

function fieldOf(record: CrmRecord, field: string): unknown {
  return field.includes('.') ? readField(record, field.split('.')) : record[field];
}

function compare(operator: CompareName, a: Comparable, b: Comparable): boolean {
  switch (operator) {
    case 'equal':
      return a === b;
    case 'notEqual':
      return a !== b;
    case 'greaterThan':
      return a > b;
    case 'greaterThanInclusive':
      return a >= b;
    case 'lessThan':
      return a < b;
    case 'lessThanInclusive':
      return a <= b;
  }
}

/** Interprets a {@link RecordRule} against one record, with the connector's coercion rules. */
export function matchesRecord(rule: RecordRule, record: CrmRecord): boolean {
  if ('all' in rule) return rule.all.every((item) => matchesRecord(item, record));
  if ('any' in rule) return rule.any.some((item) => matchesRecord(item, record));
  if ('not' in rule) return !matchesRecord(rule.not, record);
  const raw = fieldOf(record, rule.field);
  switch (rule.operator) {
    case 'blank':
      return isBlank(raw);
    case 'notBlank':
      return !isBlank(raw);
    case 'in':
    case 'notIn': {
      let found = rule.includesNull && isBlank(raw);
      for (let i = 0; !found && i < rule.value.length; i++) {
        const entry = rule.value[i];
        found = entry !== undefined && coerce(raw, entry.kind) === entry.literal;
      }
      return found === (rule.operator === 'in');
    }
    case 'contains':
    case 'startsWith': {
      const text = coerce(raw, 'string');
      if (typeof text !== 'string') return false;
      return rule.operator === 'contains' ? text.includes(rule.value) : text.startsWith(rule.value);
    }
    case 'between': {
      const at = coerce(raw, 'datetime');
      return typeof at === 'number' && at >= rule.value[0] && at <= rule.value[1];
    }
    default: {
      const actual = coerce(raw, rule.kind);
      return actual === undefined ? rule.operator === 'notEqual' : compare(rule.operator, actual, rule.value);
    }
  }
}
