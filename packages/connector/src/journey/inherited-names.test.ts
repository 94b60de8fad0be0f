// Names that every JavaScript object inherits (`constructor`, `toString`, ...) are ordinary names in a
// journey file: unknown unless the CRM has them, on either CRM.
import { describe, expect, it } from 'vitest';
import { validateJourney } from './validate-journey.ts';

const INHERITED = ['constructor', 'toString', 'hasOwnProperty', 'valueOf', '__proto__'] as const;

const journeys = {
  salesforce: { root: 'Account', object: 'Opportunity', field: 'Amount' },
  sugarcrm: { root: 'Accounts', object: 'Opportunities', field: 'amount' },
} as const;

function journeyWith(crm: keyof typeof journeys, when: string): string {
  const { root } = journeys[crm];
  return `journey: names\nname: Names\ncrm: ${crm}\ncustomer: { root: ${root} }\nstages:\n  - id: a\n    label: A\n    when:\n      ${when}\n`;
}

describe('names every JavaScript object inherits', () => {
  for (const crm of ['salesforce', 'sugarcrm'] as const) {
    const { object, field } = journeys[crm];
    it.each(INHERITED)(`${crm}: %s is an unknown field, and an unknown object`, (name) => {
      const asField = validateJourney(journeyWith(crm, `${object}: { ${name}: 1 }`), 'names.yaml');
      expect(asField.journey).toBeUndefined();
      // `__proto__` breaks Salesforce's naming rules (a leading underscore) before it is looked up.
      expect(asField.errors.map((error) => error.rule)).toContain(
        crm === 'salesforce' && name === '__proto__' ? 'invalid-field' : 'unknown-field',
      );
      const asObject = validateJourney(journeyWith(crm, `${name}: { ${field}: 1 }`), 'names.yaml');
      expect(asObject.journey).toBeUndefined();
      expect(asObject.errors.length).toBeGreaterThan(0);
    });
  }
});
