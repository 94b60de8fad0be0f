import type { JourneyDefinition } from '../../journey/journey-definition.ts';
import type { CodeBuilder } from './code-builder.ts';
import type { ObjectPlan } from './generate-record-loops.ts';

/**
 * The module's `times`: starts a first-sight replay by parsing every record's creation time once,
 * into the caches of the objects the journey reads (so that no moment parses it again), and lists the
 * times before `asOf` (the replay's moments) in `T`, and in `S` the texts they were parsed from (for the
 * transitions' `at`). Returns whether a record was created after `asOf`.
 * Each of those objects has its own loop, so that reading the creation field sees that object's record
 * shapes only, not every object's (a megamorphic read).
 */
export function replayTimes(
  code: CodeBuilder,
  definition: JourneyDefinition,
  objects: readonly ObjectPlan[],
): string[] {
  const created = code.key(definition.profile.createdField);
  const loop = (cache: string): string[] => [
    '  for (let i = 0; i < list.length; i++) {',
    `    const text = list[i]${created};`,
    '    const c = H.parseInstant(text);',
    ...(cache === '' ? [] : [`    ${cache}[i] = c;`]),
    '    if (c > asOf) later = true;',
    '    else if (c < asOf) { T.push(c); S.push(text); }',
    '  }',
    '  return later;',
  ];
  return [
    ...objects.flatMap((_, k) => [
      `function times${String(k)}(list, asOf, T, S) {`,
      '  let later = false;',
      `  cache${String(k)}(list);`,
      ...loop(`C${String(k)}`),
      '}',
    ]),
    'function timesOther(list, asOf, T, S) {',
    '  let later = false;',
    ...loop(''),
    '}',
    'function times(records, asOf, T, S) {',
    '  CE++;',
    '  const keys = Object.keys(records);',
    '  let later = false, j, list;',
    '  for (j = 0; j < keys.length; j++) {',
    '    list = records[keys[j]];',
    '    if (!list) continue;',
    '    switch (keys[j]) {',
    ...objects.map(
      (plan, k) =>
        `      case ${code.name(plan.object)}: if (times${String(k)}(list, asOf, T, S)) later = true; break;`,
    ),
    '      default: if (timesOther(list, asOf, T, S)) later = true;',
    '    }',
    '  }',
    '  return later;',
    '}',
  ];
}
