import { DAY_MS } from '../records/field-values.ts';
import type { CompiledJourney } from '../engine/compile-journey.ts';
import type { OverdueCustomer, OwnerOverdue } from './journey-report.ts';
import type { ReportCustomer } from './report-customer.ts';
import { targetDays, type ReportPeriod } from './stage-metrics.ts';
import type { StageStay } from './stage-stays.ts';
import { roundDays } from './summarize-durations.ts';

/** Owners listed in the report. */
const TOP_OWNERS = 10;
/** Overdue customers listed in the report. */
const TOP_CUSTOMERS = 25;

/** Accumulates the overdue customers at the end of the period and their owners. */
export class OverdueTallies {
  readonly #journey: CompiledJourney;
  readonly #period: ReportPeriod;
  readonly #owners = new Map<string, { overdue: number; customers: number }>();
  #customers: OverdueCustomer[] = [];

  constructor(journey: CompiledJourney, period: ReportPeriod) {
    this.#journey = journey;
    this.#period = period;
  }

  /** Adds one customer, given its stays as they stood at the end of the period. */
  add(customer: ReportCustomer, stays: readonly StageStay[]): void {
    const open = stays[stays.length - 1];
    if (open === undefined || open.leftAt !== null) return;
    const target = targetDays(this.#journey, customer.segment, this.#journey.stageIndex.get(open.stage) ?? -1);
    if (target === undefined) return;
    const days = (this.#period.to - open.enteredAt) / DAY_MS;
    const overdue = days >= target;
    if (customer.owner !== null) {
      const owner = this.#owners.get(customer.owner) ?? { overdue: 0, customers: 0 };
      owner.customers++;
      if (overdue) owner.overdue++;
      this.#owners.set(customer.owner, owner);
    }
    if (!overdue) return;
    this.#customers.push({
      id: customer.id,
      type: customer.type,
      name: customer.name,
      stage: open.stage,
      segment: customer.segment,
      owner: customer.owner,
      days: roundDays(days),
      targetDays: target,
    });
    // Keep the list bounded on a 100,000-customer org: trim now and then.
    if (this.#customers.length > TOP_CUSTOMERS * 40) this.#customers = this.#top();
  }

  #top(): OverdueCustomer[] {
    return this.#customers
      .sort((a, b) => b.days - b.targetDays - (a.days - a.targetDays) || a.id.localeCompare(b.id))
      .slice(0, TOP_CUSTOMERS);
  }

  /** Owners with the most overdue customers. */
  owners(): OwnerOverdue[] {
    return [...this.#owners.entries()]
      .filter(([, owner]) => owner.overdue > 0)
      .map(([owner, counts]) => ({ owner, ...counts }))
      .sort((a, b) => b.overdue - a.overdue || a.owner.localeCompare(b.owner))
      .slice(0, TOP_OWNERS);
  }

  /** The customers furthest over their target. */
  customers(): OverdueCustomer[] {
    return this.#top();
  }
}
