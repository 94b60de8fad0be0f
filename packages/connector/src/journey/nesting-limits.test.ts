// The nesting limits of a journey file are fixed numbers, checked before anything recurses: the same
// file is accepted or refused the same way on every run, whatever stack the calling thread has left.
import { describe, expect, it } from 'vitest';
import { MAX_CONDITION_DEPTH } from '../conditions/condition-context.ts';
import { formatDiagnostic } from '../source/diagnostic.ts';
import { MAX_NESTING_DEPTH } from '../source/nesting-depth.ts';
import { validateJourney } from './validate-journey.ts';

const header = 'journey: test\nname: Test\ncrm: salesforce\ncustomer: { root: Account }\nstages:\n';

/** A stage whose condition nests `levels` combinators (block style, one more space per level). */
function nested(levels: number, combinator: '$not' | '$and' | 'record-$or'): string {
  const lines = ['  - id: a', '    label: A', '    when:'];
  let indent = 6;
  const pad = (): string => ' '.repeat(indent);
  if (combinator === 'record-$or') {
    lines.push(`${pad()}Opportunity:`);
    indent += 2;
  }
  for (let i = 0; i < levels; i++) {
    if (combinator === '$not') lines.push(`${pad()}$not:`);
    else lines.push(`${pad()}${combinator === '$and' ? '$and' : '$or'}:`, `${pad()}  -`);
    indent += combinator === '$not' ? 1 : 4;
  }
  lines.push(combinator === 'record-$or' ? `${pad()}IsWon: true` : `${pad()}Opportunity: { IsWon: true }`);
  return `${header}${lines.join('\n')}\n`;
}

const run = (text: string): string[] => {
  const { errors } = validateJourney(text, 'journey.yaml');
  return errors.map(formatDiagnostic);
};

/** Calls `fn` with about `frames` stack frames already used, as a worker thread or a deep caller would. */
function withStackUsed<T>(frames: number, fn: () => T): T {
  return frames === 0 ? fn() : withStackUsed(frames - 1, fn);
}

describe('the condition nesting limit', () => {
  it.each(['$not', '$and', 'record-$or'] as const)(
    `accepts %s nested ${String(MAX_CONDITION_DEPTH)} levels and refuses ${String(MAX_CONDITION_DEPTH + 1)}`,
    (combinator) => {
      expect(run(nested(MAX_CONDITION_DEPTH, combinator))).toEqual([]);
      const refused = run(nested(MAX_CONDITION_DEPTH + 1, combinator));
      expect(refused).toHaveLength(1);
      expect(refused[0]).toMatch(
        new RegExp(
          `^journey\\.yaml:\\d+:\\d+ error too-deep .*\\$and / \\$or / \\$not are nested more than ${String(MAX_CONDITION_DEPTH)} levels deep here\\. Flatten`,
        ),
      );
    },
  );
});

describe('the file nesting limit', () => {
  const block = `${header}  - id: a\n    label: A\n    when: { Account: {} }\n    description:\n      ${'- '.repeat(10_000)}x\n`;
  const flow = `${header}  - id: a\n    label: A\n    when: { Account: {} }\n    description: ${'['.repeat(10_000)}${']'.repeat(10_000)}\n`;

  it.each([
    ['block', block, 10],
    ['flow', flow, 9],
  ])(
    `refuses a %s file 10,000 levels deep at the level past ${String(MAX_NESTING_DEPTH)}, the same way every time`,
    (_style, text, line) => {
      const first = run(text);
      expect(first).toEqual([
        expect.stringMatching(
          new RegExp(
            `^journey\\.yaml:${String(line)}:\\d+ error too-deep lists and mappings are nested more than ${String(MAX_NESTING_DEPTH)} levels`,
          ),
        ),
      ]);
      expect(run(text)).toEqual(first);
      expect(withStackUsed(3_000, () => run(text))).toEqual(first);
    },
  );

  it(`reads a file exactly ${String(MAX_NESTING_DEPTH)} levels deep`, () => {
    // The root mapping, stages, the stage and description are 3 levels; the list fills the rest.
    const levels = MAX_NESTING_DEPTH - 3;
    const text = `${header}  - id: a\n    label: A\n    when: { Account: {} }\n    description: ${'['.repeat(levels)}${']'.repeat(levels)}\n`;
    expect(run(text.replace('description: ', 'description: [').replace(/\n$/, ']\n'))[0]).toContain('too-deep');
    // The schema refuses a list as a description, but after the nesting check: no too-deep.
    expect(run(text).join('\n')).not.toContain('too-deep');
  });
});
