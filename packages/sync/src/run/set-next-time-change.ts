import {
  nextTimeChange,
  type CompiledJourneySet,
  type CustomerInput,
  type SetEvaluation,
} from '@crm-journey/connector';

/**
 * When a customer's placement in a set can next change by time alone (ISO), or null: the soonest of its
 * own journey's next change and, in a set of several, of every other journey's conditions (an entry that
 * starts or stops holding moves it between journeys). Conservative: never later than the first real change.
 *
 * @example
 * const evaluation = evaluateCustomerInSet(compiled, input);
 * store.setDue(scope, [{ customerId, dueAt: setNextTimeChange(compiled, input, evaluation) }]);
 */
export function setNextTimeChange(
  set: CompiledJourneySet,
  input: CustomerInput,
  evaluation: SetEvaluation,
): string | null {
  const placed = evaluation.placement.journey;
  const candidates = set.journeys
    .filter((member) => set.journeys.length > 1 || member.journey === placed)
    .map((member) => nextTimeChange(member.journey, input, member.journey === placed ? evaluation.state : null));
  // ISO instants in one format sort as text.
  return candidates.reduce<string | null>(
    (soonest, at) => (at !== null && (soonest === null || at < soonest) ? at : soonest),
    null,
  );
}
