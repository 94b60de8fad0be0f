import type { CustomerCondition, Quantifier, RecordCondition } from '../../conditions/condition-ast.ts';
import type { JourneyDefinition } from '../../journey/journey-definition.ts';
import { DAY_MS } from '../../records/field-values.ts';
import { CodeBuilder } from './code-builder.ts';
import { recordConditionCode } from './generate-condition-code.ts';
import { lazyMatcher } from './generate-lazy-matcher.ts';
import { replayTimes } from './generate-replay-times.ts';
import { modeOf, objectLoop, recordCacheCode, type Matcher, type ObjectPlan } from './generate-record-loops.ts';
import { activityObjects } from './journey-objects.ts';

/** The source of one journey's generated module and the constants it reads. */
export interface JourneyCode {
  /** The body of `new Function('K', 'H', source)`: returns a `GeneratedJourneyModule` (`generated-module.ts`). */
  readonly source: string;
  readonly constants: readonly unknown[];
  /** Every customer condition of the journey, in the order of the module's `conditions`. */
  readonly conditions: readonly CustomerCondition[];
  /** The record conditions the checklists test (`checklist-leaves.ts`), in the order of the module's `checks`. */
  readonly checks: readonly RecordCondition[];
}

const withoutPaths = (key: string, value: unknown): unknown => (key === 'path' ? undefined : value);

/**
 * The record conditions of the stages' and moves' checklists: each quantified condition's `where` and
 * its clauses (the items of an `and`), as `checklist-leaves.ts` compiles them; each object once.
 */
function checklistConditions(definition: JourneyDefinition): RecordCondition[] {
  const seen = new Set<RecordCondition>();
  const walk = (condition: CustomerCondition): void => {
    if (condition.kind === 'quantified') {
      seen.add(condition.where);
      if (condition.where.kind === 'and') for (const item of condition.where.items) seen.add(item);
    } else if (condition.kind === 'not') walk(condition.item);
    else for (const item of condition.items) walk(item);
  };
  for (const stage of definition.stages) walk(stage.when);
  for (const move of definition.moves) walk(move.when);
  return [...seen];
}

/** Every customer condition of a journey, in a fixed order; each object once. */
function journeyConditions(definition: JourneyDefinition): CustomerCondition[] {
  const seen = new Set<CustomerCondition>();
  const add = (condition: CustomerCondition | undefined): void => {
    if (condition) seen.add(condition);
  };
  for (const stage of definition.stages) {
    add(stage.when);
    for (const action of stage.actions) add(action.when);
  }
  for (const move of definition.moves) add(move.when);
  for (const segment of definition.segments) {
    add(segment.when);
    for (const override of segment.stages.values()) for (const action of override.actions ?? []) add(action.when);
  }
  return [...seen];
}

function quantifierCode(quantifier: Quantifier, count: string, total: string): string {
  switch (quantifier.kind) {
    case 'any':
      return `${count} > 0`;
    case 'none':
      return `${count} === 0`;
    case 'all':
      return `${count} === ${total}`;
    case 'count': {
      const op = { eq: '===', gt: '>', gte: '>=', lt: '<', lte: '<=' }[quantifier.op];
      if (!Number.isInteger(quantifier.n)) throw new Error('A $count must be an integer.');
      return `${count} ${op} ${String(quantifier.n)}`;
    }
  }
}

/**
 * Generates the module of one journey revision: `conditions`, each reading an object's records once per
 * customer (lazily, the first time a condition needs that object) to decide every record condition on
 * it; `collect`, the same pass over every object that also gathers everything else a `JourneyState`
 * needs from the records. The source is built from the validated AST
 * only (see {@link CodeBuilder} for what reaches the text).
 */
export function generateJourneyCode(definition: JourneyDefinition): JourneyCode {
  const code = new CodeBuilder();
  const conditions = journeyConditions(definition);
  const plans = new Map<string, ObjectPlan>();
  const planOf = (object: string): ObjectPlan => {
    let plan = plans.get(object);
    if (!plan) plans.set(object, (plan = { object, matchers: [], touchpoints: [], activity: false }));
    return plan;
  };
  // Activity objects first, in the profile's order: a key found twice keeps the record found last, as the closures do.
  for (const object of activityObjects(definition)) planOf(object).activity = true;
  const matcherKeys = new Map<string, Matcher>();
  let matchers = 0;
  const customerCode = (condition: CustomerCondition): string => {
    switch (condition.kind) {
      case 'and':
        return condition.items.length === 0 ? 'true' : `(${condition.items.map(customerCode).join(' && ')})`;
      case 'or':
        return condition.items.length === 0 ? 'false' : `(${condition.items.map(customerCode).join(' || ')})`;
      case 'not':
        return `!${customerCode(condition.item)}`;
      case 'quantified': {
        const plan = planOf(condition.object);
        const key = `${JSON.stringify(condition.object)}:${JSON.stringify(condition.where, withoutPaths)}`;
        let matcher = matcherKeys.get(key);
        if (!matcher) {
          matcher = { id: matchers++, where: condition.where, count: false, some: false, every: false };
          matcherKeys.set(key, matcher);
          plan.matchers.push(matcher);
        }
        const { quantifier } = condition;
        if (quantifier.kind === 'any' || quantifier.kind === 'none') matcher.some = true;
        else if (quantifier.kind === 'all') matcher.every = true;
        else matcher.count = true;
        const id = String(matcher.id);
        // Whether `all` compares with a count or reads a yes/no is known once every condition is seen.
        if (quantifier.kind === 'all') return `(/*ALL${id}*/)`;
        return `(${quantifierCode(quantifier, `q${id}()`, '')})`;
      }
    }
  };
  // Each condition starts the customer itself when asked about other records or another time: the
  // predicates the journey calls, with no wrapper between.
  const conditionFunctions = conditions.map(
    (condition) =>
      `function (records, asOf) { if (records !== R || asOf !== A) begin(records, asOf); return ${customerCode(condition)}; }`,
  );
  definition.touchpoints.forEach((touchpoint, index) => planOf(touchpoint.object).touchpoints.push(index));

  const objects = [...plans.values()];
  const matchersById = new Map(
    objects.flatMap((plan) => plan.matchers.map((matcher) => [matcher.id, matcher] as const)),
  );
  const locals = '  let v, a, c, d, t, e, r, r0, list, i, /*DECLARE*/;';
  const matcherList = objects.flatMap((plan) => plan.matchers.map((matcher) => ({ plan, matcher })));
  const state = matcherList.map(
    ({ matcher }) => `e${String(matcher.id)} = -1, v${String(matcher.id)} = 0, t${String(matcher.id)} = 0`,
  );
  const dates = objects.map(() => new Set<string>());
  const matcherFunctions = matcherList.flatMap(({ plan, matcher }) => {
    const k = objects.indexOf(plan);
    return lazyMatcher(code, definition, plan, k, matcher, dates[k] ?? new Set());
  });
  const caches = objects.flatMap((_, k) => recordCacheCode(k, [...(dates[k] ?? [])]));
  const begin = [
    'function begin(records, asOf) {',
    '  E++; CE++; CUT = false; R = records; A = asOf;',
    '}',
    'function fresh() {',
    // The next condition asked begins afresh, even about the same records object at the same asOf.
    '  CE++; A = Number.NaN;',
    '}',
    'function moment(records, at) {',
    '  E++; CUT = true; R = records; A = at;',
    '}',
    ...replayTimes(code, definition, objects),
  ];
  const collect = [
    'function collect(records, asOf, text, F) {',
    // The record caches filled since the last `CE` (a replay of this customer) are read, not refilled.
    '  const CE0 = CE;',
    '  E++; CE++; CUT = false; R = records; A = asOf;',
    '  if (asOf !== boundsAsOf) refresh(asOf);',
    locals,
    ...objects.flatMap((plan, k) => objectLoop(code, definition, plan, k, [...(dates[k] ?? [])])),
    '}',
  ];
  const predicate = (where: RecordCondition): string =>
    `function (record, asOf) { if (asOf !== boundsAsOf) refresh(asOf); let v, a, /*DECLARE*/; const r = record !== null && typeof record === 'object' ? record : NONE; return ${recordConditionCode(code, where)}; }`;
  const touchpoints = definition.touchpoints.map(
    (touchpoint) =>
      `[${predicate(touchpoint.where)}, [${touchpoint.emotion.map((rule) => predicate(rule.where)).join(', ')}]]`,
  );
  const checks = checklistConditions(definition);
  // Generated before the prelude is read: the predicates add the constants they compare with.
  const checkPredicates = checks.map(predicate);
  const profile = code.constant(definition.profile);
  const source = [
    "'use strict';",
    'const NONE = Object.create(null);',
    ...code.prelude,
    `const P = ${profile};`,
    'let boundsAsOf = Number.NaN;',
    'function refresh(asOf) {',
    `  const day = Math.floor(asOf / ${String(DAY_MS)}) * ${String(DAY_MS)};`,
    ...code.boundsLines.map((line) => `  ${line}`),
    '  boundsAsOf = asOf;',
    '}',
    // E numbers the customers: a matcher's result is reused while its epoch is the current one.
    'let R, A = Number.NaN, E = 0;',
    // CE numbers the customers for the record caches; CUT hides later records during a replay.
    'let CE = 0, CUT = false;',
    ...(state.length > 0 ? [`let ${state.join(', ')};`] : []),
    ...caches,
    ...matcherFunctions,
    ...begin,
    ...collect,
    `const conditions = [${conditionFunctions.join(',\n')}];`,
    `const checks = [${checkPredicates.join(',\n')}];`,
    `return { begin, fresh, moment, times, conditions, collect, checks, touchpoints: [${touchpoints.join(',\n')}] };`,
  ]
    .join('\n')
    .replace(/\/\*ALL(\d+)\*\//g, (_, id: string) =>
      modeOf(matchersById.get(Number(id))) === 'every' ? `q${id}() === 1` : `q${id}() === t${id}`,
    )
    .replaceAll(
      '/*RESET*/',
      code
        .parsedNames()
        .map((name) => `${name} = undefined;`)
        .join(' '),
    )
    .replaceAll(
      ', /*DECLARE*/',
      code
        .parsedNames()
        .map((name) => `, ${name}`)
        .join(''),
    );
  return { source, constants: code.constants, conditions, checks };
}
