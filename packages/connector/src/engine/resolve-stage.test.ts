import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { CompiledJourney } from './compile-journey.ts';
import type { StageTransition } from './journey-state.ts';
import { resolveStep, type StagePosition } from './resolve-stage.ts';

/** The resolution as first written: every stage checked, moves looked up by scanning them all. */
function reference(journey: CompiledJourney, current: StagePosition, at: number): StageTransition | undefined {
  const records = {};
  const { stages, definition } = journey;
  let matched = -1;
  for (let i = stages.length - 1; i >= 0; i--) {
    if (stages[i]?.when(records, at) === true) {
      matched = i;
      break;
    }
  }
  const from = (index: number) =>
    journey.moves.find((move) => move.definition.fromIndexes.has(index) && move.when(records, at));
  const cap = matched >= 0 ? from(matched) : undefined;
  const target = cap ? cap.definition.toIndex : matched;
  if (target === current.index) return undefined;
  const id = (index: number): string => stages[index]?.definition.id ?? '';
  const label = (index: number): string => stages[index]?.definition.label ?? '';
  const base = { at: new Date(at).toISOString(), revision: definition.revision };
  if (current.index < 0) {
    if (target < 0) return undefined;
    const reason = cap ? cap.definition.reason : `Matched the conditions of "${label(target)}".`;
    return { ...base, from: null, to: id(target), direction: 'initial', reason };
  }
  if (target > current.index) {
    const reason = `Matched the conditions of "${label(target)}".`;
    return { ...base, from: id(current.index), to: id(target), direction: 'forward', reason };
  }
  const move = from(current.index);
  if (move) {
    const { toIndex, reason, outcome } = move.definition;
    const to = id(Math.max(toIndex, target));
    return { ...base, from: id(current.index), to, direction: 'backward', reason, move: move.definition.id, outcome };
  }
  if (definition.resolution === 'latest' && target >= 0) {
    const reason = `No longer matches "${label(current.index)}".`;
    return { ...base, from: id(current.index), to: id(target), direction: 'backward', reason };
  }
  return undefined;
}

/** A journey whose conditions are fixed answers; `backward` keeps every move's `from` after its `to`. */
const journeys = fc.boolean().chain((backward) =>
  fc.integer({ min: 1, max: 6 }).chain((size) =>
    fc.record({
      holds: fc.array(fc.boolean(), { minLength: size, maxLength: size }),
      moves: fc.array(
        fc.record({
          to: fc.integer({ min: 0, max: size - 1 }),
          from: fc.uniqueArray(fc.integer({ min: 0, max: size - 1 }), { maxLength: size }),
          holds: fc.boolean(),
        }),
        { maxLength: 4 },
      ),
      latest: fc.boolean(),
      index: fc.integer({ min: -1, max: size - 1 }),
      backward: fc.constant(backward),
    }),
  ),
);

function journeyOf(spec: JourneySpec): CompiledJourney {
  const stages = spec.holds.map((holds, index) => ({
    definition: { id: `s${String(index)}`, label: `Stage ${String(index)}` },
    when: () => holds,
    actions: [],
  }));
  const moves = spec.moves.map((move, index) => ({
    definition: {
      id: `m${String(index)}`,
      toIndex: move.to,
      fromIndexes: new Set(spec.backward ? move.from.filter((at) => at > move.to) : move.from),
      reason: `Move ${String(index)}.`,
      outcome: 'lost',
    },
    when: () => move.holds,
  }));
  return {
    definition: { revision: 3, resolution: spec.latest ? 'latest' : 'furthest' },
    stages,
    moves,
    segments: [],
    touchpoints: [],
    stageIndex: new Map(stages.map((stage, index) => [stage.definition.id, index])),
  } as unknown as CompiledJourney;
}

interface JourneySpec {
  readonly holds: boolean[];
  readonly moves: { to: number; from: number[]; holds: boolean }[];
  readonly latest: boolean;
  readonly index: number;
  readonly backward: boolean;
}

describe('resolveStep', () => {
  it('resolves as checking every stage and every move would, backward moves or not', () => {
    const at = Date.parse('2026-11-20T12:00:00.000Z');
    fc.assert(
      fc.property(journeys, (spec) => {
        const journey = journeyOf(spec);
        const current = { index: spec.index, enteredAt: at };
        expect(resolveStep(journey, current, {}, at)).toStrictEqual(reference(journey, current, at));
      }),
      { numRuns: 20_000, seed: 20261206 },
    );
  });
});
