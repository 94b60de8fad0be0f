import { readFileSync } from 'node:fs';
import { compileJourney, formatDiagnostic, validateJourney, type CompiledJourney } from '@crm-journey/connector';

/** The journey the engine benchmarks run, relative to the repository root. */
export const BUNDLED_JOURNEY = 'journeys/salesforce-b2b.yaml';

/**
 * Validates and compiles a journey file of the repository; throws with every diagnostic when it is invalid.
 *
 * @example
 * const journey = loadBundledJourney();
 * evaluateCustomer(journey, { customer, records, asOf });
 */
export function loadBundledJourney(file: string = BUNDLED_JOURNEY): CompiledJourney {
  const text = readFileSync(new URL(`../${file}`, import.meta.url), 'utf8');
  const { journey, errors } = validateJourney(text, file);
  if (!journey) throw new Error(`${file} is not a valid journey:\n${errors.map(formatDiagnostic).join('\n')}`);
  return compileJourney(journey);
}
