import {
  evaluateCustomer,
  explainCustomer,
  type CompiledJourney,
  type CrmConnector,
  type CustomerExplanation,
  type JourneyState,
} from '@crm-journey/connector';

/** A customer's current state and the reasons for it. */
export interface CrmExplanation {
  readonly state: JourneyState;
  readonly explanation: CustomerExplanation;
}

/**
 * Reads one customer from the CRM (the connector's `customerIds` read: a handful of queries, not a
 * scan) and explains where it stands now; undefined when the CRM has no such customer.
 *
 * @example
 * const found = await explainFromCrm(connector, compiled, '001xx000003DGb2AAG');
 */
export async function explainFromCrm(
  connector: CrmConnector,
  journey: CompiledJourney,
  customerId: string,
  previous: JourneyState | undefined,
  asOf: number = Date.now(),
): Promise<CrmExplanation | undefined> {
  for await (const read of connector.readCustomers(journey.definition, { customerIds: [customerId], asOf })) {
    const input = {
      customer: read.customer,
      records: read.records,
      changes: read.changes,
      previous: read.stored ?? previous ?? null,
      asOf,
    };
    const state = evaluateCustomer(journey, input);
    return { state, explanation: explainCustomer(journey, input, state) };
  }
  return undefined;
}
