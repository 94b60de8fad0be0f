import { defineCommand } from '../command-definition.ts';
import { TARGET_FLAGS } from './target-flags.ts';

/** The flags of `crm-journey serve`. */
export const serveFlags = {
  journey: {
    value: '<file>',
    description:
      'The journey file (default: defaults.journey of the config); repeat it for a journey set, read once (default: defaults.journeys).',
    repeatable: true,
  },
  ...TARGET_FLAGS,
  state: { value: '<path>', description: 'The SQLite state file (default: ~/.crm-journey/state.sqlite).' },
  store: {
    value: '<url>',
    description:
      'The store: postgres://user@host/db keeps the state in PostgreSQL (a fleet); a path is the same as --state (default: defaults.store of the config).',
  },
  interval: { value: '<duration>', description: 'Time between sync runs: 30s, 5m, 1h (default: 5m).' },
  'batch-size': { value: '<n>', description: 'Customers per batch of writes, 1 to 10000.' },
  host: { value: '<host>', description: 'Address the API listens on (default: 127.0.0.1).' },
  port: { value: '<port>', description: 'Port of the API; 0 picks a free one (default: 8787).' },
  'token-file': {
    value: '<file>',
    description: 'File holding the API bearer token (default: $CRM_JOURNEY_TOKEN or serve.token of the config).',
  },
  'cors-origin': { value: '<origin>', description: 'A browser origin allowed to call the API.', repeatable: true },
  'body-limit': { value: '<bytes>', description: 'Largest request body, 1024 to 67108864 (default: 262144).' },
  verbose: { description: 'Readable logs instead of JSON lines.' },
} as const;

/** `crm-journey serve`. */
export const serveDefinition = defineCommand({
  name: 'serve',
  summary: 'The sync on an interval plus an HTTP API (health, metrics, journey, explain, plan).',
  description:
    "Runs the sync on an interval and serves a token-protected HTTP API: health, readiness, Prometheus metrics, a customer's journey and explanation, and a dry-run plan. With --store postgres://… the node is one worker of a fleet sharing the runs of every target and journey under syncs: in the config. SIGTERM or SIGINT stops it cleanly (exit 0).",
  flags: serveFlags,
  examples: [
    'CRM_JOURNEY_TOKEN=$(openssl rand -hex 32) crm-journey serve --journey journeys/salesforce-b2b.yaml --org acme-prod',
    'crm-journey serve --target prod --token-file /run/secrets/api-token --port 8080 --cors-origin https://acme.lightning.force.com',
    'crm-journey serve --config fleet.config.yaml --store postgres://crm_journey@db.internal/crm_journey  # one node of a fleet',
  ],
  load: async () => (await import('../../commands/serve-command.ts')).serveCommand,
});
