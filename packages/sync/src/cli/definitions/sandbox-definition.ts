import { defineCommand } from '../command-definition.ts';

/** The flags of `crm-journey sandbox`. */
export const sandboxFlags = {
  crm: {
    value: '<crm>',
    description: 'Which CRM to stand in for.',
    choices: ['salesforce', 'sugarcrm'],
    default: 'salesforce',
  },
  port: { value: '<port>', description: 'Port on 127.0.0.1; 0 picks a free one (default: 0).' },
  customers: { value: '<n>', description: 'Generated customers, 0 to 100000 (default: 500).' },
  seed: { value: '<seed>', description: 'Seed of the generated data.', default: '1' },
  faults: {
    value: '<spec>',
    description: 'Injected faults, kind:rate[@route], comma-separated, e.g. server-error:0.05,rate-limited:0.02.',
  },
  'fault-seed': { value: '<seed>', description: 'Seed of the faults (default: --seed).' },
  token: { value: '<token>', description: 'The Salesforce access token to accept (default: generated).' },
  user: { value: '<user>', description: 'The user name to accept (default: generated).' },
  password: { value: '<password>', description: 'The password to accept (default: generated).' },
  data: { value: '<file>', description: 'Keep the org in this JSON file across restarts.' },
  'api-limit': { value: '<n>', description: 'The daily API request limit the org reports and enforces.' },
  'client-id': {
    value: '<id>',
    description:
      "Salesforce: the only connected app's consumer key the OAuth endpoints accept (others get invalid_client_id); default: the repository's own clients.",
  },
  'opps-mode': {
    value: '<mode>',
    description:
      "SugarCRM: the instance's opportunity mode, Opportunities (opportunities only) or RevenueLineItems (with revenue line items; default).",
    choices: ['Opportunities', 'RevenueLineItems'],
  },
  'client-secret': { value: '<secret>', description: 'Salesforce: the consumer secret that goes with --client-id.' },
} as const;

/** `crm-journey sandbox`. */
export const sandboxDefinition = defineCommand({
  name: 'sandbox',
  summary: 'Start a sandbox org on 127.0.0.1 with generated customers.',
  description:
    'A stand-in Salesforce org or SugarCRM instance on 127.0.0.1 that the real clients talk to; prints its URL and credentials and runs until Ctrl-C.',
  flags: sandboxFlags,
  examples: [
    'crm-journey sandbox --customers 2000 --token dev-token --port 4100',
    'crm-journey sandbox --crm sugarcrm --faults server-error:0.05 --port 4200',
  ],
  load: async () => (await import('../../commands/sandbox-command.ts')).sandboxCommand,
});
