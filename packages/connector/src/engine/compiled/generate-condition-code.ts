import type { CompareOperator, RecordCondition } from '../../conditions/condition-ast.ts';
import type { ValueKind } from '../../records/typed-value.ts';
import { literalOf } from '../../records/field-values.ts';
import type { CodeBuilder } from './code-builder.ts';

// Enum-like AST values become source text only through these fixed tables, never from the AST's strings.
const KIND: Readonly<Record<ValueKind, string>> = {
  string: "'string'",
  number: "'number'",
  boolean: "'boolean'",
  date: "'date'",
  datetime: "'datetime'",
  null: "'null'",
};
const OPERATOR: Readonly<Record<CompareOperator, string>> = {
  eq: '===',
  ne: '!==',
  gt: '>',
  gte: '>=',
  lt: '<',
  lte: '<=',
};

/** A read of `field` from the record in `r` (a non-object record reads as an empty one). */
function read(code: CodeBuilder, field: string): string {
  const segments = field.split('.');
  if (segments.length === 1) return `r${code.property(field)}`;
  for (const segment of segments) code.property(segment);
  return `H.readField(r, ${code.constant(segments)})`;
}

/**
 * A JavaScript expression for a record condition over the record in `r`, with the temporaries `v` and
 * `a` in scope; exactly the semantics of `compileRecordCondition` (the oracle), clause by clause.
 */
export function recordConditionCode(code: CodeBuilder, condition: RecordCondition): string {
  switch (condition.kind) {
    case 'all':
      return 'true';
    case 'and':
      return condition.items.length === 0
        ? 'true'
        : `(${condition.items.map((item) => recordConditionCode(code, item)).join(' && ')})`;
    case 'or':
      return condition.items.length === 0
        ? 'false'
        : `(${condition.items.map((item) => recordConditionCode(code, item)).join(' || ')})`;
    case 'not':
      return `!${recordConditionCode(code, condition.item)}`;
    case 'compare': {
      const { op, value } = condition;
      const raw = read(code, condition.field);
      if (value.kind === 'null') return op === 'ne' ? `!H.isBlank(${raw})` : `H.isBlank(${raw})`;
      const literal = literalOf(value);
      const kind = KIND[value.kind];
      if (value.kind === 'string' && typeof literal === 'string' && (op === 'eq' || op === 'ne')) {
        const equal = op === 'eq' ? 'true' : 'false';
        const k = code.constant(literal);
        return `((v = ${raw}), typeof v === 'string' && v !== '' ? H.equalsIgnoringCase(v, ${k}) === ${equal} : (a = H.coerce(v, ${kind})) === undefined ? !${equal} : (a === ${k}) === ${equal})`;
      }
      if (value.kind === 'boolean' && typeof literal === 'boolean' && (op === 'eq' || op === 'ne')) {
        const equal = op === 'eq' ? 'true' : 'false';
        const k = literal ? 'true' : 'false';
        return `((v = ${raw}), (a = typeof v === 'boolean' ? v : H.coerce(v, ${kind})) === undefined ? !${equal} : (a === ${k}) === ${equal})`;
      }
      if (literal === undefined) return op === 'ne' ? 'true' : 'false';
      const k = code.constant(literal);
      // A date coerces to its instant, and anything that is no date (blank included) to nothing.
      if ((value.kind === 'date' || value.kind === 'datetime') && !condition.field.includes('.'))
        return `((a = ${code.parsedDate(condition.field)}) !== a ? ${op === 'ne' ? 'true' : 'false'} : a ${OPERATOR[op]} ${k})`;
      return `((a = H.coerce(${raw}, ${kind})) === undefined ? ${op === 'ne' ? 'true' : 'false'} : a ${OPERATOR[op]} ${k})`;
    }
    case 'in': {
      const raw = `v`;
      const parts: string[] = [];
      if (condition.values.some((value) => value.kind === 'null')) parts.push('H.isBlank(v)');
      for (const value of condition.values) {
        const literal = literalOf(value);
        if (literal === undefined) continue;
        const k = code.constant(literal);
        parts.push(
          value.kind === 'string' && typeof literal === 'string'
            ? `(typeof v === 'string' && v !== '' ? H.equalsIgnoringCase(v, ${k}) : H.coerce(v, ${KIND.string}) === ${k})`
            : `H.coerce(${raw}, ${KIND[value.kind]}) === ${k}`,
        );
      }
      const found = parts.length === 0 ? 'false' : parts.join(' || ');
      return `((v = ${read(code, condition.field)}), (${found}) !== ${condition.negate ? 'true' : 'false'})`;
    }
    case 'exists':
      return `(H.isBlank(${read(code, condition.field)}) !== ${condition.exists ? 'true' : 'false'})`;
    case 'text': {
      const needle = code.constant(condition.value.toLowerCase());
      const startsWith = condition.op === 'startsWith';
      const plain = startsWith ? `a.startsWith(${needle})` : `a.includes(${needle})`;
      return `((v = ${read(code, condition.field)}), typeof v === 'string' && v !== '' ? H.containsIgnoringCase(v, ${needle}, ${startsWith ? 'true' : 'false'}) : typeof (a = H.coerce(v, ${KIND.string})) !== 'string' ? false : ${plain})`;
    }
    case 'relativeDate': {
      const [lower, upper] = code.relativeBounds(condition.op, condition.days, condition.fieldType);
      const instant = condition.field.includes('.')
        ? `H.parseInstant(${read(code, condition.field)})`
        : code.parsedDate(condition.field);
      return `((a = ${instant}), a >= ${lower} && a <= ${upper})`;
    }
  }
}
