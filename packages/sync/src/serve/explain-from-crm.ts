import type { CrmConnector, CustomerExplanation, JourneyDefinition, JourneyState } from '@crm-journey/connector';
import type { EvaluationPool } from './evaluation-pool.ts';

/** A customer's current state and the reasons for it. */
export interface CrmExplanation {
  readonly state: JourneyState;
  readonly explanation: CustomerExplanation;
}

/** The served journey's key in the evaluation pool's cache of compiled journeys. */
const SERVED_JOURNEY = 'served';

/**
 * Reads one customer from the CRM (the connector's `customerIds` read: a handful of queries, not a
 * scan) and explains where it stands now, on the pool's worker thread; undefined when the CRM has no
 * such customer.
 *
 * @example
 * const found = await explainFromCrm(connector, pool, definition, '001xx000003DGb2AAG', undefined);
 */
export async function explainFromCrm(
  connector: CrmConnector,
  pool: EvaluationPool,
  definition: JourneyDefinition,
  customerId: string,
  previous: JourneyState | undefined,
  asOf: number = Date.now(),
  signal?: AbortSignal,
): Promise<CrmExplanation | undefined> {
  for await (const read of connector.readCustomers(definition, { customerIds: [customerId], asOf })) {
    const input = {
      customer: read.customer,
      records: read.records,
      changes: read.changes,
      previous: read.stored ?? previous ?? null,
      asOf,
    };
    const [found] = await pool.run(
      {
        journeyKey: `${SERVED_JOURNEY}:${definition.id}:${String(definition.revision)}`,
        definition,
        inputs: [input],
        explain: true,
      },
      signal,
    );
    if (!found?.explanation) return undefined;
    return { state: found.state, explanation: found.explanation };
  }
  return undefined;
}
