import { defineCommand } from '../command-definition.ts';

/** The flags of `crm-journey evaluate`. */
export const evaluateFlags = {
  journey: {
    value: '<file>',
    description:
      'The journey file; repeat it for a journey set (each customer in the first journey whose entry holds).',
    required: true,
    repeatable: true,
  },
  records: { value: '<snapshot.json>', description: 'A snapshot of CRM records.', required: true },
  'as-of': { value: '<time>', description: 'Evaluate as of this time (default: now).' },
  customer: { value: '<id>', description: 'Show only this customer.' },
  json: { description: 'Print the states (with the rules that held) as JSON.' },
} as const;

/** `crm-journey evaluate`. */
export const evaluateDefinition = defineCommand({
  name: 'evaluate',
  summary: 'Place every customer of a snapshot on the journey.',
  flags: evaluateFlags,
  examples: [
    'crm-journey evaluate --journey journeys/salesforce-b2b.yaml --records fixtures/snapshots/salesforce-b2b.json',
    'crm-journey evaluate --journey my-journey.yaml --records snapshot.json --as-of 2026-11-20T12:00:00Z --json',
  ],
  load: async () => (await import('../../commands/evaluate-command.ts')).evaluateCommand,
});
