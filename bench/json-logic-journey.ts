import {
  coerce,
  isBlank,
  relativeDateBounds,
  type CompiledJourney,
  type CustomerCondition,
  type CustomerRecords,
  type RecordCondition,
  type ValueKind,
} from '@crm-journey/connector';
import { LogicEngine } from 'json-logic-engine';
import { stageActions, type JourneyDecision } from './journey-decision.ts';

type Logic = unknown;
type Comparable = string | number | boolean;

const COMPARE: Readonly<Record<string, string>> = { eq: '==', ne: '!=', gt: '>', gte: '>=', lt: '<', lte: '<=' };

function compareWith(op: string, a: Comparable, b: Comparable): boolean {
  if (op === '==') return a === b;
  if (op === '!=') return a !== b;
  if (op === '>') return a > b;
  if (op === '>=') return a >= b;
  return op === '<' ? a < b : a <= b;
}

/**
 * The connector's coercion as json-logic-engine methods (as the json-rules-engine translation does with
 * its operators): blanks, case-insensitive text and dates compare exactly as in the engine. Field reads
 * (`var`), `and` / `or` / `!`, `some` / `none` / `filter` are json-logic-engine's own, compiled by `build`.
 */
function newEngine(inTable: readonly { kind: ValueKind; literal: Comparable }[][]): LogicEngine {
  const engine = new LogicEngine();
  const method = (name: string, run: (args: unknown[]) => boolean): void => {
    engine.addMethod(name, (args: unknown) => run(args as unknown[]), { deterministic: true });
  };
  method('cjBlank', ([value]) => isBlank(value));
  method('cjCompare', ([value, kind, op, literal]) => {
    const actual = coerce(value, kind as ValueKind);
    return actual === undefined ? op === '!=' : compareWith(op as string, actual, literal as Comparable);
  });
  method('cjIn', ([value, includesNull, table]) => {
    let found = includesNull === true && isBlank(value);
    for (const entry of inTable[table as number] ?? []) if (!found) found = coerce(value, entry.kind) === entry.literal;
    return found;
  });
  method('cjText', ([value, needle, startsWith]) => {
    const text = coerce(value, 'string');
    if (typeof text !== 'string') return false;
    return startsWith === true ? text.startsWith(needle as string) : text.includes(needle as string);
  });
  method('cjBetween', ([value, lower, upper]) => {
    const at = coerce(value, 'datetime');
    return typeof at === 'number' && at >= (lower as number) && at <= (upper as number);
  });
  method('cjCount', ([matched, op, n]) => compareWith(op as string, (matched as unknown[]).length, n as number));
  return engine;
}

/** A record condition in JSON Logic, over the record a `some` / `none` / `filter` iterates. */
function recordLogic(
  condition: RecordCondition,
  asOf: number,
  inTable: { kind: ValueKind; literal: Comparable }[][],
): Logic {
  const field = (name: string): Logic => ({ var: name });
  switch (condition.kind) {
    case 'all':
      return true;
    case 'and':
      return condition.items.length === 0
        ? true
        : { and: condition.items.map((item) => recordLogic(item, asOf, inTable)) };
    case 'or':
      return condition.items.length === 0
        ? false
        : { or: condition.items.map((item) => recordLogic(item, asOf, inTable)) };
    case 'not':
      return { '!': recordLogic(condition.item, asOf, inTable) };
    case 'compare': {
      const { value, op } = condition;
      if (value.kind === 'null')
        return op === 'ne' ? { '!': { cjBlank: [field(condition.field)] } } : { cjBlank: [field(condition.field)] };
      const literal = coerce(value.value, value.kind);
      if (literal === undefined) return op === 'ne';
      return { cjCompare: [field(condition.field), value.kind, COMPARE[op], literal] };
    }
    case 'in': {
      const entries = condition.values.flatMap((typed) => {
        const literal = typed.kind === 'null' ? undefined : coerce(typed.value, typed.kind);
        return literal === undefined ? [] : [{ kind: typed.kind, literal }];
      });
      const includesNull = condition.values.some((typed) => typed.kind === 'null');
      const test = { cjIn: [field(condition.field), includesNull, inTable.push(entries) - 1] };
      return condition.negate ? { '!': test } : test;
    }
    case 'exists':
      return condition.exists ? { '!': { cjBlank: [field(condition.field)] } } : { cjBlank: [field(condition.field)] };
    case 'text':
      return { cjText: [field(condition.field), condition.value.toLowerCase(), condition.op === 'startsWith'] };
    case 'relativeDate': {
      const [lower, upper] = relativeDateBounds(condition.op, condition.days, condition.fieldType, asOf);
      return { cjBetween: [field(condition.field), lower, upper] };
    }
  }
}

/** A customer condition in JSON Logic: one array per object, quantified with `some` / `none` / `filter`. */
function customerLogic(
  condition: CustomerCondition,
  asOf: number,
  inTable: { kind: ValueKind; literal: Comparable }[][],
): Logic {
  switch (condition.kind) {
    case 'and':
      return condition.items.length === 0
        ? true
        : { and: condition.items.map((item) => customerLogic(item, asOf, inTable)) };
    case 'or':
      return condition.items.length === 0
        ? false
        : { or: condition.items.map((item) => customerLogic(item, asOf, inTable)) };
    case 'not':
      return { '!': customerLogic(condition.item, asOf, inTable) };
    case 'quantified': {
      const records = { var: condition.object };
      const where = recordLogic(condition.where, asOf, inTable);
      const { quantifier } = condition;
      // JSON Logic's `all` is false on an empty array; "every record matches" is "none fails".
      if (quantifier.kind === 'any') return { some: [records, where] };
      if (quantifier.kind === 'none') return { none: [records, where] };
      if (quantifier.kind === 'all') return { none: [records, { '!': where }] };
      return { cjCount: [{ filter: [records, where] }, COMPARE[quantifier.op], quantifier.n] };
    }
  }
}

/** Decides one customer through json-logic-engine's compiled rules. */
export type JsonLogicDecider = (records: CustomerRecords) => JourneyDecision;

/**
 * The journey's stage, segment and action conditions compiled by json-logic-engine (`build`, which
 * generates JavaScript per rule), for one `asOf`: the furthest stage whose rule holds, the first
 * segment, the stage's actions as the segment overrides them.
 *
 * @example
 * createJsonLogicDecider(journey, asOf)(customer.records); // { stage: 2, segment: 0, actions: [...] }
 */
export function createJsonLogicDecider(journey: CompiledJourney, asOf: number): JsonLogicDecider {
  const inTable: { kind: ValueKind; literal: Comparable }[][] = [];
  const logic = (condition: CustomerCondition): Logic => customerLogic(condition, asOf, inTable);
  const pending = {
    stages: journey.definition.stages.map((stage) => logic(stage.when)),
    segments: journey.definition.segments.map((segment) => logic(segment.when)),
    actions: new Map<string, Logic>(),
  };
  for (const list of [
    ...journey.stages.map((s) => s.actions),
    ...journey.segments.flatMap((s) => s.stages.map((o) => o.actions)),
  ]) {
    for (const { definition } of list)
      if (definition.when) pending.actions.set(definition.path, logic(definition.when));
  }
  const engine = newEngine(inTable);
  const build = (rule: Logic): ((data: unknown) => boolean) => {
    const compiled = engine.build(rule) as (data: unknown) => unknown;
    return (data) => engine.truthy(compiled(data)) === true;
  };
  const stages = pending.stages.map(build);
  const segments = pending.segments.map(build);
  const actions = new Map([...pending.actions].map(([path, rule]) => [path, build(rule)]));
  return (records) => {
    let stage = stages.length - 1;
    while (stage >= 0 && !(stages[stage]?.(records) ?? false)) stage--;
    const segment = segments.findIndex((holds) => holds(records));
    const ids: string[] = [];
    for (const { definition } of stageActions(journey, stage, segment)) {
      if (!definition.when || actions.get(definition.path)?.(records) === true) ids.push(definition.id);
    }
    return { stage, segment, actions: ids };
  };
}
