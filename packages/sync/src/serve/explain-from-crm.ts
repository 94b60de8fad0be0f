import {
  evaluateCustomerInSet,
  explainCustomer,
  journeySetReadDefinition,
  placementReason,
  type CompiledJourneySet,
  type CrmConnector,
  type CustomerExplanation,
  type JourneyState,
} from '@crm-journey/connector';

/** A customer's current state and the reasons for it. */
export interface CrmExplanation {
  readonly state: JourneyState | null;
  readonly explanation: CustomerExplanation | null;
  /** In a journey set: why the customer is in its journey (or in none). */
  readonly placement?: string;
}

/**
 * Reads one customer from the CRM (the connector's `customerIds` read: a handful of queries, not a
 * scan) and explains where it stands now, in a set first which journey took it; undefined when the CRM
 * has no such customer.
 *
 * @example
 * const found = await explainFromCrm(connector, compiled, '001xx000003DGb2AAG');
 */
export async function explainFromCrm(
  connector: CrmConnector,
  set: CompiledJourneySet,
  customerId: string,
  previous: JourneyState | undefined,
  asOf: number = Date.now(),
): Promise<CrmExplanation | undefined> {
  const definition = journeySetReadDefinition(set.definition);
  for await (const read of connector.readCustomers(definition, { customerIds: [customerId], asOf })) {
    const input = {
      customer: read.customer,
      records: read.records,
      changes: read.changes,
      previous: read.stored ?? previous ?? null,
      asOf,
    };
    const { state, placement } = evaluateCustomerInSet(set, input);
    const why = set.journeys.length > 1 ? { placement: placementReason(placement) } : {};
    if (state === null || placement.journey === undefined) return { state: null, explanation: null, ...why };
    return { state, explanation: explainCustomer(placement.journey, input, state), ...why };
  }
  return undefined;
}
