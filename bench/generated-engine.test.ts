import { compileJourney, evaluateCustomer, DAY_MS, type JourneyState } from '@crm-journey/connector';
import { describe, expect, it } from 'vitest';
import { loadBundledJourney } from './bundled-journey.ts';
import { createPopulation } from './population.ts';

const SEED = 20_261_120;
const asOf = Date.parse('2026-11-20T12:00:00Z');

describe('the generated journey code on the engine benchmark population', () => {
  const closures = loadBundledJourney();
  const generated = compileJourney(closures.definition, { codegen: true });
  const population = createPopulation({ seed: SEED, size: 20_000, asOf });

  it('gives byte for byte the JourneyState of the closures, first sight and steady state, for 20,000 customers', () => {
    let differences = 0;
    let first = '';
    for (const { customer, records } of population) {
      const previousState = evaluateCustomer(closures, { customer, records, asOf: asOf - 7 * DAY_MS });
      const previous = JSON.parse(JSON.stringify(previousState)) as JourneyState;
      for (const input of [
        { customer, records, asOf },
        { customer, records, previous, asOf },
      ]) {
        const expected = JSON.stringify(evaluateCustomer(closures, input));
        const actual = JSON.stringify(evaluateCustomer(generated, input));
        if (expected !== actual) {
          differences++;
          first ||= `${customer.id}:\n${expected}\n${actual}`;
        }
      }
    }
    expect(first).toBe('');
    expect(differences).toBe(0);
  });
});
