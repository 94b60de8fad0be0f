import { defineCommand } from '../command-definition.ts';

/** The flags of `crm-journey status`. */
export const statusFlags = {
  store: {
    value: '<url>',
    description: "The fleet's PostgreSQL store, postgres://… (default: defaults.store of the config).",
  },
  config: { value: '<file>', description: 'The config file (default: crm-journey.config.yaml here, if any).' },
  json: { description: 'Print the status as one JSON object.' },
} as const;

/** `crm-journey status`. */
export const statusDefinition = defineCommand({
  name: 'status',
  summary: 'A fleet on a PostgreSQL store: nodes alive, runs in flight, last run and lag, dead letters.',
  description:
    "Reads the fleet's shared PostgreSQL store (times on the database's clock) and starts no worker, so it is safe beside running nodes: the nodes alive, the runs in flight, the last run and its lag per target and journey, and the dead letters.",
  flags: statusFlags,
  examples: [
    'crm-journey status --store postgres://crm_journey@db.internal/crm_journey',
    'crm-journey status --config fleet.config.yaml --json',
  ],
  load: async () => (await import('../../commands/status-command.ts')).statusCommand,
});
