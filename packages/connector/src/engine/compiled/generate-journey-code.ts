import type { CustomerCondition, Quantifier, RecordCondition } from '../../conditions/condition-ast.ts';
import { FIELD_PATH } from '../../conditions/field-path.ts';
import type { JourneyDefinition } from '../../journey/journey-definition.ts';
import { CodeBuilder } from './code-builder.ts';
import { recordConditionCode } from './generate-condition-code.ts';
import { activityObjects } from './journey-objects.ts';

/** The source of one journey's generated module and the constants it reads. */
export interface JourneyCode {
  /** The body of `new Function('K', 'H', source)`: returns {@link GeneratedJourneyModule}. */
  readonly source: string;
  readonly constants: readonly unknown[];
  /** Every customer condition of the journey, by the bit `scan` writes for it. */
  readonly conditions: readonly CustomerCondition[];
}

/** Where `collect` leaves what it found in one customer's records; reused from customer to customer. */
export interface CollectedFacts {
  readonly bits: Uint8Array;
  addTouchpoint(rule: number, index: number, at: number, date: unknown, record: unknown, emotion: number): void;
  addActivity(key: string, object: string, record: unknown): void;
}

/** What the generated module exports. */
export interface GeneratedJourneyModule {
  /** Evaluates every customer condition of the journey into `bits` (1 = holds), one pass over each object. */
  readonly scan: (records: unknown, asOf: number, bits: Uint8Array) => void;
  /**
   * One pass over each object's records as they are at `asOf` (records created later are skipped; `text`
   * is `asOf` formatted): every condition, the touchpoint candidates and the keyed activities.
   */
  readonly collect: (records: unknown, asOf: number, text: string, facts: CollectedFacts) => void;
  /** Per touchpoint rule: its `where`, then its emotion rules' `where`, as record predicates. */
  readonly touchpoints: readonly (readonly [
    (record: unknown, asOf: number) => boolean,
    readonly ((record: unknown, asOf: number) => boolean)[],
  ])[];
}

/** One record condition over one object, shared by every quantifier that states it. */
interface Matcher {
  readonly id: number;
  readonly where: RecordCondition;
  /** Which counts the quantifiers need: a full count, or only "some" / "every". */
  count: boolean;
  some: boolean;
  every: boolean;
}

const withoutPaths = (key: string, value: unknown): unknown => (key === 'path' ? undefined : value);

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

/** A read of `object` from the customer's records. */
function objectRead(code: CodeBuilder, object: string): string {
  return FIELD_PATH.test(object) && !object.includes('.')
    ? `records${code.property(object)}`
    : `records[${code.constant(object)}]`;
}

/** What one object's loop does. */
interface ObjectPlan {
  readonly object: string;
  readonly matchers: Matcher[];
  readonly touchpoints: number[];
  activity: boolean;
}

/** The loop over one object's records; `collect` adds the skipping of later records and the facts. */
function objectLoop(
  code: CodeBuilder,
  definition: JourneyDefinition,
  plan: ObjectPlan,
  n: string,
  collect: boolean,
): string[] {
  const { profile } = definition;
  const out = [`  list = ${objectRead(code, plan.object)};`];
  out.push(
    '  if (list !== undefined && list !== null) {',
    '    for (i = 0; i < list.length; i++) {',
    '      r0 = list[i];',
  );
  if (collect) out.push(`      if (H.isLater(r0${code.key(profile.createdField)}, asOf, text)) continue;`);
  out.push(`      r = r0 !== null && typeof r0 === 'object' ? r0 : NONE;`, '      /*RESET*/');
  for (const matcher of plan.matchers) {
    const c = `c${String(matcher.id)}`;
    const test = recordConditionCode(code, matcher.where);
    // Only what a quantifier needs: "some" stops at the first match, "every" at the first miss.
    if (matcher.count || (matcher.some && matcher.every)) out.push(`      if (${test}) ${c}++;`);
    else if (matcher.some) out.push(`      if (${c} === 0 && ${test}) ${c} = 1;`);
    else out.push(`      if (${c} === ${n} && ${test}) ${c}++;`);
  }
  const object = code.constant(plan.object);
  if (collect) {
    const keyField = code.key(profile.actionKeyField);
    for (const index of plan.touchpoints) {
      const rule = definition.touchpoints[index];
      if (!rule) continue;
      const emotion = rule.emotion
        .map((e) => `${recordConditionCode(code, e.where)} ? ${code.constant(e.score)} : `)
        .join('');
      out.push(
        `      if (${recordConditionCode(code, rule.where)}) {`,
        // A task the journey created is planned work, not an interaction, until it is done.
        `        v = r0${keyField};`,
        `        if (!(typeof v === 'string' && v !== '' && !H.isActivityClosed(P, ${object}, r0, asOf))) {`,
        `          d = r0${code.key(rule.dateField)}; t = H.parseInstant(d);`,
        `          if (t === t) { e = ${emotion}0; F.addTouchpoint(${String(index)}, i, t, d, r0, e); }`,
        '        }',
        '      }',
      );
    }
    if (plan.activity) {
      out.push(
        `      v = r0${keyField};`,
        `      if (typeof v === 'string' && v !== '') F.addActivity(v, ${object}, r0);`,
      );
    }
  }
  out.push(`      ${n}++;`, '    }', '  }');
  return out;
}

/**
 * Generates the module of one journey revision: `scan`, which walks each object's records once and
 * decides every stage, move, segment and action condition; `collect`, the same pass that also gathers
 * everything else a `JourneyState` needs from the records. The source is built from the validated AST
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
        return `(${quantifierCode(quantifier, `c${String(matcher.id)}`, `n${String([...plans.keys()].indexOf(condition.object))}`)})`;
      }
    }
  };
  const bitLines = conditions.map((condition, bit) => `  bits[${String(bit)}] = ${customerCode(condition)} ? 1 : 0;`);
  definition.touchpoints.forEach((touchpoint, index) => planOf(touchpoint.object).touchpoints.push(index));

  const objects = [...plans.values()];
  const counters = objects.map((plan, index) => [
    `n${String(index)} = 0`,
    ...plan.matchers.map((m) => `c${String(m.id)} = 0`),
  ]);
  const body = (collect: boolean): string[] => [
    '  if (asOf !== boundsAsOf) refresh(asOf);',
    '  let v, a, d, t, e, r, r0, list, i, /*DECLARE*/;',
    ...(counters.length > 0 ? [`  let ${counters.flat().join(', ')};`] : []),
    ...objects.flatMap((plan, index) => objectLoop(code, definition, plan, `n${String(index)}`, collect)),
    ...bitLines,
  ];
  const scan = ['function scan(records, asOf, bits) {', ...body(false), '}'];
  const collect = ['function collect(records, asOf, text, F) {', '  const bits = F.bits;', ...body(true), '}'];
  const predicate = (where: RecordCondition): string =>
    `function (record, asOf) { if (asOf !== boundsAsOf) refresh(asOf); let v, a, /*DECLARE*/; const r = record !== null && typeof record === 'object' ? record : NONE; return ${recordConditionCode(code, where)}; }`;
  const touchpoints = definition.touchpoints.map(
    (touchpoint) =>
      `[${predicate(touchpoint.where)}, [${touchpoint.emotion.map((rule) => predicate(rule.where)).join(', ')}]]`,
  );
  const profile = code.constant(definition.profile);
  const source = [
    "'use strict';",
    'const NONE = Object.create(null);',
    ...code.prelude,
    `const P = ${profile};`,
    'let boundsAsOf = Number.NaN;',
    'function refresh(asOf) {',
    ...code.boundsLines.map((line) => `  ${line}`),
    '  boundsAsOf = asOf;',
    '}',
    ...scan,
    ...collect,
    `return { scan, collect, touchpoints: [${touchpoints.join(',\n')}] };`,
  ]
    .join('\n')
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
  return { source, constants: code.constants, conditions };
}
