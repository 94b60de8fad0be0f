import { evaluateCustomer, furthestMatchingStage } from '@crm-journey/connector';
import { describe, expect, it } from 'vitest';
import { loadBundledJourney } from './bundled-journey.ts';
import { createPopulation, RECORDS_PER_CUSTOMER } from './population.ts';

const asOf = Date.parse('2026-11-20T12:00:00Z');

describe('createPopulation', () => {
  const journey = loadBundledJourney();

  it('gives the same customers for the same seed, and others for another seed', () => {
    const first = createPopulation({ seed: 7, size: 200, asOf });
    expect(createPopulation({ seed: 7, size: 200, asOf })).toEqual(first);
    expect(createPopulation({ seed: 8, size: 200, asOf })).not.toEqual(first);
  });

  it('gives every customer the same number of records, with unique ids', () => {
    const customers = createPopulation({ seed: 1, size: 300, asOf });
    const ids = new Set<unknown>();
    for (const { records } of customers) {
      const all = Object.values(records).flatMap((list) => list ?? []);
      expect(all).toHaveLength(RECORDS_PER_CUSTOMER);
      for (const record of all) ids.add(record['Id']);
    }
    expect(ids.size).toBe(300 * RECORDS_PER_CUSTOMER);
  });

  it('spreads customers over every stage of the bundled journey', () => {
    const customers = createPopulation({ seed: 20_261_120, size: 1000, asOf });
    const everyStage = journey.stages.map((stage) => stage.definition.id).sort();
    const furthest = new Set(customers.map(({ records }) => furthestMatchingStage(journey, records, asOf)));
    const current = new Set(
      customers.map(({ customer, records }) => evaluateCustomer(journey, { customer, records, asOf }).stage),
    );
    expect([...furthest].map((index) => journey.stages[index]?.definition.id).sort()).toEqual(everyStage);
    expect([...current].sort()).toEqual(everyStage);
  });
});
