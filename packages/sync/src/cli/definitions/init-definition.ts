import { defineCommand } from '../command-definition.ts';
import { TARGET_FLAGS } from './target-flags.ts';

/** The flags of `crm-journey init`. */
export const initFlags = {
  ...TARGET_FLAGS,
  crm: {
    value: '<crm>',
    description: "Write offline from the CRM's default picklists instead of reading an org.",
    choices: ['salesforce', 'sugarcrm'],
  },
  out: { value: '<file>', description: 'The journey file to write.', default: 'journey.yaml' },
  force: { description: 'Overwrite --out if it exists.' },
  id: { value: '<id>', description: 'The journey id (default: from the --out file name).' },
  name: { value: '<name>', description: 'The journey name (default: "Customer journey").' },
} as const;

/** `crm-journey init`. */
export const initDefinition = defineCommand({
  name: 'init',
  summary: "Write a starting journey file from the org's own stages and statuses.",
  description:
    "Reads the org's opportunity stages (with their probabilities and closed/won flags), lead and case statuses and record types, maps the standard journey stages onto them with a comment wherever a consultant must decide, writes the file atomically and validates it against the org at once.",
  flags: initFlags,
  examples: [
    'crm-journey init --org acme-prod --out journeys/acme.yaml',
    'crm-journey init --sugar-url https://acme.sugarondemand.com --sugar-user admin --out acme.yaml',
    'crm-journey init --crm salesforce --out my-journey.yaml  # offline, the default picklists',
  ],
  load: async () => (await import('../../commands/init-command.ts')).initCommand,
});
