import type { JourneyDefinition } from '../../journey/journey-definition.ts';
import type { CodeBuilder } from './code-builder.ts';
import type { ObjectPlan } from './generate-record-loops.ts';

/**
 * The module's `times`: starts a first-sight replay by parsing every record's creation time once,
 * into the caches of the objects the journey reads (so that no moment parses it again), and lists the
 * times before `asOf` (the replay's moments) in `T`. Returns whether a record was created after `asOf`.
 */
export function replayTimes(
  code: CodeBuilder,
  definition: JourneyDefinition,
  objects: readonly ObjectPlan[],
): string[] {
  const created = code.key(definition.profile.createdField);
  const cases = objects.map(
    (plan, k) => `      case ${code.constant(plan.object)}: cache${String(k)}(list); C = C${String(k)}; break;`,
  );
  return [
    'function times(records, asOf, T) {',
    '  CE++;',
    '  const keys = Object.keys(records);',
    '  let later = false, j, list, i, c, C;',
    '  for (j = 0; j < keys.length; j++) {',
    '    list = records[keys[j]];',
    '    if (!list) continue;',
    '    switch (keys[j]) {',
    ...cases,
    '      default: C = null;',
    '    }',
    '    for (i = 0; i < list.length; i++) {',
    `      c = H.parseInstant(list[i]${created});`,
    '      if (C !== null) C[i] = c;',
    '      if (c > asOf) later = true;',
    '      else if (c < asOf) T.push(c);',
    '    }',
    '  }',
    '  return later;',
    '}',
  ];
}
