// Compiles a record condition to a SOQL WHERE clause that selects exactly the records the in-memory
// evaluator accepts. The evaluator is two-valued; SQL is three-valued (a comparison with null is
// unknown, and NOT unknown is still unknown), so every atom carries an explicit null guard that makes
// it true or false, never unknown. That is what lets `not` be a plain `NOT (...)`.
import type { CompareOperator, RecordCondition, RelativeDateOperator } from './condition-ast.ts';
import type { TypedValue } from '../records/typed-value.ts';
import { FIELD_PATH, Unsupported } from './field-path.ts';
import { MAX_INSTANT, MIN_INSTANT, SECOND_MS, storableRelativeDateBounds } from './storable-instants.ts';
import { DAY_MS, formatDate, formatDateTime, literalOf } from '../records/field-values.ts';

/** A SOQL WHERE clause (without the keyword), or why the condition cannot be sent to Salesforce. */
export type SoqlCompileResult =
  { readonly ok: true; readonly where: string } | { readonly ok: false; readonly reason: string };

/** What the SOQL compiler needs to know of a field; `boolean` marks checkboxes, which are never null. */
export type SoqlFieldType = 'date' | 'datetime' | 'boolean' | 'other';

/** Options of {@link compileToSoql}. */
export interface SoqlCompileOptions {
  /** The evaluation time, in epoch ms, that relative dates count from. */
  readonly asOf: number;
  /** The field's type when known: date fields take date literals, every other field date-time literals. */
  readonly fieldType?: (field: string) => SoqlFieldType;
}

// A compiled part: SOQL text, a negation of one, a constant (SOQL has no TRUE or FALSE literal), or why
// it cannot compile.
type Part = string | Negation | boolean | Unsupported;

// Kept apart from its text so that a double negation cancels out: besides being shorter, SOQL parsers
// (soql-parser-js among them) mishandle three NOTs in a row.
class Negation {
  readonly inner: string;
  constructor(inner: string) {
    this.inner = inner;
  }
  toString(): string {
    return `(NOT ${this.inner.startsWith('(') ? this.inner : `(${this.inner})`})`;
  }
}

const operators: Readonly<Record<CompareOperator, string>> = {
  eq: '=',
  ne: '!=',
  gt: '>',
  gte: '>=',
  lt: '<',
  lte: '<=',
};
// Salesforce's quoted-string escape sequences; `\b` is written for U+0008, as in Java.
const escapes: Readonly<Record<string, string>> = {
  '\\': '\\\\',
  "'": "\\'",
  '"': '\\"',
  '\n': '\\n',
  '\r': '\\r',
  '\t': '\\t',
  '\b': '\\b',
  '\f': '\\f',
};

// Quotes text as a SOQL string literal; in a LIKE pattern `%` and `_` are escaped too.
function quoteSoqlString(text: string, like = false): string {
  let quoted = "'";
  for (const char of text) {
    const code = char.charCodeAt(0);
    if (like && (char === '%' || char === '_')) quoted += `\\${char}`;
    else quoted += escapes[char] ?? (code < 0x20 || code === 0x7f ? `\\u${code.toString(16).padStart(4, '0')}` : char);
  }
  return `${quoted}'`;
}

function combine(joiner: 'AND' | 'OR', parts: readonly Part[]): Part {
  const neutral = joiner === 'AND';
  const kept: (string | Negation)[] = [];
  for (const part of parts) {
    if (part instanceof Unsupported) return part;
    if (part === neutral) continue;
    if (typeof part === 'boolean') return part;
    kept.push(part);
  }
  if (kept.length <= 1) return kept[0] ?? neutral;
  return `(${kept.join(` ${joiner} `)})`;
}

function negate(part: Part): Part {
  if (typeof part === 'boolean') return !part;
  if (part instanceof Unsupported) return part;
  return part instanceof Negation ? part.inner : new Negation(part);
}

function nullTest(field: string, isNull: boolean, checkbox: boolean): Part {
  // A checkbox is never null; Salesforce even reads `= null` on one as `= false`.
  if (checkbox) return !isNull;
  return `${field} ${isNull ? '=' : '!='} null`;
}

// Two-valued comparison: equal-to and ordering exclude nulls, not-equal includes them.
function comparison(field: string, op: CompareOperator, literal: string): string {
  if (op === 'ne') return `(${field} != ${literal} OR ${field} = null)`;
  return `(${field} != null AND ${field} ${operators[op]} ${literal})`;
}

function formatNumber(value: number): string | undefined {
  const text = String(value);
  if (!/e/i.test(text)) return text;
  // SOQL has no exponent notation; integers can still be written out in full.
  return Number.isInteger(value) ? BigInt(value).toString() : undefined;
}

function formatInstant(ms: number, dateField: boolean): string | undefined {
  if (!(ms >= MIN_INSTANT && ms <= MAX_INSTANT)) return undefined;
  return dateField ? formatDate(ms) : formatDateTime(ms);
}

// Salesforce stores date-times to the second and dates to the day, so a literal between two storable
// values compares like the next (for > and >=) or previous (for < and <=) storable value.
function compileInstant(field: string, op: CompareOperator, ms: number, dateField: boolean): Part {
  const unit = dateField ? DAY_MS : SECOND_MS;
  let target = ms;
  let effective = op;
  if (ms % unit !== 0) {
    if (op === 'eq' || op === 'ne') return op === 'ne';
    effective = op === 'gt' || op === 'gte' ? 'gte' : 'lte';
    target = (effective === 'gte' ? Math.ceil(ms / unit) : Math.floor(ms / unit)) * unit;
  }
  const literal = formatInstant(target, dateField);
  if (literal === undefined) return new Unsupported(`${field}: a date outside SOQL's years 0000-9999.`);
  return comparison(field, effective, literal);
}

function compileCompare(field: string, op: CompareOperator, value: TypedValue, options: SoqlCompileOptions): Part {
  const type = options.fieldType?.(field) ?? 'other';
  if (value.kind === 'null') return nullTest(field, op !== 'ne', type === 'boolean');
  const literal = literalOf(value);
  // The evaluator never matches a literal it cannot read (e.g. ''), except through "not equal".
  if (literal === undefined) return op === 'ne';
  const ordering = op !== 'eq' && op !== 'ne';
  if (typeof literal === 'string' || typeof literal === 'boolean') {
    if (ordering) return new Unsupported(`${field}: ${op} cannot order ${value.kind} values.`);
    if (typeof literal === 'string') return comparison(field, op, quoteSoqlString(String(value.value)));
    // A checkbox is never null, so no null guard (which would read as `= false`).
    return `${field} ${operators[op]} ${String(literal)}`;
  }
  if (value.kind === 'number') {
    const text = formatNumber(literal);
    return text === undefined
      ? new Unsupported(`${field}: ${String(literal)} has no SOQL notation.`)
      : comparison(field, op, text);
  }
  return compileInstant(field, op, literal, type === 'date');
}

// The text of each IN literal, grouped by SOQL type; undefined entries never equal anything.
function inLiteral(
  field: string,
  value: TypedValue,
  dateField: boolean,
): readonly [string, string] | undefined | Unsupported {
  const literal = literalOf(value);
  if (literal === undefined) return undefined;
  if (typeof literal === 'string') return ['string', quoteSoqlString(String(value.value))];
  if (typeof literal === 'boolean') return ['boolean', String(literal)];
  if (value.kind === 'number') {
    const text = formatNumber(literal);
    return text === undefined
      ? new Unsupported(`${field}: ${String(literal)} has no SOQL notation.`)
      : ['number', text];
  }
  if (literal % (dateField ? DAY_MS : SECOND_MS) !== 0) return undefined;
  const text = formatInstant(literal, dateField);
  if (text === undefined) return new Unsupported(`${field}: a date outside SOQL's years 0000-9999.`);
  return [dateField ? 'date' : 'datetime', text];
}

function compileIn(field: string, values: readonly TypedValue[], negated: boolean, options: SoqlCompileOptions): Part {
  const fieldType = options.fieldType?.(field) ?? 'other';
  const includesNull = values.some((value) => value.kind === 'null');
  const groups = new Map<string, Set<string>>();
  for (const value of values) {
    if (value.kind === 'null') continue;
    const entry = inLiteral(field, value, fieldType === 'date');
    if (entry instanceof Unsupported) return entry;
    if (entry === undefined) continue;
    const group = groups.get(entry[0]) ?? new Set<string>();
    groups.set(entry[0], group.add(entry[1]));
  }
  if (groups.size > 1) return new Unsupported(`${field}: $in mixes ${[...groups.keys()].join(' and ')} values.`);
  const [type, set] = [...groups][0] ?? ['none', new Set<string>()];
  const list = [...set];
  const checkbox = fieldType === 'boolean' || type === 'boolean';
  if (type === 'boolean') {
    const items = list.map((literal) => `${field} ${negated ? '!=' : '='} ${literal}`);
    const blank = includesNull ? nullTest(field, !negated, true) : negated;
    return negated ? combine('AND', [...items, blank]) : combine('OR', [...items, blank]);
  }
  const inList = `${field} ${negated ? 'NOT IN' : 'IN'} (${list.join(', ')})`;
  if (!negated) {
    const matches = list.length === 0 ? false : `(${field} != null AND ${inList})`;
    return combine('OR', [matches, includesNull && nullTest(field, true, checkbox)]);
  }
  if (list.length === 0) return includesNull ? nullTest(field, false, checkbox) : true;
  return includesNull ? `(${field} != null AND ${inList})` : `(${inList} OR ${field} = null)`;
}

function compileRelativeDate(
  field: string,
  op: RelativeDateOperator,
  days: number,
  fieldType: 'date' | 'datetime',
  asOf: number,
): Part {
  const dateField = fieldType === 'date';
  const bounds = storableRelativeDateBounds(op, days, fieldType, asOf);
  if (!bounds) return false;
  const parts = [`${field} != null`];
  if (bounds.from !== undefined) parts.push(`${field} >= ${String(formatInstant(bounds.from, dateField))}`);
  if (bounds.to !== undefined) parts.push(`${field} <= ${String(formatInstant(bounds.to, dateField))}`);
  return combine('AND', parts);
}

function compilePart(condition: RecordCondition, options: SoqlCompileOptions): Part {
  if ('field' in condition && !FIELD_PATH.test(condition.field)) {
    return new Unsupported(`"${condition.field}" is not a SOQL field name or parent path.`);
  }
  switch (condition.kind) {
    case 'all':
      return true;
    case 'and':
      return combine(
        'AND',
        condition.items.map((item) => compilePart(item, options)),
      );
    case 'or':
      return combine(
        'OR',
        condition.items.map((item) => compilePart(item, options)),
      );
    case 'not':
      return negate(compilePart(condition.item, options));
    case 'compare':
      return compileCompare(condition.field, condition.op, condition.value, options);
    case 'in':
      return compileIn(condition.field, condition.values, condition.negate, options);
    case 'exists':
      return nullTest(condition.field, !condition.exists, options.fieldType?.(condition.field) === 'boolean');
    case 'text': {
      const pattern = quoteSoqlString(condition.value, true);
      const like = condition.op === 'startsWith' ? `${pattern.slice(0, -1)}%'` : `'%${pattern.slice(1, -1)}%'`;
      return `(${condition.field} != null AND ${condition.field} LIKE ${like})`;
    }
    case 'relativeDate':
      return compileRelativeDate(condition.field, condition.op, condition.days, condition.fieldType, options.asOf);
  }
}

/**
 * Compiles a record condition to a SOQL WHERE clause (without `WHERE`) that selects exactly the records
 * `compileRecordCondition` accepts. A condition that matches every record compiles to `''` (send no WHERE);
 * one that can match no record, or uses something SOQL cannot state faithfully, is `ok: false` with the reason.
 *
 * @example
 * compileToSoql(condition, { asOf: Date.now() });
 * // { ok: true, where: "(StageName != 'Closed Won' OR StageName = null)" }
 */
export function compileToSoql(condition: RecordCondition, options: SoqlCompileOptions): SoqlCompileResult {
  const part = compilePart(condition, options);
  if (part instanceof Unsupported) return { ok: false, reason: part.reason };
  if (part === false)
    return { ok: false, reason: 'the condition can never match a record, so there is nothing to query.' };
  return { ok: true, where: part === true ? '' : part.toString() };
}
