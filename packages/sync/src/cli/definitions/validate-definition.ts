import { defineCommand } from '../command-definition.ts';

/** The flags of `crm-journey validate`. */
export const validateFlags = {
  json: { description: 'Print the result as one JSON object.' },
} as const;

/** `crm-journey validate`. */
export const validateDefinition = defineCommand({
  name: 'validate',
  summary: 'Check a journey file; exit 1 on errors.',
  description: 'Checks a journey file on its own (no CRM): its YAML, its schema, its field names and its rules.',
  arguments: [{ name: 'file', description: 'The journey file.', required: true }],
  flags: validateFlags,
  examples: ['crm-journey validate journeys/salesforce-b2b.yaml', 'crm-journey validate my-journey.yaml --json'],
  load: async () => (await import('../../commands/validate-command.ts')).validateCommand,
});
