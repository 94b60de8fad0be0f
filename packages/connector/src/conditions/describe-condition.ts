import type { CustomerCondition, Quantifier, RecordCondition } from './condition-ast.ts';

const compareWords = { eq: '=', ne: '≠', gt: '>', gte: '≥', lt: '<', lte: '≤' } as const;

function literal(value: unknown): string {
  return typeof value === 'string' ? `"${value}"` : String(value);
}

/**
 * A condition on one record, in words a consultant reads back.
 *
 * @example
 * describeRecordCondition(c); // 'StageName = "Closed Won" and Amount ≥ 10000'
 */
export function describeRecordCondition(condition: RecordCondition): string {
  switch (condition.kind) {
    case 'all':
      return 'any record';
    case 'and':
      return condition.items.map(describeRecordCondition).join(' and ');
    case 'or':
      return `(${condition.items.map(describeRecordCondition).join(' or ')})`;
    case 'not':
      return `not (${describeRecordCondition(condition.item)})`;
    case 'compare':
      return condition.value.kind === 'null'
        ? `${condition.field} is ${condition.op === 'ne' ? 'set' : 'empty'}`
        : `${condition.field} ${compareWords[condition.op]} ${literal(condition.value.value)}`;
    case 'in':
      return `${condition.field} ${condition.negate ? 'is none of' : 'is one of'} ${condition.values.map((v) => literal(v.value)).join(', ')}`;
    case 'exists':
      return `${condition.field} is ${condition.exists ? 'set' : 'empty'}`;
    case 'text':
      return `${condition.field} ${condition.op === 'contains' ? 'contains' : 'starts with'} ${literal(condition.value)}`;
    case 'relativeDate':
      return condition.op === 'withinLastDays'
        ? `${condition.field} within the last ${condition.days} days`
        : condition.op === 'withinNextDays'
          ? `${condition.field} within the next ${condition.days} days`
          : `${condition.field} more than ${condition.days} days ago`;
  }
}

/** The quantifier in words: "any", "every", "no", "at least 2". */
export function describeQuantifier(quantifier: Quantifier): string {
  switch (quantifier.kind) {
    case 'any':
      return 'any';
    case 'all':
      return 'every';
    case 'none':
      return 'no';
    case 'count':
      return (
        { eq: 'exactly', gt: 'more than', gte: 'at least', lt: 'fewer than', lte: 'at most' }[quantifier.op] +
        ` ${quantifier.n}`
      );
  }
}

/** A customer condition in words; each quantified part is bracketed so record-level "and" stays readable. */
export function describeCustomerCondition(condition: CustomerCondition): string {
  const part = (item: CustomerCondition): string =>
    item.kind === 'quantified' && condition.kind !== 'quantified'
      ? `[${describeCustomerCondition(item)}]`
      : describeCustomerCondition(item);
  switch (condition.kind) {
    case 'and':
      return condition.items.map(part).join(' and ');
    case 'or':
      return `(${condition.items.map(part).join(' or ')})`;
    case 'not':
      return `not ${part(condition.item)}`;
    case 'quantified':
      return condition.where.kind === 'all'
        ? `${describeQuantifier(condition.quantifier)} ${condition.object}`
        : `${describeQuantifier(condition.quantifier)} ${condition.object} where ${describeRecordCondition(condition.where)}`;
  }
}
