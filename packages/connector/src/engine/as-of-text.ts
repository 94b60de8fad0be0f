import { formatInstant } from '../records/field-values.ts';

// A sync evaluates thousands of customers at one asOf: format it once, not once per customer.
let lastAsOf = Number.NaN;
let lastAsOfText = '';

/** `formatInstant(asOf)`, remembered for the last `asOf` asked for. */
export function asOfText(asOf: number): string {
  if (asOf !== lastAsOf) {
    lastAsOfText = formatInstant(asOf);
    lastAsOf = asOf;
  }
  return lastAsOfText;
}
