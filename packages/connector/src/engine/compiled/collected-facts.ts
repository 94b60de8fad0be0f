import type { CrmRecord } from '../../records/crm-record.ts';
import type { CollectedFacts } from './generated-module.ts';

/** A touchpoint candidate's place in the closures' order: by time, then rule, then record. */
function before(facts: Facts, x: number, y: number): boolean {
  const ax = facts.tpAt[x] ?? 0;
  const ay = facts.tpAt[y] ?? 0;
  if (ax !== ay) return ax < ay;
  const rx = facts.tpRule[x] ?? 0;
  const ry = facts.tpRule[y] ?? 0;
  return rx !== ry ? rx < ry : (facts.tpIndex[x] ?? 0) < (facts.tpIndex[y] ?? 0);
}

/**
 * What the generated `collect` found in one customer's records, in arrays reused from customer to
 * customer so that a sync allocates only what the `JourneyState` keeps.
 */
export class Facts implements CollectedFacts {
  later = 0;
  touchpointCount = 0;
  readonly tpRule: number[] = [];
  readonly tpIndex: number[] = [];
  readonly tpAt: number[] = [];
  readonly tpDate: unknown[] = [];
  /** The candidate record's id and subject field, as read (the touchpoint turns them into texts). */
  readonly tpId: unknown[] = [];
  readonly tpSubject: unknown[] = [];
  readonly tpEmotion: number[] = [];
  /** Keyed activities: the index of each key's object and record. */
  readonly activities = new Map<string, number>();
  readonly activityObject: string[] = [];
  readonly activityRecord: CrmRecord[] = [];
  /** The candidates' order, rewritten by `touchpointOrder` for each customer. */
  private readonly order: number[] = [];

  /** Forgets the previous customer. */
  reset(): void {
    this.later = 0;
    this.touchpointCount = 0;
    if (this.activities.size > 0) this.activities.clear();
    this.activityObject.length = 0;
    this.activityRecord.length = 0;
  }

  addTouchpoint(
    rule: number,
    index: number,
    at: number,
    date: unknown,
    id: unknown,
    subject: unknown,
    emotion: number,
  ): void {
    const n = this.touchpointCount++;
    this.tpRule[n] = rule;
    this.tpIndex[n] = index;
    this.tpAt[n] = at;
    this.tpDate[n] = date;
    this.tpId[n] = id;
    this.tpSubject[n] = subject;
    this.tpEmotion[n] = emotion;
  }

  addActivity(key: string, object: string, record: unknown): void {
    // As a Map.set per record: a key found again keeps the later record.
    const at = this.activities.get(key);
    if (at !== undefined) {
      this.activityObject[at] = object;
      this.activityRecord[at] = record as CrmRecord;
      return;
    }
    this.activities.set(key, this.activityObject.length);
    this.activityObject.push(object);
    this.activityRecord.push(record as CrmRecord);
  }

  /**
   * The touchpoint candidates in the order the closures list them (an insertion sort: a handful per
   * customer), in an array reused for the next customer.
   */
  touchpointOrder(): readonly number[] {
    const order = this.order;
    order.length = 0;
    for (let i = 0; i < this.touchpointCount; i++) {
      order.push(i);
      let at = i;
      while (at > 0 && before(this, i, order[at - 1] ?? 0)) {
        order[at] = order[at - 1] ?? 0;
        at--;
      }
      order[at] = i;
    }
    return order;
  }
}
