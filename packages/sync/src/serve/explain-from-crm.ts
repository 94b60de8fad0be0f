import {
  journeySetReadDefinition,
  type CrmConnector,
  type CustomerExplanation,
  type JourneySetDefinition,
  type JourneyState,
} from '@crm-journey/connector';
import type { EvaluationPool } from './evaluation-pool.ts';

/** A customer's current state and the reasons for it. */
export interface CrmExplanation {
  readonly state: JourneyState | null;
  readonly explanation: CustomerExplanation | null;
  /** In a journey set: why the customer is in its journey (or in none). */
  readonly placement?: string;
}

/** The served set's key in the evaluation pool's cache of compiled sets. */
const SERVED_SET = 'served';

/**
 * Reads one customer from the CRM (the connector's `customerIds` read: a handful of queries, not a
 * scan) and explains where it stands now, in a set first which journey took it, on the pool's worker
 * thread; undefined when the CRM has no such customer.
 *
 * @example
 * const found = await explainFromCrm(connector, pool, set, '001xx000003DGb2AAG', undefined);
 */
export async function explainFromCrm(
  connector: CrmConnector,
  pool: EvaluationPool,
  set: JourneySetDefinition,
  customerId: string,
  previous: JourneyState | undefined,
  asOf: number = Date.now(),
  signal?: AbortSignal,
): Promise<CrmExplanation | undefined> {
  const definition = journeySetReadDefinition(set);
  for await (const read of connector.readCustomers(definition, { customerIds: [customerId], asOf })) {
    const input = {
      customer: read.customer,
      records: read.records,
      changes: read.changes,
      previous: read.stored ?? previous ?? null,
      asOf,
    };
    const setKey = `${SERVED_SET}:${set.journeys.map((journey) => `${journey.id}:${String(journey.revision)}`).join('+')}`;
    return pool.explainInSet({ setKey, set, input }, signal);
  }
  return undefined;
}
