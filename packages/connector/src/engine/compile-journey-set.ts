import { compileCustomerCondition, type CustomerPredicate } from '../conditions/evaluate-condition.ts';
import type { CustomerRecords } from '../conditions/evaluate-condition.ts';
import type { JourneySetDefinition } from '../journey/journey-set.ts';
import { compileJourney, type CompiledJourney, type CompileJourneyOptions } from './compile-journey.ts';

/** A journey set compiled once: each journey, and its entry as a predicate (undefined: takes everyone). */
export interface CompiledJourneySet {
  readonly definition: JourneySetDefinition;
  readonly journeys: readonly {
    readonly journey: CompiledJourney;
    readonly entry: CustomerPredicate | undefined;
  }[];
  readonly byId: ReadonlyMap<string, CompiledJourney>;
}

/** Which journey takes a customer, and how each entry tried before it fared. */
export interface JourneyPlacement {
  /** The first journey whose entry holds; undefined: the customer is in none of the set. */
  readonly journey: CompiledJourney | undefined;
  /** Every journey tried, in order, up to the one that took the customer. `entry: false` for no entry. */
  readonly tried: readonly { readonly id: string; readonly entry: boolean; readonly holds: boolean }[];
}

/**
 * Compiles every journey of a set and its entry.
 *
 * @example
 * const compiled = compileJourneySet(validateJourneySet(files).set!);
 */
export function compileJourneySet(
  definition: JourneySetDefinition,
  options: CompileJourneyOptions = {},
): CompiledJourneySet {
  // A journey run on its own takes every customer: its entry only chooses between journeys of a set.
  const alone = definition.journeys.length === 1;
  const journeys = definition.journeys.map((journey) => ({
    journey: compileJourney(journey, options),
    entry: journey.entry === undefined || alone ? undefined : compileCustomerCondition(journey.entry),
  }));
  return {
    definition,
    journeys,
    byId: new Map(journeys.map((item) => [item.journey.definition.id, item.journey])),
  };
}

/**
 * The journey a customer belongs to: the first, in order, whose entry holds on its records. `type`, the
 * customer's type (its root object, or the lead object), keeps an account out of a contact journey and a
 * contact out of an account journey; a lead may go to any.
 *
 * @example
 * placeCustomer(compiled, records, Date.now(), 'Contact').journey?.definition.id; // 'b2c'
 */
export function placeCustomer(
  set: CompiledJourneySet,
  records: CustomerRecords,
  asOf: number,
  type?: string,
): JourneyPlacement {
  const tried: { id: string; entry: boolean; holds: boolean }[] = [];
  const roots = new Set(set.journeys.map(({ journey }) => journey.definition.root));
  for (const { journey, entry } of set.journeys) {
    if (roots.size > 1 && type !== undefined && roots.has(type) && type !== journey.definition.root) continue;
    const holds = entry === undefined || entry(records, asOf);
    tried.push({ id: journey.definition.id, entry: entry !== undefined, holds });
    if (holds) return { journey, tried };
  }
  return { journey: undefined, tried };
}
