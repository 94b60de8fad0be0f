import { defineCommand } from '../command-definition.ts';
import { TARGET_FLAGS } from './target-flags.ts';

/** The flags of `crm-journey install`. */
export const installFlags = {
  ...TARGET_FLAGS,
  journey: {
    value: '<file>',
    description: 'A journey whose custom fields to deploy too; repeat for several.',
    repeatable: true,
  },
  'check-only': { description: 'Validate the deploy against the org; change nothing.' },
  json: { description: 'Print the deploy result as JSON.' },
} as const;

/** `crm-journey install`. */
export const installDefinition = defineCommand({
  name: 'install',
  summary: 'Deploy the journey fields, action key, permission set and panel to a Salesforce org.',
  description:
    'Deploys the journey fields, the action key, the Crm_Journey permission set and the panel (static resource and LWC) through the Metadata API; safe to run again. SugarCRM installs through `crm-journey package sugarcrm` instead.',
  arguments: [{ name: 'crm', description: 'The CRM: salesforce.', required: true, values: ['salesforce'] }],
  flags: installFlags,
  examples: [
    'crm-journey install salesforce --org acme-prod --journey journeys/salesforce-b2b.yaml --check-only',
    'crm-journey install salesforce --org acme-prod --journey journeys/salesforce-b2b.yaml',
  ],
  load: async () => (await import('../../commands/install-command.ts')).installCommand,
});
