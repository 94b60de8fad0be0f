import {
  compileJourneySet,
  isCustomName,
  evaluateCustomerInSet,
  explainCustomer,
  journeySetReadDefinition,
  placementReason,
  type CompiledJourney,
  type CompiledJourneySet,
  type CustomerInput,
  type CustomerRef,
  type JourneyPlacement,
  type JourneyState,
} from '@crm-journey/connector';
import type { CliContext } from '../cli/cli-context.ts';
import { UsageError } from '../cli/cli-context.ts';
import { loadSnapshotCustomers } from '../cli/load-snapshot.ts';
import { loadJourneySet } from '../cli/load-journey-set.ts';
import type { CommandInput } from '../cli/command-definition.ts';
import type { evaluateFlags } from '../cli/definitions/evaluate-definition.ts';
import { parseAsOf } from '../cli/parse-options.ts';
import { formatTable } from '../output/format-table.ts';

/** One evaluated customer with the input it came from (for explanations). */
export interface EvaluatedCustomer {
  /** Kept only for the customers `evaluateSnapshot` was asked to keep, so a large snapshot is not held. */
  readonly input: CustomerInput | undefined;
  readonly state: JourneyState;
  /** The customer's journey (in a set, the one whose entry took it). */
  readonly journey: CompiledJourney;
  readonly placement: JourneyPlacement;
}

/**
 * Loads a journey (or a journey set: several paths) and a snapshot, read as a stream, and evaluates every
 * customer in it; `unplaced` are the customers no journey of the set takes. The records of a customer are
 * kept (as `input`) only when `keep` says so: a large snapshot is read one customer at a time.
 */
export function evaluateSnapshot(
  context: CliContext,
  journeyPaths: readonly string[],
  recordsPath: string,
  asOf: number,
  command = 'evaluate',
  keep: (customer: CustomerRef) => boolean = () => true,
): {
  journey: CompiledJourney;
  set: CompiledJourneySet;
  customers: EvaluatedCustomer[];
  unplaced: { customer: CustomerRef; placement: JourneyPlacement }[];
} {
  const set = compileJourneySet(loadJourneySet(context, journeyPaths, command), { codegen: true });
  const definition = journeySetReadDefinition(set.definition);
  const [first] = set.journeys;
  if (!first) throw new UsageError(`crm-journey ${command}: --journey <file> is required.`);
  const { customers, unattached } = loadSnapshotCustomers(context, recordsPath, definition);
  for (const [object, count] of Object.entries(unattached)) {
    const custom = isCustomName(definition.profile.crm, object) && definition.links[object] === undefined;
    const why = custom
      ? `${object} is a custom object without customer.links.${object} in the journey, so nothing says which field points at the ${definition.root}`
      : `none of them points at a ${definition.root}, lead or related record of a customer in the snapshot`;
    context.stderr.write(`warning: ${count} ${object} record(s) in ${recordsPath} were left out: ${why}.\n`);
  }
  const evaluated: EvaluatedCustomer[] = [];
  const unplaced: { customer: CustomerRef; placement: JourneyPlacement }[] = [];
  for (const customer of customers) {
    const input: CustomerInput = {
      customer: customer.customer,
      records: customer.records,
      changes: customer.changes,
      asOf,
    };
    const { state, placement } = evaluateCustomerInSet(set, input);
    if (state === null || placement.journey === undefined) unplaced.push({ customer: input.customer, placement });
    else
      evaluated.push({
        input: keep(input.customer) ? input : undefined,
        state,
        journey: placement.journey,
        placement,
      });
  }
  return { journey: first.journey, set, customers: evaluated, unplaced };
}

function stageLabel(journey: CompiledJourney, id: string | null): string {
  if (id === null) return '(none)';
  return journey.stages[journey.stageIndex.get(id) ?? -1]?.definition.label ?? id;
}

/** The readable table of `evaluate`; with several journeys, a Journey column and a table per journey. */
export function formatEvaluation(
  journey: CompiledJourney,
  customers: readonly EvaluatedCustomer[],
  set?: CompiledJourneySet,
  unplaced = 0,
): string {
  const several = set !== undefined && set.journeys.length > 1;
  const rows = customers.map(({ state, journey: own }) => {
    const time = state.timeInStage;
    const open = state.nextActions.filter((action) => action.status === 'new' || action.status === 'blocked');
    return [
      state.customer.name ?? state.customer.id,
      state.customer.type,
      ...(several ? [own.definition.id] : []),
      stageLabel(own, state.stage),
      state.segment ?? '-',
      time === null ? '-' : `${time.days}d${time.targetDays === null ? '' : ` / ${time.targetDays}d`} ${time.status}`,
      open.length === 0 ? '-' : `${open[0]?.subject ?? ''}${open.length > 1 ? ` (+${open.length - 1})` : ''}`,
    ];
  });
  const journeys = several ? set.journeys.map((item) => item.journey) : [journey];
  const counts = journeys.flatMap((own) => {
    const mine = customers.filter((customer) => customer.journey.definition.id === own.definition.id);
    const label = (text: string): string => (several ? `${own.definition.id}: ${text}` : text);
    const lines = own.stages.map((stage) => [
      label(stage.definition.label),
      String(mine.filter(({ state }) => state.stage === stage.definition.id).length),
    ]);
    const none = mine.filter(({ state }) => state.stage === null).length;
    if (none > 0) lines.push([label('(no stage)'), String(none)]);
    return lines;
  });
  if (several) counts.push(['(in no journey)', String(unplaced)]);
  const head = [
    'Customer',
    'Type',
    ...(several ? ['Journey'] : []),
    'Stage',
    'Segment',
    'Time in stage',
    'Next action',
  ];
  return [formatTable(head, rows), '', formatTable(['Stage', 'Customers'], counts), ''].join('\n');
}

/** `crm-journey evaluate --journey <file> --records <snapshot.json> [--as-of <ISO>] [--customer <id>] [--json]` */
export function evaluateCommand({ values }: CommandInput<typeof evaluateFlags>, context: CliContext): number {
  const asOf = parseAsOf('evaluate', values['as-of']);
  // Only the JSON explains each customer from its records; the table needs none of them.
  const { journey, set, customers, unplaced } = evaluateSnapshot(
    context,
    values.journey ?? [],
    values.records,
    asOf,
    'evaluate',
    (customer) => values.json && (values.customer === undefined || customer.id === values.customer),
  );
  const several = set.journeys.length > 1;
  const selected =
    values.customer === undefined ? customers : customers.filter(({ state }) => state.customer.id === values.customer);
  if (values.customer !== undefined && selected.length === 0)
    throw new UsageError(`crm-journey evaluate: no customer with id ${values.customer} in the snapshot.`);
  if (values.json) {
    const out = selected.map(({ input, state, journey: own, placement }) => ({
      ...state,
      explain: input === undefined ? [] : explainCustomer(own, input, state).rules,
      ...(several ? { placement: placementReason(placement) } : {}),
    }));
    const head = several
      ? {
          journeys: set.journeys.map((item) => ({
            id: item.journey.definition.id,
            revision: item.journey.definition.revision,
          })),
          inNoJourney: unplaced.map(({ customer }) => customer.id),
        }
      : { journey: { id: journey.definition.id, revision: journey.definition.revision } };
    context.stdout.write(
      `${JSON.stringify({ ...head, asOf: new Date(asOf).toISOString(), customers: out }, null, 2)}\n`,
    );
  } else {
    context.stdout.write(formatEvaluation(journey, selected, set, unplaced.length));
  }
  return 0;
}
