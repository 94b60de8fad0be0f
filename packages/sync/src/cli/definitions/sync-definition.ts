import { defineCommand } from '../command-definition.ts';
import { TARGET_FLAGS } from './target-flags.ts';

/** The flags of `crm-journey sync`. */
export const syncFlags = {
  journey: {
    value: '<file>',
    description:
      'The journey file (default: defaults.journey of the config); repeat it for a journey set, read once (default: defaults.journeys).',
    repeatable: true,
  },
  ...TARGET_FLAGS,
  once: { description: 'Run once, even when the config sets an interval.' },
  interval: { value: '<duration>', description: 'Run again every 30s, 5m, 1h... until Ctrl-C (default: once).' },
  'replay-history': {
    description:
      "Re-draw every customer's history from the records under the current rules; creates no task twice, deletes none.",
  },
  'dry-run': { description: 'Print the plan (stage changes, tasks to create); write nothing.' },
  json: { description: 'Print each run summary as one JSON line.' },
  state: { value: '<path>', description: 'The SQLite state file (default: ~/.crm-journey/state.sqlite).' },
  store: {
    value: '<url>',
    description:
      'The store: postgres://user@host/db keeps the state in PostgreSQL (a fleet); a path is the same as --state (default: defaults.store of the config).',
  },
  'as-of': { value: '<time>', description: 'Evaluate as of this time (default: now).' },
  'batch-size': { value: '<n>', description: 'Customers per batch of writes, 1 to 10000.' },
  wait: {
    value: '<duration>',
    description:
      'When another process holds the SQLite state file, wait up to this long for it (default: stop at once; a PostgreSQL store takes no lock).',
  },
  'full-read-every': {
    value: '<duration>',
    description: 'Read every customer when the last full read is older than this (default: 7d).',
  },
  verbose: { description: 'Readable debug logs on stderr.' },
} as const;

/** `crm-journey sync`. */
export const syncDefinition = defineCommand({
  name: 'sync',
  summary: 'Place every customer of the org on the journey and write stages and tasks back.',
  description:
    'Reads the org (incrementally after the first run), places every customer on the journey and writes the journey fields and the next-action tasks back, idempotently. The journey, target, state, interval and batch size may come from crm-journey.config.yaml.',
  flags: syncFlags,
  examples: [
    'crm-journey sync --journey journeys/salesforce-b2b.yaml --org acme-prod --dry-run  # the plan, nothing written',
    'crm-journey sync --journey journeys/salesforce-b2b.yaml --instance-url http://127.0.0.1:4100 --access-token dev-token --interval 5m',
    'crm-journey sync --target prod --once --json',
  ],
  load: async () => (await import('../../commands/sync-command.ts')).syncCommand,
});
