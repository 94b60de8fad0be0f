import {
  compileJourney,
  DAY_MS,
  evaluateCustomer,
  type CompiledJourney,
  type CustomerInput,
  type JourneyState,
} from '@crm-journey/connector';
import { loadBundledJourney } from './bundled-journey.ts';
import { decideWithClosures, type JourneyDecision } from './journey-decision.ts';
import { createJsonLogicDecider, type JsonLogicDecider } from './json-logic-journey.ts';
import { createJsonRulesDecider, type JsonRulesDecider } from './json-rules-journey.ts';
import type { MeasuredPath } from './measure.ts';
import { createPopulation, type SyntheticCustomer } from './population.ts';

/** The benchmark population's seed, size and evaluation time. */
export const ENGINE_SEED = 20_261_120;
export const ENGINE_CUSTOMERS = 20_000;
export const ENGINE_AS_OF = Date.parse('2026-11-20T12:00:00Z');

/** The inputs of the engine benchmark; each is built on first use, so that a path run alone holds only its own. */
export interface EngineWorkload {
  /** The bundled journey compiled to closures (the oracle, and the browser's engine). */
  readonly closures: CompiledJourney;
  /** The same journey compiled to generated code, as every Node path runs it. */
  readonly journey: CompiledJourney;
  readonly population: readonly SyntheticCustomer[];
  firstSight(): readonly CustomerInput[];
  /** Each customer with the `JourneyState` of a week earlier, read back from JSON as from the CRM. */
  steady(): readonly CustomerInput[];
  jsonRules(): JsonRulesDecider;
  jsonRulesInline(): JsonRulesDecider;
  jsonLogic(): JsonLogicDecider;
}

const once = <T>(build: () => T): (() => T) => {
  let value: T | undefined;
  return () => (value ??= build());
};

/**
 * The journey, the 20,000 synthetic customers and, lazily, the path inputs and the peers' deciders.
 *
 * @example
 * const workload = createEngineWorkload(); workload.steady().length; // 20000
 */
export function createEngineWorkload(): EngineWorkload {
  const closures = loadBundledJourney();
  const journey = compileJourney(closures.definition, { codegen: true });
  const population = createPopulation({ seed: ENGINE_SEED, size: ENGINE_CUSTOMERS, asOf: ENGINE_AS_OF });
  return {
    closures,
    journey,
    population,
    firstSight: once(() => population.map(({ customer, records }) => ({ customer, records, asOf: ENGINE_AS_OF }))),
    steady: once(() =>
      population.map(({ customer, records }) => {
        const state = evaluateCustomer(closures, { customer, records, asOf: ENGINE_AS_OF - 7 * DAY_MS });
        const previous = JSON.parse(JSON.stringify(state)) as JourneyState;
        return { customer, records, previous, asOf: ENGINE_AS_OF };
      }),
    ),
    jsonRules: once(() => createJsonRulesDecider(journey, ENGINE_AS_OF)),
    jsonRulesInline: once(() => createJsonRulesDecider(journey, ENGINE_AS_OF, { inlineRecordRules: true })),
    jsonLogic: once(() => createJsonLogicDecider(journey, ENGINE_AS_OF)),
  };
}

/** The measured paths, by the name `bench/engine-profile.ts` takes, in the order of the benchmark's table. */
export const ENGINE_PATH_NAMES = [
  'steady',
  'first',
  'closures-steady',
  'closures-first',
  'decision',
  'json-rules',
  'json-rules-inline',
  'json-logic',
  'floor',
] as const;

/** One of {@link ENGINE_PATH_NAMES}. */
export type EnginePathName = (typeof ENGINE_PATH_NAMES)[number];

const LABELS: Readonly<Record<EnginePathName, string>> = {
  steady: 'steady state',
  first: 'first sight',
  'closures-steady': 'steady state, closures',
  'closures-first': 'first sight, closures',
  decision: 'decision, crm-journey',
  'json-rules': 'decision, json-rules-engine',
  'json-rules-inline': 'decision, json-rules-engine (inline)',
  'json-logic': 'decision, json-logic-engine (compiled)',
  floor: 'floor: reading records',
};

let sink = 0;
/** Folds every round's results, so that no engine's work can be optimised away; print it at the end. */
export const engineChecksum = (): number => sink;

/** Customers per call of a round's inner function; see {@link inChunks}. */
const CHUNK = 100;

/**
 * A round as calls of `chunk` over 100 customers each. A round that is one long loop runs in code V8
 * compiles for that loop while it runs (on-stack replacement), which the full collection the benchmark
 * makes before each round throws away: every round then paid a fresh optimising compile (tens of ms on a
 * helper thread) and ran unoptimised until it was done. A function called a few hundred times per round is
 * optimised once and keeps its code, as `evaluateCustomer` called per customer in a sync loop does.
 */
const inChunks = (count: number, chunk: (from: number, to: number) => number) => (): void => {
  for (let from = 0; from < count; from += CHUNK) sink += chunk(from, Math.min(count, from + CHUNK));
};

/** As {@link inChunks}, for the engines that decide asynchronously. */
const inAsyncChunks =
  (count: number, chunk: (from: number, to: number) => Promise<number>) => async (): Promise<void> => {
    for (let from = 0; from < count; from += CHUNK) sink += await chunk(from, Math.min(count, from + CHUNK));
  };

/**
 * One round of a path: every customer of the population through it once.
 *
 * @example
 * await enginePath(workload, 'steady').round();
 */
export function enginePath(workload: EngineWorkload, name: EnginePathName): MeasuredPath {
  const { closures, journey, population } = workload;
  const count = population.length;
  const evaluateAll = (inputs: readonly CustomerInput[], engine: CompiledJourney): MeasuredPath['round'] =>
    inChunks(count, (from, to) => {
      let sum = 0;
      for (let index = from; index < to; index++)
        sum += evaluateCustomer(engine, inputs[index] as CustomerInput).nextActions.length;
      return sum;
    });
  const decideAll = (decide: (records: CustomerInput['records']) => Promise<JourneyDecision>): MeasuredPath['round'] =>
    inAsyncChunks(count, async (from, to) => {
      let sum = 0;
      for (let index = from; index < to; index++) sum += (await decide(population[index]?.records ?? {})).stage;
      return sum;
    });
  const decideEach = (decide: (records: CustomerInput['records']) => JourneyDecision): MeasuredPath['round'] =>
    inChunks(count, (from, to) => {
      let sum = 0;
      for (let index = from; index < to; index++) sum += decide(population[index]?.records ?? {}).stage;
      return sum;
    });
  const rounds: Record<EnginePathName, () => MeasuredPath['round']> = {
    steady: () => evaluateAll(workload.steady(), journey),
    first: () => evaluateAll(workload.firstSight(), journey),
    'closures-steady': () => evaluateAll(workload.steady(), closures),
    'closures-first': () => evaluateAll(workload.firstSight(), closures),
    decision: () => decideEach((records) => decideWithClosures(journey, records, ENGINE_AS_OF)),
    'json-rules': () => decideAll(workload.jsonRules()),
    'json-rules-inline': () => decideAll(workload.jsonRulesInline()),
    'json-logic': () => decideEach(workload.jsonLogic()),
    // No engine: three fields of every record read, what any decision over these records costs at least.
    floor: () =>
      inChunks(count, (from, to) => {
        let sum = 0;
        for (let index = from; index < to; index++) {
          const records = population[index]?.records ?? {};
          for (const object of Object.keys(records)) {
            for (const record of records[object] ?? []) {
              sum += String(record['Id']).length + (record['CreatedDate'] === undefined ? 0 : 1);
              sum += record['OwnerId'] === undefined ? 0 : 1;
            }
          }
        }
        return sum;
      }),
  };
  return { label: LABELS[name], items: population.length, round: rounds[name]() };
}
