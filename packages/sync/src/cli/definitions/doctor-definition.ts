import { defineCommand } from '../command-definition.ts';
import { TARGET_FLAGS } from './target-flags.ts';

/** The flags of `crm-journey doctor`. */
export const doctorFlags = {
  ...TARGET_FLAGS,
  journey: {
    value: '<file>',
    description: 'Also check that this journey fits the org (default: defaults.journey of the config).',
  },
  state: { value: '<path>', description: 'The SQLite state file to check (default: ~/.crm-journey/state.sqlite).' },
  store: {
    value: '<postgres://… | path>',
    description:
      "The store to check instead (default: defaults.store): a fleet's PostgreSQL database (reachable, schema versions, pg-boss schema, permissions to create and lock, clock skew) or a state file's path.",
  },
  json: { description: 'Print the items as JSON.' },
} as const;

/** `crm-journey doctor`. */
export const doctorDefinition = defineCommand({
  name: 'doctor',
  summary: 'Tell an admin whether the org is ready, each item with its fix; exit 1 when one fails.',
  description:
    'Checks the journey fields and the action key, the Crm_Journey permission set of the integration user, its object and field access, the API allowance left, the panel and the state store (with --store postgres://…, the fleet’s database: reachable, schema versions, pg-boss’s schema, permissions, clock skew). An item the org does not let us check says "could not check" (?) rather than pass.',
  flags: doctorFlags,
  examples: [
    'crm-journey doctor --org acme-prod',
    'crm-journey doctor --target prod --journey journeys/acme.yaml --json',
    'crm-journey doctor --target prod --store postgres://crm_journey@db.internal/crm_journey',
  ],
  load: async () => (await import('../../commands/doctor-command.ts')).doctorCommand,
});
