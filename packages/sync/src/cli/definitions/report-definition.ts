import { defineCommand } from '../command-definition.ts';
import { TARGET_FLAGS } from './target-flags.ts';

/** The flags of `crm-journey report`. */
export const reportFlags = {
  journey: {
    value: '<file>',
    description:
      'The journey file; repeat it for a journey set: one report per journey (<out>-<journey>.html) and the customers per journey.',
    required: true,
    repeatable: true,
  },
  records: { value: '<snapshot.json>', description: 'Report on a snapshot instead of an org.' },
  ...TARGET_FLAGS,
  out: {
    value: '<report.html>',
    description: 'Write the offline HTML report here (atomically; never over an input, a directory or a link).',
  },
  json: { description: 'Print the numbers as JSON (with --out, the summary goes to stderr).' },
  from: { value: '<date>', description: 'Start of the period: an ISO date or date-time.' },
  to: { value: '<date>', description: 'End of the period: an ISO date (the whole day) or date-time.' },
  segment: { value: '<id>', description: 'Only the customers of this segment.' },
  'as-of': { value: '<time>', description: 'Evaluate as of this time (default: now).' },
  'compare-journey': { value: '<file>', description: 'Compare with another version of the journey.' },
  'compare-from': { value: '<date>', description: 'Compare with a period starting here.' },
  'compare-to': { value: '<date>', description: 'Compare with a period ending here.' },
} as const;

/** `crm-journey report`. */
export const reportDefinition = defineCommand({
  name: 'report',
  summary: 'Journey analytics: one offline HTML file with charts, or the numbers as JSON.',
  description:
    'Bottlenecks, time in stage, conversion, flows, cohorts, touchpoints and emotion, action effectiveness, and a comparison; from an org (read-only) or a snapshot. Give --out, --json or both.',
  flags: reportFlags,
  examples: [
    'crm-journey report --journey journeys/salesforce-b2b.yaml --org acme-prod --out report.html',
    'crm-journey report --journey journeys/salesforce-b2b.yaml --records fixtures/snapshots/salesforce-b2b.json --segment enterprise --from 2026-01-01 --json',
  ],
  load: async () => (await import('../../commands/report-command.ts')).reportCommand,
});
