import { explainCustomer, placementReason } from '@crm-journey/connector';
import type { CliContext } from '../cli/cli-context.ts';
import { UsageError } from '../cli/cli-context.ts';
import type { CommandInput } from '../cli/command-definition.ts';
import type { explainFlags } from '../cli/definitions/explain-definition.ts';
import { parseAsOf } from '../cli/parse-options.ts';
import { evaluateSnapshot } from './evaluate-command.ts';

/** `crm-journey explain --journey <file> --records <snapshot.json> --customer <id> [--as-of <ISO>] [--json]` */
export function explainCommand({ values }: CommandInput<typeof explainFlags>, context: CliContext): number {
  const customerId = values.customer;
  const { set, customers, unplaced } = evaluateSnapshot(
    context,
    values.journey ?? [],
    values.records,
    parseAsOf('explain', values['as-of']),
    'explain',
  );
  const several = set.journeys.length > 1;
  const outside = unplaced.find(({ input }) => input.customer.id === customerId);
  if (outside) {
    const reason = placementReason(outside.placement);
    context.stdout.write(
      values.json ? `${JSON.stringify({ state: null, placement: reason }, null, 2)}\n` : `${reason}\n`,
    );
    return 0;
  }
  const found = customers.find(({ state }) => state.customer.id === customerId);
  if (!found) {
    const ids = customers.slice(0, 5).map(({ state }) => state.customer.id);
    throw new UsageError(
      `crm-journey explain: no customer with id ${customerId} in the snapshot. Customers are root records or unconverted leads, e.g. ${ids.join(', ')}.`,
    );
  }
  const explanation = explainCustomer(found.journey, found.input, found.state);
  // In a set, first why the customer is in this journey: which entry held, which earlier ones did not.
  const placement = several ? placementReason(found.placement) : undefined;
  context.stdout.write(
    values.json
      ? `${JSON.stringify({ state: found.state, explanation, ...(placement === undefined ? {} : { placement }) }, null, 2)}\n`
      : `${[...(placement === undefined ? [] : [placement]), ...explanation.sentences].join('\n')}\n`,
  );
  return 0;
}
