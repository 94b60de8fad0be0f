import { defineCommand } from '../command-definition.ts';
import { TARGET_FLAGS } from './target-flags.ts';

/** The flags of `crm-journey map`. */
export const mapFlags = {
  journey: {
    value: '<file>',
    description:
      'The journey file; repeat it for a journey set: one map per journey (<out>-<journey>.html) and <out> as the portfolio overview.',
    required: true,
    repeatable: true,
  },
  records: { value: '<snapshot.json>', description: 'Draw the map of a snapshot instead of an org.' },
  ...TARGET_FLAGS,
  segment: { value: '<id>', description: 'Only the customers of this segment.' },
  'all-segments': { description: 'Everyone first, then one canvas per segment (small multiples).' },
  from: { value: '<date>', description: 'Start of the period: an ISO date or date-time.' },
  to: { value: '<date>', description: 'End of the period: an ISO date (the whole day) or date-time.' },
  'as-of': { value: '<time>', description: 'Evaluate as of this time (default: now).' },
  'compare-journey': {
    value: '<file>',
    description: 'Draw the future-state journey under the current one, row by row.',
  },
  'compare-from': { value: '<date>', description: 'Compare with a period starting here.' },
  'compare-to': { value: '<date>', description: 'Compare with a period ending here.' },
  out: {
    value: '<map.html>',
    description: 'Write the map here (atomically; never over an input, a directory or a link).',
  },
  format: {
    value: '<format>',
    description: 'The file written by --out.',
    choices: ['html', 'svg', 'pdf'],
    default: 'html',
  },
  locale: { value: '<locale>', description: "The labels' language.", choices: ['en', 'pl', 'ru', 'fa'], default: 'en' },
  json: { description: 'Print the map model as JSON (with --out, the summary goes to stderr).' },
} as const;

/** `crm-journey map`. */
export const mapDefinition = defineCommand({
  name: 'map',
  summary: 'The customer journey map: one column per stage, one row per lane, from live CRM data.',
  description:
    "The seeds' canvas (goal, mindset, what the customer does, touchpoints, emotion, pain points, opportunities, metrics) drawn from an org (read-only) or a snapshot; per segment, current against future, printable at A3. Give --out, --json or both.",
  flags: mapFlags,
  examples: [
    'crm-journey map --journey journeys/salesforce-b2b.yaml --records fixtures/snapshots/salesforce-b2b.json --out map.html',
    'crm-journey map --journey journeys/salesforce-b2b.yaml --org acme-prod --all-segments --format pdf --out map.pdf --locale pl',
  ],
  load: async () => (await import('../../commands/map-command.ts')).mapCommand,
});
