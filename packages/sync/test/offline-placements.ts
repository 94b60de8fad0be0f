import {
  compileJourneySet,
  evaluateCustomerInSet,
  groupCustomers,
  journeySetReadDefinition,
  type JourneySetDefinition,
  type RecordsByObject,
} from '@crm-journey/connector';
import { DEFAULT_AS_OF } from '@crm-journey/sandbox';

/** `journey/stage` the offline engine gives each customer of the records at the sandboxes' as-of, by customer id. */
export function offlinePlacements(set: JourneySetDefinition, records: RecordsByObject): Map<string, string> {
  const compiled = compileJourneySet(set);
  const out = new Map<string, string>();
  for (const customer of groupCustomers(journeySetReadDefinition(set), records).customers) {
    const { state } = evaluateCustomerInSet(compiled, { ...customer, asOf: DEFAULT_AS_OF });
    if (state) out.set(customer.customer.id, `${state.journey.id}/${state.stage ?? ''}`);
  }
  return out;
}
