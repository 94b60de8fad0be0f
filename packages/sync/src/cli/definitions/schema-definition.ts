import { defineCommand } from '../command-definition.ts';

/** The flags of `crm-journey schema`. */
export const schemaFlags = {
  out: {
    value: '<file>',
    description: 'Write the schema to a file instead of stdout (atomically; never over a directory or a link).',
  },
} as const;

/** `crm-journey schema`. */
export const schemaDefinition = defineCommand({
  name: 'schema',
  summary: 'Print the JSON Schema of journey files.',
  description: 'The JSON Schema of journey files, for editors (completion and checks while you type).',
  flags: schemaFlags,
  examples: ['crm-journey schema --out journey.schema.json'],
  load: async () => (await import('../../commands/schema-command.ts')).schemaCommand,
});
