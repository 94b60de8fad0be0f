import { defineCommand } from '../command-definition.ts';

/** The flags of `crm-journey package`. */
export const packageFlags = {
  out: { value: '<zip>', description: 'Where to write the package.', required: true },
  journey: {
    value: '<file>',
    description: 'A journey whose custom fields to include too; repeat for several.',
    repeatable: true,
  },
  json: { description: 'Print what was written as JSON.' },
} as const;

/** `crm-journey package`. */
export const packageDefinition = defineCommand({
  name: 'package',
  summary: 'Write the SugarCRM Module Loadable Package (journey fields and dashlet).',
  description:
    'Writes the Module Loadable Package with the journey fields and the "Customer journey" dashlet, for Admin > Module Loader. Salesforce installs through `crm-journey install salesforce` instead.',
  arguments: [{ name: 'crm', description: 'The CRM: sugarcrm.', required: true, values: ['sugarcrm'] }],
  flags: packageFlags,
  examples: ['crm-journey package sugarcrm --out crm-journey.zip --journey journeys/sugarcrm-b2b.yaml'],
  load: async () => (await import('../../commands/package-command.ts')).packageCommand,
});
