// The journey file `crm-journey init` writes: the standard stages, mapped onto the org's own values, with
// a comment wherever the mapping is a choice the consultant should confirm.
import { ConnectorError } from '@crm-journey/connector';
import { FACT_FIELDS, type OrgFacts, type StatusFact } from './org-facts.ts';

/** What to call the journey. */
export interface StartingJourneyOptions {
  readonly id: string;
  readonly name: string;
  /** The day it was written (YYYY-MM-DD), for the header. */
  readonly date: string;
}

// JSON strings are valid YAML and quote whatever a picklist value holds (colons, slashes, quotes).
const list = (values: readonly string[]): string => `[${values.map((value) => JSON.stringify(value)).join(', ')}]`;
const oneOf = (field: string, values: readonly string[]): string => `${field}: { $in: ${list(values)} }`;

const DISQUALIFIED = /not convert|dead|recycl|disqualif|unqualif|junk|lost/i;
const CONVERTED = /convert/i;
const CLOSED_CASE = /closed|resolved|rejected|duplicate|cancel/i;

/** Lead statuses sorted into new, worked, disqualified (converted ones are neither). */
function sortLeadStatuses(statuses: readonly StatusFact[]): { fresh: string[]; working: string[]; lost: string[] } {
  const fresh = statuses.filter((status) => status.isDefault).map((status) => status.value);
  const rest = statuses.filter((status) => !status.isDefault).map((status) => status.value);
  return {
    fresh,
    lost: rest.filter((value) => DISQUALIFIED.test(value)),
    working: rest.filter((value) => !DISQUALIFIED.test(value) && !CONVERTED.test(value)),
  };
}

function header(facts: OrgFacts, options: StartingJourneyOptions): string[] {
  const names = FACT_FIELDS[facts.crm];
  const width = Math.max(...facts.stages.map((stage) => stage.value.length));
  const lines = [
    `# A starting journey written by \`crm-journey init\` on ${options.date} from ${facts.source}.`,
    '# The standard stages (awareness, engagement, evaluation, purchase, onboarding, retention, advocacy) are',
    "# mapped onto the org's own values. Lines marked DECIDE are choices to confirm with the business.",
    '# Check it with `crm-journey validate <file>`; `crm-journey sync --dry-run` shows where customers land.',
    '#',
    `# Opportunity stages (${names.deal}.${names.stage}), in sort order:`,
    ...facts.stages.map((stage) => {
      const probability = stage.probability === undefined ? '   ?' : `${String(stage.probability).padStart(3)}%`;
      const state = stage.won ? 'closed, won' : stage.closed ? 'closed, lost' : 'open';
      const label = stage.label === stage.value ? '' : ` (label "${stage.label}")`;
      return `#   ${stage.value.padEnd(width)}  ${probability}  ${state}${label}`;
    }),
    `# Lead statuses (${names.lead}.${names.leadStatus}): ${facts.leadStatuses.map((status) => `${status.value}${status.isDefault ? ' (default)' : ''}`).join(', ')}`,
    `# Case statuses (${names.case}.${names.caseStatus}): ${facts.caseStatuses.join(', ')}`,
  ];
  const types = Object.entries(facts.recordTypes);
  if (types.length > 0) {
    lines.push('# Record types: DECIDE whether each deserves its own journey or a segment (RecordTypeId conditions):');
    for (const [object, names] of types) lines.push(`#   ${object}: ${names.join(', ')}`);
  } else if (facts.crm === 'salesforce' && facts.notes.length === 0) {
    lines.push('# Record types: none besides Master.');
  }
  for (const note of facts.notes) lines.push(`# ${note}`);
  return lines;
}

/**
 * Renders the starting journey for an org's facts.
 *
 * @example
 * const text = renderStartingJourney(defaultOrgFacts('salesforce'), { id: 'acme', name: 'Acme', date: '2026-12-06' });
 */
export function renderStartingJourney(facts: OrgFacts, options: StartingJourneyOptions): string {
  const n = FACT_FIELDS[facts.crm];
  const open = facts.stages.filter((stage) => !stage.closed).map((stage) => stage.value);
  const won = facts.stages.filter((stage) => stage.won).map((stage) => stage.value);
  const lost = facts.stages.filter((stage) => stage.closed && !stage.won).map((stage) => stage.value);
  if (open.length === 0 || won.length === 0)
    throw new ConnectorError(
      'JOURNEY_INVALID',
      `${facts.source} has ${open.length === 0 ? 'no open' : 'no won'} opportunity stage, so the standard stages cannot be mapped.`,
      { actions: ['Check Setup > Opportunity Stages (or the sales_stage dropdown), or start from journeys/*.yaml.'] },
    );
  const closing = open.slice(open.length >= 3 ? -2 : -1);
  const closingProbabilities = facts.stages
    .filter((stage) => closing.includes(stage.value) && stage.probability !== undefined)
    .map((stage) => `${String(stage.probability)}%`);
  const leads = sortLeadStatuses(facts.leadStatuses);
  const openCases = facts.caseStatuses.filter((status) => !CLOSED_CASE.test(status));
  const wonWithin = (days: string): string => `{ ${oneOf(n.stage, won)}, ${n.closeDate}: { ${days} } }`;
  const lines = [
    ...header(facts, options),
    `journey: ${options.id}`,
    `name: ${JSON.stringify(options.name)}`,
    'revision: 1',
    `crm: ${facts.crm}`,
    'customer:',
    `  root: ${n.root} # DECIDE: one customer = one ${n.root === 'Account' ? 'account' : 'account record'}; unconverted leads are customers of their own`,
    'resolution: furthest',
    '',
    'stages:',
    '  - id: awareness',
    '    label: Awareness',
    '    description: I have a problem and I am looking at who could solve it.',
    '    targetDays: 14',
    '    when:',
    '      $or:',
    `        - ${n.lead}: {}`,
    `        - ${n.root}: {}`,
    '',
    '  - id: engagement',
    '    label: Engagement',
    '    description: I am talking to them and sharing my situation.',
    '    targetDays: 21',
    `    # DECIDE: the lead statuses that mean "in conversation"; a completed task or any meeting counts too.`,
    '    when:',
    '      $or:',
    ...(leads.working.length > 0 ? [`        - ${n.lead}: { ${oneOf(n.leadStatus, leads.working)} }`] : []),
    `        - ${n.task}: { ${n.taskStatus}: Completed }`,
    `        - ${n.meeting}: {}`,
    '',
    '  - id: evaluation',
    '    label: Evaluation',
    '    description: I am comparing options and building the case internally.',
    '    targetDays: 30',
    '    # DECIDE: every open stage counts as evaluating; purchase (next) takes the last ones.',
    '    when:',
    `      ${n.deal}: { ${oneOf(n.stage, open)} }`,
    '',
    '  - id: purchase',
    '    label: Purchase',
    '    description: I have chosen and am getting the contract signed.',
    '    targetDays: 21',
    `    # DECIDE: the last open stage${closing.length > 1 ? 's' : ''} by sort order${closingProbabilities.length > 0 ? ` (${closingProbabilities.join(', ')})` : ''} mean the customer has chosen.`,
    '    when:',
    `      ${n.deal}: { ${oneOf(n.stage, closing)} }`,
    '',
    '  - id: onboarding',
    '    label: Onboarding',
    '    description: I have bought; now I need it to work for my team.',
    '    targetDays: 60',
    '    # DECIDE: onboarding lasts 90 days after a won deal here.',
    '    when:',
    `      ${n.deal}: ${wonWithin('$withinLastDays: 90')}`,
    '',
    '  - id: retention',
    '    label: Retention',
    '    description: I use it every day and decide whether to renew.',
    '    targetDays: 365',
    '    when:',
    `      ${n.deal}: ${wonWithin('$olderThanDays: 90, $withinLastDays: 730')}`,
    '',
    '  - id: advocacy',
    '    label: Advocacy',
    '    description: I recommend them to peers.',
    `    # DECIDE: two won deals in two years${openCases.length > 0 ? ' and no open case' : ''} make an advocate.`,
    '    when:',
    '      $and:',
    `        - ${n.deal}: { $count: { where: ${wonWithin('$withinLastDays: 730')}, $gte: 2 } }`,
    ...(openCases.length > 0 ? [`        - ${n.case}: { $none: { ${oneOf(n.caseStatus, openCases)} } }`] : []),
    '',
    'moves:',
    ...(lost.length > 0
      ? [
          '  - id: deal-lost',
          '    label: Deal lost',
          '    outcome: lost',
          '    from: [evaluation, purchase]',
          '    to: engagement',
          '    reason: Every open deal was lost; back to nurturing.',
          '    when:',
          '      $and:',
          `        - ${n.deal}: { ${oneOf(n.stage, lost)} }`,
          `        - ${n.deal}: { $none: { ${oneOf(n.stage, open)} } }`,
          `        - ${n.deal}: { $none: { ${oneOf(n.stage, won)} } }`,
        ]
      : []),
    '  - id: lapsed',
    '    label: Lapsed',
    '    outcome: churned',
    '    from: [onboarding, retention, advocacy]',
    '    to: engagement',
    '    reason: No renewal or new deal won in over a year; the customer has lapsed.',
    '    # DECIDE: how long without a won deal before a customer has lapsed (400 days here).',
    '    when:',
    '      $and:',
    `        - ${n.deal}: { $none: ${wonWithin('$withinLastDays: 400')} }`,
    `        - ${n.deal}: { $none: { ${oneOf(n.stage, open)} } }`,
    ...(leads.lost.length > 0
      ? [
          '  - id: disqualified',
          '    label: Disqualified',
          '    outcome: disqualified',
          '    from: [engagement]',
          '    to: awareness',
          '    reason: The lead was closed as not converted.',
          '    when:',
          `      ${n.lead}: { ${oneOf(n.leadStatus, leads.lost)} }`,
        ]
      : []),
  ];
  return `${lines.join('\n')}\n`;
}
