import { defineCommand } from '../command-definition.ts';

/** The flags of `crm-journey demo`. */
export const demoFlags = {
  crm: {
    value: '<crm>',
    description: 'Which CRM to stand in for.',
    choices: ['salesforce', 'sugarcrm'],
    default: 'salesforce',
  },
  customers: { value: '<n>', description: 'Generated customers, 1 to 100000 (default: 3000).' },
  port: { value: '<port>', description: 'Port of the record browser (default: 4400, or a free one when taken).' },
  interval: { value: '<duration>', description: 'Time between sync runs, at least 1s.', default: '10s' },
  seed: { value: '<seed>', description: 'Seed of the generated data.', default: '1' },
  journey: {
    value: '<file>',
    description:
      'The journey file; repeat it for a journey set (default: the bundled B2B + B2C set for the CRM, <crm>-b2b.yaml and <crm>-b2c.yaml).',
    repeatable: true,
  },
  'no-open': { description: 'Do not open the record browser in a web browser.' },
} as const;

/** `crm-journey demo`. */
export const demoDefinition = defineCommand({
  name: 'demo',
  summary: 'The whole product on 127.0.0.1: a sandbox org, the sync and a record browser with the panel.',
  description:
    'Starts a sandbox org with generated customers, runs the first sync and then a sync on an interval, and serves a record browser with the journey panel; runs until Ctrl-C or SIGTERM.',
  flags: demoFlags,
  examples: ['crm-journey demo', 'crm-journey demo --crm sugarcrm --customers 500 --no-open'],
  load: async () => (await import('../../commands/demo-command.ts')).demoCommand,
});
