import { describe, expect, it } from 'vitest';
import { bearerCheck } from './bearer-token.ts';

describe('bearerCheck', () => {
  const check = bearerCheck('the-right-token-0123456789');

  it('accepts exactly the token, with any case of the scheme', () => {
    expect(check('Bearer the-right-token-0123456789')).toBe(true);
    expect(check('bearer the-right-token-0123456789')).toBe(true);
  });

  it('refuses a missing, empty, wrong, prefixed, extended or schemeless token', () => {
    for (const header of [
      undefined,
      '',
      'Bearer ',
      'Bearer the-right-token',
      'Bearer the-right-token-0123456789x',
      'the-right-token-0123456789',
      'Basic the-right-token-0123456789',
      'Bearer the-right-token-0123456789 extra',
    ])
      expect(check(header), String(header)).toBe(false);
  });
});
