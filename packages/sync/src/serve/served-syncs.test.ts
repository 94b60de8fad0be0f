import { describe, expect, it } from 'vitest';
import { pickServedSync, type ServedSync } from './served-syncs.ts';

const sync = (name: string, targets: string[], journeys: string[]): ServedSync => ({
  name,
  targets,
  journeys,
  resolve: () => Promise.reject(new Error('not connected in this test')),
});
const east = sync('east-set', ['east'], ['direct', 'pipeline']);
const west = sync('west-b2b', ['west', 'salesforce:https://west.example'], ['salesforce-b2b']);
const eastB2b = sync('east-b2b', ['east'], ['salesforce-b2b']);
const name = (picked: ReturnType<typeof pickServedSync>): string =>
  'error' in picked ? picked.error.code : picked.name;

describe('pickServedSync', () => {
  it('takes the only sync without a query, and the one the target and journey name', () => {
    expect(name(pickServedSync([west], {}))).toBe('west-b2b');
    const all = [east, west, eastB2b];
    expect(name(pickServedSync(all, { target: 'west' }))).toBe('west-b2b');
    expect(name(pickServedSync(all, { target: 'salesforce:https://west.example' }))).toBe('west-b2b');
    expect(name(pickServedSync(all, { journey: 'pipeline' }))).toBe('east-set');
    expect(name(pickServedSync(all, { target: 'east', journey: 'direct,pipeline' }))).toBe('east-set');
    // `a+b` as in the scope; a query string decodes its `+` to a space.
    expect(name(pickServedSync(all, { journey: 'direct+pipeline' }))).toBe('east-set');
    expect(name(pickServedSync(all, { journey: 'direct pipeline' }))).toBe('east-set');
    expect(name(pickServedSync(all, { target: 'east', journey: 'salesforce-b2b' }))).toBe('east-b2b');
  });

  it('says 400 with the choices when the request is ambiguous or names nothing served', () => {
    const all = [east, west, eastB2b];
    const ambiguous = pickServedSync(all, { target: 'east' });
    expect(ambiguous).toEqual({
      error: {
        code: 'AMBIGUOUS_SYNC',
        message:
          '2 syncs match; say which with ?target=east&journey=direct,pipeline, ?target=east&journey=salesforce-b2b.',
      },
    });
    expect(name(pickServedSync(all, {}))).toBe('AMBIGUOUS_SYNC');
    const unknown = pickServedSync(all, { target: 'west', journey: 'pipeline' });
    expect('error' in unknown && unknown.error.message).toBe(
      'This deployment syncs no target "west" and journey "pipeline"; it answers for ?target=east&journey=direct,pipeline, ?target=west&journey=salesforce-b2b, ?target=east&journey=salesforce-b2b.',
    );
    expect(name(pickServedSync([west], { journey: 'direct' }))).toBe('UNKNOWN_SYNC');
  });
});
