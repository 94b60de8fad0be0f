// The expectation a reference org gives: a twin of the schedule's org, synced by the same code with no
// fault and no skew, whose result a stateful scenario (a clock jump, an edit between runs) must equal.
import type { Sandbox } from '@crm-journey/sandbox';
import type { CampaignCrm } from './campaign-crm.ts';
import { storedHistory, type Expectation } from './journey-invariant.ts';

/**
 * The stages, stored histories and task keys the reference org holds, and the problems of the reference
 * itself (a duplicated task there would hide one in the org it is compared with).
 *
 * @example
 * const { want, problems } = referenceOutcome(crm, twin);
 */
export function referenceOutcome(
  crm: CampaignCrm,
  reference: Sandbox,
): { readonly want: Expectation; readonly problems: readonly string[] } {
  const stages = new Map<string, string | null>();
  const histories = new Map<string, readonly string[]>();
  const keys = new Set<string>();
  const problems: string[] = [];
  for (const object of crm.activities)
    for (const record of reference.inspect.records(object)) {
      const key = record[crm.keyField];
      if (typeof key !== 'string' || key === '') continue;
      if (keys.has(key)) problems.push(`the reference org holds task ${key} twice`);
      keys.add(key);
    }
  for (const root of crm.roots)
    for (const record of reference.inspect.records(root.object)) {
      if (root.skip?.(record) === true) continue;
      const id = String(record[crm.idField]);
      const stage = record[crm.stageField];
      stages.set(id, typeof stage === 'string' && stage !== '' ? stage : null);
      histories.set(id, storedHistory(record[crm.stateField]) ?? []);
    }
  return { want: { stages, histories, keys }, problems };
}
