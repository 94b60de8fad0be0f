import { describe, expect, it } from 'vitest';
import { validateJourney } from '../../journey/validate-journey.ts';
import type { CrmRecord } from '../../records/crm-record.ts';
import { compileJourney } from '../compile-journey.ts';
import { evaluateCustomer } from '../evaluate-customer.ts';

const journeyText = `journey: replay
name: Replay
crm: salesforce
customer: { root: Account }
stages:
  - { id: one, label: One, when: { Account: {} } }
  - { id: two, label: Two, when: { Opportunity: { IsClosed: false, CloseDate: { $withinNextDays: 90 } } } }
  - { id: three, label: Three, when: { Opportunity: { $count: { where: { IsWon: true, CloseDate: { $withinLastDays: 400 } }, $gte: 2 } } } }
  - { id: four, label: Four, when: { Opportunity: { $all: { IsClosed: true } }, Case: { $none: { Status: Escalated } } } }
moves:
  - { id: back, outcome: lost, from: [three, four], to: one, reason: Back., when: { Case: { Status: Escalated, CreatedDate: { $withinLastDays: 60 } } } }
`;

/** A small deterministic generator (mulberry32), so that a failure names the seed that found it. */
function random(seed: number): () => number {
  let state = seed;
  return () => {
    state = (state + 0x6d2b79f5) | 0;
    let t = Math.imul(state ^ (state >>> 15), 1 | state);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4_294_967_296;
  };
}

const asOf = Date.parse('2026-11-20T12:00:00Z');
const DAY = 86_400_000;

/** Many records (more than the replay's insertion sort takes), some created after `asOf` or undated. */
function customerRecords(next: () => number, size: number): Record<string, CrmRecord[]> {
  const when = (): unknown => {
    const roll = next();
    if (roll < 0.05) return 'not a date';
    if (roll < 0.1) return undefined;
    const at = asOf + Math.round((next() * 900 - 800) * DAY);
    return roll < 0.5 ? new Date(at).toISOString() : new Date(at).toISOString().replace('Z', '+0000');
  };
  const opportunities = Array.from({ length: size }, (_, i) => {
    const closed = next() < 0.6;
    return {
      Id: `006${String(i)}`,
      CreatedDate: when(),
      CloseDate: new Date(asOf + Math.round((next() * 600 - 450) * DAY)).toISOString().slice(0, 10),
      IsClosed: closed,
      IsWon: closed && next() < 0.5,
    };
  });
  const cases = Array.from({ length: Math.ceil(size / 4) }, (_, i) => ({
    Id: `500${String(i)}`,
    CreatedDate: when(),
    Status: next() < 0.2 ? 'Escalated' : 'New',
  }));
  return { Account: [{ Id: 'A', Name: 'Acme', CreatedDate: when() }], Opportunity: opportunities, Case: cases };
}

describe('the generated first-sight replay', () => {
  const { journey, errors } = validateJourney(journeyText, 'replay.yaml');
  if (!journey) throw new Error(JSON.stringify(errors));
  const closures = compileJourney(journey);
  const generated = compileJourney(journey, { codegen: true });
  const customer = { type: 'Account', id: 'A' };

  it('gives the closures’ JourneyState for customers of many records, some created later or undated', () => {
    const next = random(20_261_206);
    for (let n = 0; n < 60; n++) {
      const records = customerRecords(next, 5 + Math.floor(next() * 60));
      for (const at of [asOf, asOf - 200 * DAY]) {
        const input = { customer, records, asOf: at };
        expect(JSON.stringify(evaluateCustomer(generated, input))).toBe(
          JSON.stringify(evaluateCustomer(closures, input)),
        );
      }
    }
  });

  it('does not reuse the dates it cached when a caller changes the same arrays for the next customer', () => {
    const records = customerRecords(random(7), 40);
    const first = evaluateCustomer(generated, { customer, records, asOf });
    const opportunities = records['Opportunity'] ?? [];
    for (const [i, record] of opportunities.entries()) {
      opportunities[i] = { ...record, IsClosed: false, CloseDate: i % 2 === 0 ? '2026-12-01' : '2020-01-01' };
    }
    const again = { customer, records, asOf };
    expect(JSON.stringify(evaluateCustomer(generated, again))).toBe(JSON.stringify(evaluateCustomer(closures, again)));
    expect(JSON.stringify(evaluateCustomer(generated, again).history)).not.toBe(JSON.stringify(first.history));
  });
});
