// Compiles a record condition to the `filter` array of Sugar's REST v11 filter API, selecting exactly
// the records the in-memory evaluator accepts. Sugar has no `$not`, so negation is pushed down to the
// atoms (De Morgan), and Sugar's SQL drops NULL rows from every comparison (`$not_equals` too), so the
// atoms that must match blank values add explicit `$is_null` (and, for text, `$equals: ''`) branches.
//
// `$starts`, `$contains` and `$not_contains` become SQL LIKE on Sugar's side, which does not escape
// `%` and `_` in the value: the value is sent as written, and a needle holding them can select more
// records than the evaluator accepts. The sandbox in fixtures/ treats them literally, as the evaluator does.
import type { CompareOperator, RecordCondition, RelativeDateOperator } from './condition-ast.ts';
import type { TypedValue } from '../records/typed-value.ts';
import { FIELD_PATH, Unsupported } from './field-path.ts';
import { MAX_INSTANT, MIN_INSTANT, SECOND_MS, storableRelativeDateBounds } from './storable-instants.ts';
import { DAY_MS, formatDate, formatDateTime, literalOf } from '../records/field-values.ts';

/** A value in a Sugar filter: JSON, so it needs no escaping. */
export type SugarFilterValue = string | number | boolean;

/** The operators on one field, as Sugar's filter API names them; several in one object are and-ed. */
export interface SugarFieldFilter {
  readonly $equals?: SugarFilterValue;
  readonly $not_equals?: SugarFilterValue;
  readonly $starts?: string;
  readonly $ends?: string;
  readonly $contains?: string;
  readonly $not_contains?: string;
  readonly $in?: readonly SugarFilterValue[];
  readonly $not_in?: readonly SugarFilterValue[];
  readonly $is_null?: '';
  readonly $not_null?: '';
  /** Null or the empty string (a relate field's id when nothing is related). */
  readonly $empty?: '';
  readonly $lt?: SugarFilterValue;
  readonly $lte?: SugarFilterValue;
  readonly $gt?: SugarFilterValue;
  readonly $gte?: SugarFilterValue;
}

/** One entry of Sugar's `filter` array: `$and`, `$or`, or a field name mapped to its operators. */
export type SugarFilter =
  | { readonly $and: readonly SugarFilter[] }
  | { readonly $or: readonly SugarFilter[] }
  | { readonly [field: string]: SugarFieldFilter };

/** The `filter` array for Sugar's filter API (and-ed entries), or why the condition cannot be sent. */
export type SugarFilterCompileResult =
  { readonly ok: true; readonly filter: readonly SugarFilter[] } | { readonly ok: false; readonly reason: string };

/** A Sugar field's column type, as far as the compiler needs it. */
export type SugarFieldType = 'text' | 'number' | 'boolean' | 'date' | 'datetime' | 'other';

/** Options of {@link compileToSugarFilter}. */
export interface SugarFilterCompileOptions {
  /** The evaluation time, in epoch ms, that relative dates count from. */
  readonly asOf: number;
  /**
   * The field's column type when known. `$exists` on a field known not to be text tests NULL alone:
   * there `''` can only be NULL, and MySQL would cast `''` to 0 and match zeros and unchecked boxes.
   */
  readonly fieldType?: (field: string) => SugarFieldType;
}

// A compiled part: a filter, a constant (Sugar has no TRUE or FALSE), or why it cannot compile.
type Part = SugarFilter | boolean | Unsupported;

const complement: Readonly<Record<CompareOperator, CompareOperator>> = {
  eq: 'ne',
  ne: 'eq',
  gt: 'lte',
  gte: 'lt',
  lt: 'gte',
  lte: 'gt',
};

function combine(joiner: '$and' | '$or', parts: readonly Part[]): Part {
  const neutral = joiner === '$and';
  const filters: SugarFilter[] = [];
  for (const part of parts) {
    if (part instanceof Unsupported) return part;
    if (part === neutral) continue;
    if (typeof part === 'boolean') return part;
    // Flatten nested groups of the same kind.
    const nested = Object.keys(part).length === 1 ? (part as Readonly<Record<string, unknown>>)[joiner] : undefined;
    if (Array.isArray(nested)) filters.push(...(nested as SugarFilter[]));
    else filters.push(part);
  }
  if (filters.length <= 1) return filters[0] ?? neutral;
  return joiner === '$and' ? { $and: filters } : { $or: filters };
}

const on = (field: string, filter: SugarFieldFilter): SugarFilter => ({ [field]: filter });
const isNull = (field: string): SugarFilter => on(field, { $is_null: '' });

// Blank is null, missing or ''. Only text columns can hold ''; elsewhere the REST API's '' is a NULL
// in the database, and `= ''` would even match 0 in a MySQL number column.
function blank(field: string, text: boolean): Part {
  return text ? combine('$or', [isNull(field), on(field, { $equals: '' })]) : isNull(field);
}

function present(field: string, text: boolean): Part {
  const notNull = on(field, { $not_null: '' });
  return text ? combine('$and', [notNull, on(field, { $not_equals: '' })]) : notNull;
}

function formatSugarInstant(ms: number, dateOnly: boolean): string {
  return dateOnly ? formatDate(ms) : `${formatDateTime(ms).slice(0, 19)}+00:00`;
}

function orderingFilter(op: 'gt' | 'gte' | 'lt' | 'lte', value: SugarFilterValue): SugarFieldFilter {
  switch (op) {
    case 'gt':
      return { $gt: value };
    case 'gte':
      return { $gte: value };
    case 'lt':
      return { $lt: value };
    case 'lte':
      return { $lte: value };
  }
}

// A comparison, negated when asked: the negation of an atom must also match blank values.
function compareAtom(field: string, op: CompareOperator, value: SugarFilterValue, negated: boolean): Part {
  const effective = negated ? complement[op] : op;
  if (effective === 'eq') return on(field, { $equals: value });
  if (effective === 'ne') return combine('$or', [on(field, { $not_equals: value }), isNull(field)]);
  const filter = on(field, orderingFilter(effective, value));
  return negated ? combine('$or', [filter, isNull(field)]) : filter;
}

// Sugar stores date-times to the second: a literal between two storable values compares like the
// next (for > and >=) or previous (for < and <=) one.
function compareInstant(field: string, op: CompareOperator, ms: number, dateOnly: boolean, negated: boolean): Part {
  let target = ms;
  let effective = op;
  if (ms % SECOND_MS !== 0) {
    if (op === 'eq' || op === 'ne') return (op === 'ne') !== negated;
    effective = op === 'gt' || op === 'gte' ? 'gte' : 'lte';
    target = (effective === 'gte' ? Math.ceil(ms / SECOND_MS) : Math.floor(ms / SECOND_MS)) * SECOND_MS;
  }
  if (!(target >= MIN_INSTANT && target <= MAX_INSTANT)) {
    return new Unsupported(`${field}: a date outside the years 0000-9999.`);
  }
  return compareAtom(field, effective, formatSugarInstant(target, dateOnly && target % DAY_MS === 0), negated);
}

function compileCompare(field: string, op: CompareOperator, value: TypedValue, negated: boolean, text: boolean): Part {
  if (value.kind === 'null') return (op !== 'ne') !== negated ? blank(field, text) : present(field, text);
  const literal = literalOf(value);
  // The evaluator never matches a literal it cannot read (e.g. ''), except through "not equal".
  if (literal === undefined) return (op === 'ne') !== negated;
  const ordering = op !== 'eq' && op !== 'ne';
  if (typeof literal === 'string' || typeof literal === 'boolean') {
    if (ordering) return new Unsupported(`${field}: ${op} cannot order ${value.kind} values.`);
    return compareAtom(field, op, typeof literal === 'string' ? String(value.value) : literal, negated);
  }
  if (value.kind === 'number') return compareAtom(field, op, literal, negated);
  return compareInstant(field, op, literal, value.kind === 'date', negated);
}

function inValue(value: TypedValue): SugarFilterValue | undefined {
  const literal = literalOf(value);
  if (literal === undefined) return undefined;
  if (typeof literal === 'string') return String(value.value);
  if (typeof literal === 'boolean' || value.kind === 'number') return literal;
  // An instant between two seconds equals no stored value.
  if (literal % SECOND_MS !== 0 || literal < MIN_INSTANT || literal > MAX_INSTANT) return undefined;
  return formatSugarInstant(literal, value.kind === 'date' && literal % DAY_MS === 0);
}

function compileIn(
  field: string,
  values: readonly TypedValue[],
  negate: boolean,
  negated: boolean,
  type: SugarFieldType | undefined,
): Part {
  const includesNull = values.some((value) => value.kind === 'null');
  const list = [...new Set(values.map(inValue).filter((value): value is SugarFilterValue => value !== undefined))];
  // Whether '' is a value of its own: from the column type when known (on typed columns Sugar turns
  // '' into 0 or NULL), else from the literals, assuming text when there is none to tell.
  const text =
    type !== undefined && type !== 'other'
      ? type === 'text'
      : list.length === 0 || values.some((value) => value.kind === 'string');
  if (negate === negated) {
    return combine('$or', [list.length > 0 && on(field, { $in: list }), includesNull && blank(field, text)]);
  }
  if (!includesNull) return list.length === 0 || combine('$or', [on(field, { $not_in: list }), isNull(field)]);
  if (list.length === 0) return present(field, text);
  // Sugar's NOT IN keeps NULL rows (it writes "IS NULL OR NOT IN"), so blanks are excluded by hand.
  return combine('$and', [on(field, { $not_in: list }), present(field, text)]);
}

function compileText(field: string, op: 'contains' | 'startsWith', needle: string, negated: boolean): Part {
  // An empty needle is in every non-blank value.
  if (needle === '') return negated ? blank(field, true) : present(field, true);
  if (!negated) return on(field, op === 'contains' ? { $contains: needle } : { $starts: needle });
  if (op === 'contains') return combine('$or', [on(field, { $not_contains: needle }), isNull(field)]);
  return new Unsupported(`${field}: Sugar has no "does not start with" operator, and no $not to build one.`);
}

function compileRelativeDate(
  field: string,
  op: RelativeDateOperator,
  days: number,
  fieldType: 'date' | 'datetime',
  asOf: number,
  negated: boolean,
): Part {
  const dateOnly = fieldType === 'date';
  const storable = storableRelativeDateBounds(op, days, fieldType, asOf);
  if (!storable) return negated;
  const { from, to } = storable;
  if (from === undefined && to === undefined) return negated ? isNull(field) : on(field, { $not_null: '' });
  const bounds: Part[] = [];
  if (from !== undefined)
    bounds.push(
      on(field, negated ? { $lt: formatSugarInstant(from, dateOnly) } : { $gte: formatSugarInstant(from, dateOnly) }),
    );
  if (to !== undefined)
    bounds.push(
      on(field, negated ? { $gt: formatSugarInstant(to, dateOnly) } : { $lte: formatSugarInstant(to, dateOnly) }),
    );
  return negated ? combine('$or', [...bounds, isNull(field)]) : combine('$and', bounds);
}

function compilePart(condition: RecordCondition, negated: boolean, options: SugarFilterCompileOptions): Part {
  if ('field' in condition && !FIELD_PATH.test(condition.field)) {
    return new Unsupported(`"${condition.field}" is not a Sugar field name or link path.`);
  }
  // Without a known type, a field may be text, where '' is a value of its own.
  const mayBeText = (field: string): boolean => {
    const type = options.fieldType?.(field) ?? 'other';
    return type === 'text' || type === 'other';
  };
  switch (condition.kind) {
    case 'all':
      return !negated;
    case 'and':
    case 'or': {
      const joiner = (condition.kind === 'and') !== negated ? '$and' : '$or';
      return combine(
        joiner,
        condition.items.map((item) => compilePart(item, negated, options)),
      );
    }
    case 'not':
      return compilePart(condition.item, !negated, options);
    case 'compare':
      return compileCompare(condition.field, condition.op, condition.value, negated, mayBeText(condition.field));
    case 'in':
      return compileIn(
        condition.field,
        condition.values,
        condition.negate,
        negated,
        options.fieldType?.(condition.field),
      );
    case 'exists':
      return condition.exists !== negated
        ? present(condition.field, mayBeText(condition.field))
        : blank(condition.field, mayBeText(condition.field));
    case 'text':
      return compileText(condition.field, condition.op, condition.value, negated);
    case 'relativeDate':
      return compileRelativeDate(
        condition.field,
        condition.op,
        condition.days,
        condition.fieldType,
        options.asOf,
        negated,
      );
  }
}

/**
 * Compiles a record condition to the `filter` array of Sugar's REST v11 filter API, selecting exactly the
 * records `compileRecordCondition` accepts. A condition that matches every record compiles to `[]`; one that
 * can match no record, or needs an operator Sugar lacks, is `ok: false` with the reason.
 *
 * @example
 * compileToSugarFilter(condition, { asOf: Date.now() });
 * // { ok: true, filter: [{ $or: [{ sales_stage: { $not_equals: 'Closed Won' } }, { sales_stage: { $is_null: '' } }] }] }
 */
export function compileToSugarFilter(
  condition: RecordCondition,
  options: SugarFilterCompileOptions,
): SugarFilterCompileResult {
  const part = compilePart(condition, false, options);
  if (part instanceof Unsupported) return { ok: false, reason: part.reason };
  if (part === false)
    return { ok: false, reason: 'the condition can never match a record, so there is nothing to query.' };
  if (part === true) return { ok: true, filter: [] };
  // The filter array is itself and-ed.
  const conjunction = Object.keys(part).length === 1 ? (part as Readonly<Record<string, unknown>>)['$and'] : undefined;
  return { ok: true, filter: Array.isArray(conjunction) ? (conjunction as SugarFilter[]) : [part] };
}
