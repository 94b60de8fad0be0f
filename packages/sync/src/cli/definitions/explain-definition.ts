import { defineCommand } from '../command-definition.ts';

/** The flags of `crm-journey explain`. */
export const explainFlags = {
  journey: {
    value: '<file>',
    description:
      'The journey file; repeat it for a journey set (each customer in the first journey whose entry holds).',
    required: true,
    repeatable: true,
  },
  records: { value: '<snapshot.json>', description: 'A snapshot of CRM records.', required: true },
  customer: {
    value: '<id>',
    description: 'The customer (root record or unconverted lead) to explain.',
    required: true,
  },
  'as-of': { value: '<time>', description: 'Evaluate as of this time (default: now).' },
  json: { description: 'Print the state and the explanation as JSON.' },
} as const;

/** `crm-journey explain`. */
export const explainDefinition = defineCommand({
  name: 'explain',
  summary: 'Say why a customer is where it is, and why each action.',
  flags: explainFlags,
  examples: [
    'crm-journey explain --journey journeys/salesforce-b2b.yaml --records fixtures/snapshots/salesforce-b2b.json --customer 001000000000001AAA',
  ],
  load: async () => (await import('../../commands/explain-command.ts')).explainCommand,
});
