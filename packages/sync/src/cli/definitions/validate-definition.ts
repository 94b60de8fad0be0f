import { defineCommand } from '../command-definition.ts';

/** The flags of `crm-journey validate`. */
export const validateFlags = {
  json: { description: 'Print the result as one JSON object.' },
} as const;

/** `crm-journey validate`. */
export const validateDefinition = defineCommand({
  name: 'validate',
  summary: 'Check a journey file (or a journey set); exit 1 on errors.',
  description:
    'Checks a journey file on its own (no CRM): its YAML, its schema, its field names and its rules. Several files are checked as a journey set: each file, then the set (one CRM and root, unique ids and orders, entries that can all be reached, overlapping entries, shared stage ids).',
  arguments: [{ name: 'file', description: 'The journey file(s).', required: true, variadic: true }],
  flags: validateFlags,
  examples: [
    'crm-journey validate journeys/salesforce-b2b.yaml',
    'crm-journey validate my-journey.yaml --json',
    'crm-journey validate direct.yaml channel.yaml  # a journey set',
  ],
  load: async () => (await import('../../commands/validate-command.ts')).validateCommand,
});
