import { describe, expect, it } from 'vitest';
import { validateJourney } from '../journey/validate-journey.ts';
import { salesforceProfile } from '../profiles/salesforce-profile.ts';
import { MAX_PUSHDOWN_BYTES, planRead, streamSoql, type DescribedObject } from './read-plan.ts';

const described = new Map<string, DescribedObject>(
  Object.entries(salesforceProfile.objects).map(([name, object]) => [
    name,
    { name, fields: Object.entries(object.fields).map(([field, type]) => ({ name: field, type })) },
  ]),
);

function plan(stages: number): ReturnType<typeof planRead> {
  const lines = ['journey: long', 'name: Long', 'crm: salesforce', 'customer: { root: Account }', 'stages:'];
  lines.push('  - { id: known, label: Known, when: { Account: {} } }');
  for (let i = 1; i <= stages; i++)
    lines.push(
      `  - { id: s${String(i)}, label: S, when: { Opportunity: { Name: { $contains: "deal number ${String(i)}" } } } }`,
    );
  const { journey, errors } = validateJourney(`${lines.join('\n')}\n`, 'long.yaml');
  if (!journey) throw new Error(JSON.stringify(errors));
  return planRead(journey, described, { asOf: Date.parse('2026-11-20T00:00:00Z'), history: false });
}

describe('planRead pushdown budget', () => {
  it('pushes the conditions of a short journey into the WHERE', () => {
    const { pushed, streams } = plan(3);
    expect(pushed['Opportunity']).toContain("Name LIKE '%deal number 3%'");
    const opportunity = streams.find((stream) => stream.object === 'Opportunity');
    expect(opportunity && streamSoql(opportunity)).toContain('deal number 2');
  });

  it(`pushes nothing past ${String(MAX_PUSHDOWN_BYTES)} URL-encoded bytes, so every query fits the REST limit`, () => {
    const { pushed, streams } = plan(300);
    expect(pushed).toEqual({});
    for (const stream of streams) expect(encodeURIComponent(streamSoql(stream)).length).toBeLessThan(16_384 - 4_000);
  });
});
