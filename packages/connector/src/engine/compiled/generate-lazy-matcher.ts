import type { RecordCondition } from '../../conditions/condition-ast.ts';
import type { JourneyDefinition } from '../../journey/journey-definition.ts';
import type { CodeBuilder } from './code-builder.ts';
import { recordConditionCode } from './generate-condition-code.ts';
import { modeOf, objectRead, type Matcher, type ObjectPlan } from './generate-record-loops.ts';

/** Whether a record condition depends on the evaluation time (a relative date), not only on the record. */
function readsAsOf(condition: RecordCondition): boolean {
  switch (condition.kind) {
    case 'relativeDate':
      return true;
    case 'and':
    case 'or':
      return condition.items.some(readsAsOf);
    case 'not':
      return readsAsOf(condition.item);
    default:
      return false;
  }
}

/**
 * The replay's form of a matcher whose record condition does not read the time: each record is decided
 * once per customer (`q<id>s`), and each moment then only asks which records exist by then: for "some"
 * (and "every") whether the earliest matching (missing) record is created by then, for a count which of
 * the decided records are. A record without a creation time exists at every moment, as in the loop.
 */
function timeFreeReplay(code: CodeBuilder, plan: ObjectPlan, k: number, matcher: Matcher, created: string): string[] {
  const id = String(matcher.id);
  const mode = modeOf(matcher);
  const n = String(k);
  code.track();
  const test = recordConditionCode(code, matcher.where);
  const names = code.tracked();
  const cache = (name: string): string => `D${n}_${name}`;
  const empty = { some: `(v${id} = 0)`, every: `(v${id} = 1)`, count: `(t${id} = 0, v${id} = 0)` }[mode];
  // NaN (no creation time) is before every moment, as `c > asOf` never hides it.
  const seen =
    mode === 'count'
      ? `B${id}[i] = y ? 1 : 0;`
      : `if (${mode === 'some' ? 'y' : '!y'}) { F${id} = 1; if (c !== c) c = -Infinity; if (c < W${id}) W${id} = c; }`;
  const answer = {
    some: [`  return (v${id} = F${id} === 1 && !(W${id} > asOf) ? 1 : 0);`],
    every: [`  return (v${id} = F${id} === 1 && !(W${id} > asOf) ? 0 : 1);`],
    count: [
      '  let i, x = 0, m = 0;',
      `  for (i = 0; i < list.length; i++) { if (C${n}[i] > asOf) continue; if (B${id}[i] === 1) x++; m++; }`,
      `  t${id} = m; return (v${id} = x);`,
    ],
  }[mode];
  return [
    `let S${id} = null, SE${id} = -1, F${id} = 0, W${id} = 0;`,
    ...(mode === 'count' ? [`const B${id} = [];`] : []),
    `function q${id}s(list) {`,
    '  let v, a, r, r0, i, c, y, /*DECLARE*/;',
    `  S${id} = list; SE${id} = CE; F${id} = 0; W${id} = Infinity;`,
    ...(mode === 'count' ? [`  B${id}.length = 0;`] : []),
    `  cache${n}(list);`,
    '  for (i = 0; i < list.length; i++) {',
    '    r0 = list[i];',
    `    r = r0 !== null && typeof r0 === 'object' ? r0 : NONE;`,
    `    c = C${n}[i]; if (c === undefined) C${n}[i] = c = H.parseInstant(r${created});`,
    '    /*RESET*/',
    ...names.map((name) => `    ${name} = ${cache(name)}[i];`),
    `    y = ${test};`,
    ...names.map((name) => `    ${cache(name)}[i] = ${name};`),
    `    ${seen}`,
    '  }',
    '}',
    `function q${id}c(records, asOf) {`,
    `  const list = ${objectRead(code, plan.object)};`,
    `  if (list === undefined || list === null) return ${empty};`,
    `  if (S${id} !== list || SE${id} !== CE) q${id}s(list);`,
    ...answer,
    '}',
  ];
}

/**
 * A matcher as a function of the current customer, evaluated at most once per customer (epoch `E`):
 * "some" stops at the first match, "every" at the first miss, a count reads every record. During a
 * replay (`CUT`), object `k`'s records keep their creation times and parsed dates in its cache (see
 * `recordCacheCode`) for the other moments, and a matcher that does not read the time decides each
 * record once. Adds the date variables it reads to `dates`.
 */
export function lazyMatcher(
  code: CodeBuilder,
  definition: JourneyDefinition,
  plan: ObjectPlan,
  k: number,
  matcher: Matcher,
  dates: Set<string>,
): string[] {
  const id = String(matcher.id);
  const mode = modeOf(matcher);
  const timed = readsAsOf(matcher.where);
  code.track();
  const test = recordConditionCode(code, matcher.where);
  const names = code.tracked();
  for (const name of names) dates.add(name);
  const cache = (name: string): string => `D${String(k)}_${name}`;
  const step = {
    some: `if (y) return (v${id} = 1);`,
    every: `if (!y) return (v${id} = 0);`,
    count: `if (y) x++;`,
  }[mode];
  const end = {
    some: `return (v${id} = 0);`,
    every: `return (v${id} = 1);`,
    count: `t${id} = n; return (v${id} = x);`,
  }[mode];
  const created = code.key(definition.profile.createdField);
  const loop = (cached: boolean): string[] => [
    `function q${id}${cached ? 'c' : 'p'}(records, asOf) {`,
    '  let v, a, r, r0, list, i, c, y, x = 0, n = 0, /*DECLARE*/;',
    `  list = ${objectRead(code, plan.object)};`,
    '  if (list !== undefined && list !== null) {',
    ...(cached ? [`    cache${String(k)}(list);`] : []),
    '    for (i = 0; i < list.length; i++) {',
    '      r0 = list[i];',
    `      r = r0 !== null && typeof r0 === 'object' ? r0 : NONE;`,
    ...(cached
      ? [
          `      c = C${String(k)}[i]; if (c === undefined) C${String(k)}[i] = c = H.parseInstant(r${created}); if (c > asOf) continue;`,
        ]
      : []),
    '      /*RESET*/',
    ...(cached ? names.map((name) => `      ${name} = ${cache(name)}[i];`) : []),
    `      y = ${test};`,
    ...(cached ? names.map((name) => `      ${cache(name)}[i] = ${name};`) : []),
    `      ${step}`,
    '      n++;',
    '    }',
    '  }',
    `  ${end}`,
    '}',
  ];
  return [
    // The plain loop for one look at the records; the cached one for the moments of a replay.
    `function q${id}() {`,
    `  if (e${id} === E) return v${id};`,
    `  e${id} = E;`,
    ...(timed ? ['  if (A !== boundsAsOf) refresh(A);'] : []),
    `  return CUT ? q${id}c(R, A) : q${id}p(R, A);`,
    '}',
    ...loop(false),
    ...(timed ? loop(true) : timeFreeReplay(code, plan, k, matcher, created)),
  ];
}
