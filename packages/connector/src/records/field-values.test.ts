import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { formatDate, formatInstant, parseInstant } from './field-values.ts';

/** The general parser, without the fast path: what parseInstant must always agree with. */
function reference(value: string): number {
  const fixed = /[+-]\d{4}$/.test(value) ? `${value.slice(0, -2)}:${value.slice(-2)}` : value;
  const shape = /^\d{4}-\d{2}-\d{2}$|^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:?\d{2})$/;
  if (!shape.test(fixed)) return Number.NaN;
  // Date.parse rolls 2026-02-30 over into March; no CRM date is a day its month does not have.
  const [year, month, day] = fixed.slice(0, 10).split('-').map(Number);
  const daysInMonth = new Date(Date.UTC(year ?? 0, month ?? 0, 0)).getUTCDate();
  return (day ?? 0) > daysInMonth ? Number.NaN : Date.parse(fixed);
}

const instant = fc.integer({ min: Date.UTC(1000, 0, 1), max: Date.UTC(9999, 11, 31) });
const pad = (n: number, width: number) => String(Math.abs(n)).padStart(width, '0');

describe('parseInstant', () => {
  it('agrees with the general parser on every shape CRMs send', () => {
    fc.assert(
      fc.property(
        instant,
        fc.integer({ min: -14 * 60, max: 14 * 60 }),
        fc.constantFrom('Z', '+HHMM', '+HH:MM'),
        fc.integer({ min: 0, max: 6 }),
        (ms, offset, zone, fraction) => {
          const local = new Date(ms + offset * 60_000).toISOString();
          const sign = offset < 0 ? '-' : '+';
          const suffix =
            zone === 'Z'
              ? 'Z'
              : `${sign}${pad(Math.trunc(offset / 60), 2)}${zone === '+HH:MM' ? ':' : ''}${pad(offset % 60, 2)}`;
          const digits = local.slice(20, 23) + '123';
          const text = `${local.slice(0, 19)}${fraction === 0 ? '' : `.${digits.slice(0, fraction)}`}${zone === 'Z' ? 'Z' : suffix}`;
          expect(parseInstant(text)).toBe(reference(text));
          expect(parseInstant(local.slice(0, 10))).toBe(reference(local.slice(0, 10)));
        },
      ),
      { numRuns: 3000, seed: 20261123 },
    );
  });

  it('agrees with the general parser on near-misses', () => {
    for (const text of [
      '2026-02-30',
      '2026-02-29',
      '2024-02-29',
      '2026-13-01',
      '2026-1-01',
      '2026-01-01T25:00:00Z',
      '2026-01-01T10:00:00',
      '2026-01-01T10:00Z',
      '2026-01-01T10:00:00.5Z',
      '2026-01-01 10:00:00Z',
      'tomorrow!!',
      '0999-01-01',
      '2026-08-01T09:00:00.000+2500',
      '2026-08-01T09:00:00+12:60',
      '2026-04-31T10:00:00Z',
      '2026-01-01T10:00:00.123',
      '2026-01-01T10:00:00.12a+0000',
      '2026-01-01T10:00:00.1234+0000',
      '2026-01-01T10:00:00.000+00:0',
      '2026-01-01T10:00:00.000-1230',
    ]) {
      expect(parseInstant(text)).toStrictEqual(reference(text));
    }
  });

  it('refuses days a month does not have and offsets past 23:59 (found by the bad-input corpus)', () => {
    expect(parseInstant('2026-02-30')).toBeNaN();
    expect(parseInstant('2026-04-31T10:00:00.000+0000')).toBeNaN();
    expect(parseInstant('2026-08-01T09:00:00.000+2500')).toBeNaN();
    expect(parseInstant('2024-02-29')).toBe(Date.UTC(2024, 1, 29));
  });
});

describe('formatInstant and formatDate', () => {
  it('format exactly like toISOString', () => {
    fc.assert(
      fc.property(instant, (ms) => {
        expect(formatInstant(ms)).toBe(new Date(ms).toISOString());
        expect(formatDate(ms)).toBe(new Date(ms).toISOString().slice(0, 10));
      }),
      { numRuns: 3000, seed: 7 },
    );
  });

  it('keep each day apart in their cache of formatted days, whatever days share a slot', () => {
    // Days 1,024 apart share a slot of the cache; each call must still give its own day.
    const base = Date.UTC(2026, 10, 20, 13, 45, 6, 789);
    for (const offset of [0, 1024, -1024, 2048, 0, 1, 1025, -1023, 1]) {
      const ms = base + offset * 86_400_000;
      expect(formatDate(ms)).toBe(new Date(ms).toISOString().slice(0, 10));
      expect(formatInstant(ms)).toBe(new Date(ms).toISOString());
    }
    expect(formatDate(Date.UTC(1969, 11, 31, 23))).toBe('1969-12-31');
    expect(formatDate(Date.UTC(1969, 11, 31, 23) + 1024 * 86_400_000)).toBe('1972-10-20');
  });
});
