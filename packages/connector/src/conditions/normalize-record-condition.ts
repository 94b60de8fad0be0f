import type { FieldType } from '../profiles/crm-profile.ts';
import { formatPath } from '../source/diagnostic.ts';
import { didYouMean } from '../source/suggest.ts';
import type { CompareOperator, RecordCondition, RelativeDateOperator } from './condition-ast.ts';
import type { TypedValue } from '../records/typed-value.ts';
import {
  checkConditionDepth,
  checkIdentifier,
  isPlainObject,
  isScalar,
  report,
  type ConditionContext,
  type Path,
} from './condition-context.ts';
import { typeValue } from '../records/field-values.ts';
import { ownValue } from '../records/own-value.ts';

const textFields: readonly (FieldType | 'unknown')[] = ['string', 'picklist', 'id'];

/**
 * The kind of a literal, decided by the field where it is known: on a text field `2026-03-01` and
 * `12345` are text (SOQL refuses a date or number literal there), on a number field "1200" is a number.
 */
function typeValueFor(fieldType: FieldType | 'unknown', raw: string | number | boolean | null): TypedValue {
  const typed = typeValue(raw);
  if (
    textFields.includes(fieldType) &&
    (typed.kind === 'number' || typed.kind === 'date' || typed.kind === 'datetime')
  ) {
    return { kind: 'string', value: String(raw) };
  }
  if (fieldType === 'number' && typed.kind === 'string' && /^-?\d+(\.\d+)?$/.test(String(raw)))
    return { kind: 'number', value: Number(raw) };
  return typed;
}

const recordOperators = [
  '$eq',
  '$ne',
  '$in',
  '$nin',
  '$gt',
  '$gte',
  '$lt',
  '$lte',
  '$exists',
  '$contains',
  '$startsWith',
  '$withinLastDays',
  '$olderThanDays',
  '$withinNextDays',
] as const;
const compareOps: Readonly<Record<string, CompareOperator>> = {
  $eq: 'eq',
  $ne: 'ne',
  $gt: 'gt',
  $gte: 'gte',
  $lt: 'lt',
  $lte: 'lte',
};
const relativeOps: Readonly<Record<string, RelativeDateOperator>> = {
  $withinLastDays: 'withinLastDays',
  $olderThanDays: 'olderThanDays',
  $withinNextDays: 'withinNextDays',
};
// Operators consultants bring from other tools, mapped to ours for the "did you mean" hint.
const foreignOperators: Readonly<Record<string, string>> = {
  $equals: '$eq',
  $not_equals: '$ne',
  $not_in: '$nin',
  $starts: '$startsWith',
  $is_null: '$exists: false',
  $not_null: '$exists: true',
  $neq: '$ne',
  $like: '$contains',
  $ge: '$gte',
  $le: '$lte',
};

/** A hint for an unknown operator: ours for a foreign one, or the closest of ours. */
export function operatorHint(operator: string): string | undefined {
  const foreign = foreignOperators[operator];
  if (foreign !== undefined) return `Use ${foreign} instead.`;
  return didYouMean(operator, [...recordOperators, '$and', '$or', '$not']);
}

/**
 * Normalises a condition on one record of `object` (fields, operators, $and / $or / $not).
 */
export function normalizeRecordCondition(
  object: string,
  raw: unknown,
  path: Path,
  context: ConditionContext,
  depth = 0,
): RecordCondition | undefined {
  if (!checkConditionDepth(context, path, depth)) return undefined;
  if (!isPlainObject(raw)) {
    report(
      context,
      path,
      'invalid-condition',
      `a condition on ${object} records must be a mapping of fields to values.`,
    );
    return undefined;
  }
  const items: RecordCondition[] = [];
  let ok = true;
  for (const [key, value] of Object.entries(raw)) {
    const keyPath = [...path, key];
    const at = formatPath(keyPath);
    if (key === '$and' || key === '$or') {
      if (!Array.isArray(value) || value.length === 0) {
        report(context, keyPath, 'invalid-condition', `${key} takes a non-empty list of conditions.`);
        ok = false;
        continue;
      }
      const parts = value.map((part, index) =>
        normalizeRecordCondition(object, part, [...keyPath, index], context, depth + 1),
      );
      if (parts.some((part) => part === undefined)) ok = false;
      else items.push({ kind: key === '$and' ? 'and' : 'or', path: at, items: parts as RecordCondition[] });
    } else if (key === '$not') {
      const inner = normalizeRecordCondition(object, value, keyPath, context, depth + 1);
      if (inner === undefined) ok = false;
      else items.push({ kind: 'not', path: at, item: inner });
    } else if (key.startsWith('$')) {
      report(
        context,
        keyPath,
        'unknown-operator',
        `"${key}" is not allowed here; a record condition maps field names to values.`,
        (recordOperators as readonly string[]).includes(key)
          ? `Put the operator under a field: \`Field: { ${key}: ... }\`.`
          : operatorHint(key),
        'key',
      );
      ok = false;
    } else {
      const field = normalizeFieldCondition(object, key, value, keyPath, context);
      if (field === undefined) ok = false;
      else items.push(field);
    }
  }
  if (!ok) return undefined;
  if (items.length === 0) return { kind: 'all', path: formatPath(path) };
  return items.length === 1 && items[0] !== undefined ? items[0] : { kind: 'and', path: formatPath(path), items };
}

function checkField(
  object: string,
  field: string,
  path: Path,
  context: ConditionContext,
): FieldType | 'unknown' | undefined {
  if (!checkIdentifier(context, 'field', field, path, 'key', Object.keys(context.catalog.fields(object) ?? {})))
    return undefined;
  const fields = context.catalog.fields(object);
  if (fields === undefined || field.includes('.') || context.catalog.isCustom(field)) {
    return ownValue(fields, field) ?? 'unknown';
  }
  const type = ownValue(fields, field);
  if (type !== undefined) return type;
  const hint = didYouMean(field, Object.keys(fields));
  report(
    context,
    path,
    'unknown-field',
    `unknown field "${field}" on ${object}.`,
    hint ?? 'Check the API name of the field (custom fields end in __c on Salesforce, _c on SugarCRM).',
    'key',
  );
  return undefined;
}

function checkValue(
  object: string,
  field: string,
  fieldType: FieldType | 'unknown',
  typed: TypedValue,
  path: Path,
  context: ConditionContext,
): boolean {
  if (typed.kind === 'null') return true;
  const expected: Partial<Record<FieldType, readonly TypedValue['kind'][]>> = {
    number: ['number'],
    boolean: ['boolean'],
    date: ['date', 'datetime'],
    datetime: ['date', 'datetime'],
  };
  const allowed = fieldType === 'unknown' ? undefined : expected[fieldType];
  if (
    allowed !== undefined &&
    !allowed.includes(typed.kind) &&
    !(fieldType === 'number' && typed.kind === 'string' && /^-?\d+(\.\d+)?$/.test(String(typed.value)))
  ) {
    report(
      context,
      path,
      'type-mismatch',
      `${object}.${field} is a ${fieldType} field, but ${JSON.stringify(typed.value)} is a ${typed.kind}.`,
      fieldType === 'boolean'
        ? 'Write true or false without quotes.'
        : fieldType === 'number'
          ? 'Write the number without quotes.'
          : 'Write a date as YYYY-MM-DD or an ISO date-time.',
    );
    return false;
  }
  const values =
    fieldType === 'picklist' && typeof typed.value === 'string' ? context.catalog.picklist(object, field) : undefined;
  if (
    values !== undefined &&
    typeof typed.value === 'string' &&
    !values.some((v) => v.toLowerCase() === (typed.value as string).toLowerCase())
  ) {
    const hint = didYouMean(typed.value, values);
    const authoritative = context.catalog.authoritative;
    report(
      context,
      path,
      'unknown-picklist-value',
      authoritative
        ? `"${typed.value}" is not a value of ${object}.${field} in this org.`
        : `"${typed.value}" is not a default value of ${object}.${field}.`,
      hint ??
        (authoritative
          ? `Values: ${values.join(', ')}.`
          : 'Fine if your org added this value; otherwise fix the spelling.'),
      'value',
      authoritative ? 'error' : 'warning',
    );
    return !authoritative;
  }
  return true;
}

function normalizeFieldCondition(
  object: string,
  field: string,
  raw: unknown,
  path: Path,
  context: ConditionContext,
): RecordCondition | undefined {
  const fieldType = checkField(object, field, path, context);
  if (fieldType === undefined) return undefined;
  const at = formatPath(path);
  if (isScalar(raw)) {
    const value = typeValueFor(fieldType, raw);
    return checkValue(object, field, fieldType, value, path, context)
      ? { kind: 'compare', path: at, field, op: 'eq', value }
      : undefined;
  }
  if (Array.isArray(raw)) return normalizeOperator(object, field, fieldType, '$in', raw, path, context);
  if (!isPlainObject(raw) || Object.keys(raw).length === 0) {
    report(
      context,
      path,
      'invalid-condition',
      `the condition on ${field} must be a value, a list, or operators like { $gte: 10 }.`,
    );
    return undefined;
  }
  const items: RecordCondition[] = [];
  for (const [operator, value] of Object.entries(raw)) {
    const item = normalizeOperator(object, field, fieldType, operator, value, [...path, operator], context);
    if (item === undefined) return undefined;
    items.push(item);
  }
  return items.length === 1 && items[0] !== undefined ? items[0] : { kind: 'and', path: at, items };
}

function normalizeOperator(
  object: string,
  field: string,
  fieldType: FieldType | 'unknown',
  operator: string,
  raw: unknown,
  path: Path,
  context: ConditionContext,
): RecordCondition | undefined {
  const at = formatPath(path);
  const fail = (message: string, fix?: string): RecordCondition | undefined => {
    report(context, path, 'invalid-operand', message, fix);
    return undefined;
  };
  const compare = compareOps[operator];
  if (compare !== undefined) {
    if (!isScalar(raw))
      return fail(`${operator} takes a single value.`, `Write e.g. \`${operator}: 100\`; for a list use $in.`);
    const value = typeValueFor(fieldType, raw);
    const ordering = compare !== 'eq' && compare !== 'ne';
    if (ordering && textFields.includes(fieldType) && typeof raw !== 'string') {
      return fail(
        `${object}.${field} is a text field; ${operator} compares numbers or dates.`,
        'Compare text with $eq / $in, or use a number or date field (custom fields work too).',
      );
    }
    if (ordering && !['number', 'date', 'datetime'].includes(value.kind)) {
      return fail(
        `${operator} compares numbers or dates; ${JSON.stringify(raw)} is neither.`,
        'Use $eq / $in for text, or write a number or a YYYY-MM-DD date.',
      );
    }
    return checkValue(object, field, fieldType, value, path, context)
      ? { kind: 'compare', path: at, field, op: compare, value }
      : undefined;
  }
  if (operator === '$in' || operator === '$nin') {
    if (!Array.isArray(raw) || raw.length === 0 || !raw.every(isScalar))
      return fail(`${operator} takes a non-empty list of values.`, 'Write e.g. `$in: [Closed Won, Closed Lost]`.');
    const values = raw.map((value) => typeValueFor(fieldType, value));
    if (!values.every((value, index) => checkValue(object, field, fieldType, value, [...path, index], context)))
      return undefined;
    return { kind: 'in', path: at, field, values, negate: operator === '$nin' };
  }
  if (operator === '$exists') {
    if (typeof raw !== 'boolean')
      return fail('$exists takes true or false.', 'Write `$exists: true` or `$exists: false`.');
    return { kind: 'exists', path: at, field, exists: raw };
  }
  if (operator === '$contains' || operator === '$startsWith') {
    if (typeof raw !== 'string' || raw === '')
      return fail(`${operator} takes non-empty text.`, `Write e.g. \`${operator}: Renewal\`.`);
    return { kind: 'text', path: at, field, op: operator === '$contains' ? 'contains' : 'startsWith', value: raw };
  }
  const relative = relativeOps[operator];
  if (relative !== undefined) {
    if (typeof raw !== 'number' || !Number.isInteger(raw) || raw < 0 || raw > 36500)
      return fail(
        `${operator} takes a whole number of days from 0 to 36500; got ${JSON.stringify(raw)}.`,
        `Write e.g. \`${operator}: 30\`.`,
      );
    if (fieldType !== 'unknown' && fieldType !== 'date' && fieldType !== 'datetime') {
      return fail(
        `${operator} needs a date field, but ${object}.${field} is a ${fieldType} field.`,
        'Use it on a date or date-time field, e.g. CloseDate or CreatedDate.',
      );
    }
    return {
      kind: 'relativeDate',
      path: at,
      field,
      op: relative,
      days: raw,
      fieldType: fieldType === 'date' ? 'date' : 'datetime',
    };
  }
  report(
    context,
    path,
    'unknown-operator',
    `unknown operator "${operator}" on ${field}.`,
    operatorHint(operator) ?? `Operators: ${recordOperators.join(', ')}.`,
    'key',
  );
  return undefined;
}
