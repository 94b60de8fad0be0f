import type { RecordCondition } from '../../conditions/condition-ast.ts';
import { FIELD_PATH } from '../../conditions/field-path.ts';
import type { JourneyDefinition } from '../../journey/journey-definition.ts';
import type { CodeBuilder } from './code-builder.ts';
import { recordConditionCode } from './generate-condition-code.ts';

/** One record condition over one object, shared by every quantifier that states it. */
export interface Matcher {
  readonly id: number;
  readonly where: RecordCondition;
  /** Which counts the quantifiers need: a full count, or only "some" / "every". */
  count: boolean;
  some: boolean;
  every: boolean;
}

/** A read of `object` from the customer's records. */
export function objectRead(code: CodeBuilder, object: string): string {
  return FIELD_PATH.test(object) && !object.includes('.')
    ? `records${code.property(object)}`
    : `records[${code.constant(object)}]`;
}

/** What one object's loop does. */
export interface ObjectPlan {
  readonly object: string;
  readonly matchers: Matcher[];
  readonly touchpoints: number[];
  activity: boolean;
}

/** What a matcher's quantifiers need: only whether some record matches, whether every one does, or a count. */
export function modeOf(matcher: Matcher | undefined): 'some' | 'every' | 'count' {
  if (!matcher || matcher.count || (matcher.some && matcher.every)) return 'count';
  return matcher.some ? 'some' : 'every';
}

/**
 * Object `k`'s per-record cache: creation times and parsed dates, kept while the matchers read the same
 * list for the same customer (`CE`), so that a replay parses each record's dates once, not once per moment.
 */
export function recordCacheCode(k: number, names: readonly string[]): string[] {
  const n = String(k);
  const arrays = [`C${n}`, ...names.map((name) => `D${n}_${name}`)];
  return [
    `let L${n} = null, LE${n} = -1;`,
    `const ${arrays.map((array) => `${array} = []`).join(', ')};`,
    `function cache${n}(list) {`,
    `  if (L${n} === list && LE${n} === CE) return;`,
    `  L${n} = list; LE${n} = CE;`,
    `  ${arrays.map((array) => `${array}.length = 0;`).join(' ')}`,
    '}',
  ];
}

/**
 * `collect`'s loop over one object's records: later records skipped, every matcher counted, the
 * touchpoint candidates and keyed activities gathered. `dates` are the object's cached date variables.
 */
export function objectLoop(
  code: CodeBuilder,
  definition: JourneyDefinition,
  plan: ObjectPlan,
  k: number,
  dates: readonly string[],
): string[] {
  const { profile } = definition;
  // Counted in locals, stored in the module's variables (which the conditions read) after the loop.
  const n = `m${String(k)}`;
  const cached = `K${String(k)}`;
  const created = code.key(profile.createdField);
  const locals = [`${n} = 0`, ...plan.matchers.map((matcher) => `x${String(matcher.id)} = 0`)];
  const out = [`  { let ${locals.join(', ')};`, `  list = ${objectRead(code, plan.object)};`];
  // A replay of this customer cached the records' creation times and dates: read them, not the texts.
  out.push(
    `  const ${cached} = L${String(k)} === list && LE${String(k)} === CE0;`,
    '  if (list !== undefined && list !== null) {',
    '    for (i = 0; i < list.length; i++) {',
    '      r0 = list[i];',
    // Counted so that the state's later steps know whether they may read the records as given.
    `      if (${cached}) { c = C${String(k)}[i]; if (c === undefined) c = H.parseInstant(r0${created}); if (c > asOf) { F.later++; continue; } }`,
    `      else if (H.isLater(r0${created}, asOf, text)) { F.later++; continue; }`,
    `      r = r0 !== null && typeof r0 === 'object' ? r0 : NONE;`,
    '      /*RESET*/',
    ...(dates.length > 0
      ? [`      if (${cached}) { ${dates.map((name) => `${name} = D${String(k)}_${name}[i];`).join(' ')} }`]
      : []),
  );
  for (const matcher of plan.matchers) {
    const c = `x${String(matcher.id)}`;
    const test = recordConditionCode(code, matcher.where);
    // Only what a quantifier needs: "some" stops at the first match, "every" at the first miss.
    if (matcher.count || (matcher.some && matcher.every)) out.push(`      if (${test}) ${c}++;`);
    else if (matcher.some) out.push(`      if (${c} === 0 && ${test}) ${c} = 1;`);
    else out.push(`      if (${c} === ${n} && ${test}) ${c}++;`);
  }
  const object = code.constant(plan.object);
  {
    const keyField = code.key(profile.actionKeyField);
    // The touchpoint's id and subject are read here, where every record has this object's shape.
    const idKey = code.key(profile.idField);
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
        `          d = r0${code.key(rule.dateField)}; t = ${rule.dateField === profile.createdField ? `${cached} ? c : ` : ''}H.parseInstant(d);`,
        `          if (t === t) { e = ${emotion}0; F.addTouchpoint(${String(index)}, i, t, d, r0${idKey}, r0${code.key(rule.subjectField)}, e); }`,
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
  // What each matcher's lazy function would have returned, so that the conditions read it from here on.
  const stores = plan.matchers.map((matcher) => {
    const id = String(matcher.id);
    const value = modeOf(matcher) === 'every' ? `x${id} === ${n} ? 1 : 0` : `x${id}`;
    return `e${id} = E; v${id} = ${value}; t${id} = ${n};`;
  });
  out.push(`  ${stores.join(' ')} }`);
  return out;
}
