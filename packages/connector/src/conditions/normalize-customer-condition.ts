import { formatPath } from '../source/diagnostic.ts';
import { didYouMean } from '../source/suggest.ts';
import type { CustomerCondition, Quantifier } from './condition-ast.ts';
import {
  checkConditionDepth,
  checkIdentifier,
  isPlainObject,
  report,
  type ConditionContext,
  type Path,
} from './condition-context.ts';
import { normalizeRecordCondition, operatorHint } from './normalize-record-condition.ts';

/**
 * Normalises a customer condition (`stages[].when`, `segments[].when`, ...) into its AST,
 * reporting every problem with its position; returns undefined when it cannot be used.
 */
export function normalizeCustomerCondition(
  raw: unknown,
  path: Path,
  context: ConditionContext,
  depth = 0,
): CustomerCondition | undefined {
  if (!checkConditionDepth(context, path, depth)) return undefined;
  if (!isPlainObject(raw)) {
    report(
      context,
      path,
      'invalid-condition',
      'a condition must be a mapping of object names to record conditions.',
      'Write e.g. `Opportunity: { StageName: Closed Won }`.',
    );
    return undefined;
  }
  const keys = Object.keys(raw);
  if (keys.length === 0) {
    report(
      context,
      path,
      'empty-when',
      'the condition is empty, so it would match every customer.',
      'Add at least one object condition, e.g. `Account: {}` for "every account".',
    );
    return undefined;
  }
  const items: CustomerCondition[] = [];
  let ok = true;
  for (const key of keys) {
    const value = raw[key];
    const keyPath = [...path, key];
    let item: CustomerCondition | undefined;
    if (key === '$and' || key === '$or') {
      if (!Array.isArray(value) || value.length === 0) {
        report(context, keyPath, 'invalid-condition', `${key} takes a non-empty list of conditions.`);
        ok = false;
        continue;
      }
      const parts = value.map((part, index) =>
        normalizeCustomerCondition(part, [...keyPath, index], context, depth + 1),
      );
      if (parts.some((part) => part === undefined)) ok = false;
      else
        item = { kind: key === '$and' ? 'and' : 'or', path: formatPath(keyPath), items: parts as CustomerCondition[] };
    } else if (key === '$not') {
      const inner = normalizeCustomerCondition(value, keyPath, context, depth + 1);
      if (inner === undefined) ok = false;
      else item = { kind: 'not', path: formatPath(keyPath), item: inner };
    } else if (key.startsWith('$')) {
      report(
        context,
        keyPath,
        'unknown-operator',
        `unknown operator "${key}" at the customer level.`,
        operatorHint(key) ?? 'Use $and, $or, $not or an object name.',
        'key',
      );
      ok = false;
    } else {
      item = normalizeObjectCondition(key, value, keyPath, context, depth);
      if (item === undefined) ok = false;
    }
    if (item !== undefined) items.push(item);
  }
  if (!ok) return undefined;
  return items.length === 1 && items[0] !== undefined ? items[0] : { kind: 'and', path: formatPath(path), items };
}

function checkObject(object: string, path: Path, context: ConditionContext): boolean {
  const { catalog } = context;
  if (!checkIdentifier(context, 'object', object, path, 'key', catalog.objectNames())) return false;
  if (catalog.fields(object) !== undefined || catalog.isCustom(object)) return true;
  const hint = didYouMean(object, catalog.objectNames());
  report(
    context,
    path,
    'unknown-object',
    `unknown object "${object}".`,
    hint ?? `Known objects: ${[...catalog.objectNames()].join(', ')}.`,
    'key',
  );
  return false;
}

function normalizeObjectCondition(
  object: string,
  raw: unknown,
  path: Path,
  context: ConditionContext,
  depth: number,
): CustomerCondition | undefined {
  if (!checkObject(object, path, context)) return undefined;
  if (raw === null || raw === undefined) raw = {};
  if (!isPlainObject(raw)) {
    report(
      context,
      path,
      'invalid-condition',
      `the condition on ${object} must be a mapping of fields to values.`,
      `Write e.g. \`${object}: { Field: value }\`, or \`${object}: {}\` for "any ${object}".`,
    );
    return undefined;
  }
  const quantifierKeys = Object.keys(raw).filter((key) => ['$any', '$all', '$none', '$count'].includes(key));
  const at = formatPath(path);
  if (quantifierKeys.length === 0) {
    const where = normalizeRecordCondition(object, raw, path, context, depth);
    return where && { kind: 'quantified', path: at, object, quantifier: { kind: 'any' }, where };
  }
  if (quantifierKeys.length > 1 || Object.keys(raw).length > 1) {
    report(
      context,
      path,
      'invalid-quantifier',
      `use one quantifier ($any, $all, $none or $count) on its own under ${object}.`,
      quantifierKeys.length > 1
        ? 'Combine quantifiers with $and at the customer level, e.g. `$and: [{ Case: { $none: ... } }, { Case: { $count: ... } }]`.'
        : 'Move the field conditions inside the quantifier.',
    );
    return undefined;
  }
  const key = quantifierKeys[0] ?? '$any';
  const value = raw[key];
  const keyPath = [...path, key];
  if (key !== '$count') {
    const where = normalizeRecordCondition(object, value ?? {}, keyPath, context, depth);
    const kind = key === '$all' ? 'all' : key === '$none' ? 'none' : 'any';
    return where && { kind: 'quantified', path: at, object, quantifier: { kind }, where };
  }
  if (!isPlainObject(value)) {
    report(
      context,
      keyPath,
      'invalid-quantifier',
      '$count takes { where: <record condition>, $gte: <n> } (or $gt, $lt, $lte, $eq).',
      'Write e.g. `$count: { where: { IsWon: true }, $gte: 2 }`.',
    );
    return undefined;
  }
  let quantifier: Quantifier | undefined;
  for (const [op, n] of Object.entries(value)) {
    if (op === 'where') continue;
    const mapped = ({ $eq: 'eq', $gt: 'gt', $gte: 'gte', $lt: 'lt', $lte: 'lte' } as const)[op as '$eq'];
    if ((mapped as string | undefined) === undefined || quantifier) {
      report(
        context,
        [...keyPath, op],
        'invalid-quantifier',
        quantifier
          ? `$count takes exactly one comparison; "${op}" is a second one.`
          : `$count takes exactly one of $eq, $gt, $gte, $lt, $lte; got "${op}".`,
        quantifier ? `Keep one of them, e.g. \`$gte: 2\`.` : operatorHint(op),
        'key',
      );
      return undefined;
    }
    if (typeof n !== 'number' || !Number.isInteger(n) || n < 0) {
      report(
        context,
        [...keyPath, op],
        'invalid-quantifier',
        `$count ${op} takes a whole number of records; got ${JSON.stringify(n)}.`,
        `Write e.g. \`${op}: 2\`.`,
      );
      return undefined;
    }
    quantifier = { kind: 'count', op: mapped, n };
  }
  if (!quantifier) {
    report(context, keyPath, 'invalid-quantifier', '$count needs a comparison, e.g. `$gte: 2`.');
    return undefined;
  }
  const where = normalizeRecordCondition(object, value['where'] ?? {}, [...keyPath, 'where'], context, depth);
  return where && { kind: 'quantified', path: at, object, quantifier, where };
}
