import type { CompiledJourney } from '../engine/compile-journey.ts';
import type { CustomerCondition } from '../conditions/condition-ast.ts';
import type { MapDeed } from './journey-map.ts';
import type { ReportCustomer } from './report-customer.ts';
import type { ReportPeriod } from './stage-metrics.ts';

/** The objects a customer condition names. */
function conditionObjects(condition: CustomerCondition, into = new Set<string>()): Set<string> {
  if (condition.kind === 'quantified') into.add(condition.object);
  else if (condition.kind === 'not') conditionObjects(condition.item, into);
  else for (const item of condition.items) conditionObjects(item, into);
  return into;
}

/**
 * Counts what customers did in each stage: records created in the period, each under the stage the
 * customer was in when it was created (as touchpoints are).
 */
export class DoingTallies {
  readonly #journey: CompiledJourney;
  readonly #period: ReportPeriod;
  readonly #counts: Map<string, number>[];

  constructor(journey: CompiledJourney, period: ReportPeriod) {
    this.#journey = journey;
    this.#period = period;
    this.#counts = journey.stages.map(() => new Map<string, number>());
  }

  /** Adds one customer's records. */
  add(customer: ReportCustomer): void {
    const { from, to } = this.#period;
    const { history } = customer;
    for (const deed of customer.records ?? []) {
      if (deed.at < from || deed.at > to) continue;
      let stage: string | undefined;
      for (const transition of history) {
        if (transition.at > deed.at) break;
        stage = transition.to;
      }
      // A record created before the customer's first stage is what put them in it.
      stage ??= history[0]?.to;
      const counts = this.#counts[this.#journey.stageIndex.get(stage ?? '') ?? -1];
      if (counts) counts.set(deed.object, (counts.get(deed.object) ?? 0) + 1);
    }
  }

  /** Per stage, the record kinds, most frequent first. */
  byStage(): MapDeed[][] {
    return this.#journey.stages.map((stage, index) => {
      const drives = conditionObjects(stage.definition.when);
      return [...(this.#counts[index] ?? new Map<string, number>()).entries()]
        .map(([object, count]) => ({ object, count, drives: drives.has(object) }))
        .sort((a, b) => b.count - a.count || a.object.localeCompare(b.object));
    });
  }
}
