import {
  compileJourney,
  isCustomName,
  evaluateCustomer,
  explainCustomer,
  groupCustomers,
  type CompiledJourney,
  type CustomerInput,
  type JourneyState,
} from '@crm-journey/connector';
import type { CliContext } from '../cli/cli-context.ts';
import { UsageError } from '../cli/cli-context.ts';
import { loadJourney, loadSnapshot } from '../cli/load-files.ts';
import type { CommandInput } from '../cli/command-definition.ts';
import type { evaluateFlags } from '../cli/definitions/evaluate-definition.ts';
import { parseAsOf } from '../cli/parse-options.ts';
import { formatTable } from '../output/format-table.ts';

/** One evaluated customer with the input it came from (for explanations). */
export interface EvaluatedCustomer {
  readonly input: CustomerInput;
  readonly state: JourneyState;
}

/** Loads a journey and a snapshot and evaluates every customer in it. */
export function evaluateSnapshot(
  context: CliContext,
  journeyPath: string,
  recordsPath: string,
  asOf: number,
): { journey: CompiledJourney; customers: EvaluatedCustomer[] } {
  const definition = loadJourney(context, journeyPath);
  const snapshot = loadSnapshot(context, recordsPath, definition);
  const journey = compileJourney(definition);
  const { customers, unattached } = groupCustomers(definition, snapshot);
  for (const [object, count] of Object.entries(unattached)) {
    const custom = isCustomName(definition.profile.crm, object) && definition.links[object] === undefined;
    const why = custom
      ? `${object} is a custom object without customer.links.${object} in the journey, so nothing says which field points at the ${definition.root}`
      : `none of them points at a ${definition.root}, lead or related record of a customer in the snapshot`;
    context.stderr.write(`warning: ${count} ${object} record(s) in ${recordsPath} were left out: ${why}.\n`);
  }
  return {
    journey,
    customers: customers.map((set) => {
      const input: CustomerInput = { customer: set.customer, records: set.records, changes: set.changes, asOf };
      return { input, state: evaluateCustomer(journey, input) };
    }),
  };
}

function stageLabel(journey: CompiledJourney, id: string | null): string {
  if (id === null) return '(none)';
  return journey.stages[journey.stageIndex.get(id) ?? -1]?.definition.label ?? id;
}

/** The readable table of `evaluate`. */
export function formatEvaluation(journey: CompiledJourney, customers: readonly EvaluatedCustomer[]): string {
  const rows = customers.map(({ state }) => {
    const time = state.timeInStage;
    const open = state.nextActions.filter((action) => action.status === 'new' || action.status === 'blocked');
    return [
      state.customer.name ?? state.customer.id,
      state.customer.type,
      stageLabel(journey, state.stage),
      state.segment ?? '-',
      time === null ? '-' : `${time.days}d${time.targetDays === null ? '' : ` / ${time.targetDays}d`} ${time.status}`,
      open.length === 0 ? '-' : `${open[0]?.subject ?? ''}${open.length > 1 ? ` (+${open.length - 1})` : ''}`,
    ];
  });
  const counts = journey.stages.map((stage) => [
    stage.definition.label,
    String(customers.filter(({ state }) => state.stage === stage.definition.id).length),
  ]);
  const none = customers.filter(({ state }) => state.stage === null).length;
  if (none > 0) counts.push(['(no stage)', String(none)]);
  return [
    formatTable(['Customer', 'Type', 'Stage', 'Segment', 'Time in stage', 'Next action'], rows),
    '',
    formatTable(['Stage', 'Customers'], counts),
    '',
  ].join('\n');
}

/** `crm-journey evaluate --journey <file> --records <snapshot.json> [--as-of <ISO>] [--customer <id>] [--json]` */
export function evaluateCommand({ values }: CommandInput<typeof evaluateFlags>, context: CliContext): number {
  const asOf = parseAsOf('evaluate', values['as-of']);
  const { journey, customers } = evaluateSnapshot(context, values.journey, values.records, asOf);
  const selected =
    values.customer === undefined ? customers : customers.filter(({ state }) => state.customer.id === values.customer);
  if (values.customer !== undefined && selected.length === 0)
    throw new UsageError(`crm-journey evaluate: no customer with id ${values.customer} in the snapshot.`);
  if (values.json) {
    const out = selected.map(({ input, state }) => ({
      ...state,
      explain: explainCustomer(journey, input, state).rules,
    }));
    context.stdout.write(
      `${JSON.stringify({ journey: { id: journey.definition.id, revision: journey.definition.revision }, asOf: new Date(asOf).toISOString(), customers: out }, null, 2)}\n`,
    );
  } else {
    context.stdout.write(formatEvaluation(journey, selected));
  }
  return 0;
}
