import type { CrmRecord } from '../records/crm-record.ts';
import type { JourneyDefinition } from '../journey/journey-definition.ts';
import { fetchAll, type SugarQuery } from './sugar-filter-pages.ts';
import type { SugarReadContext } from './sugar-read-context.ts';
import { sugarRootFingerprint } from './sugar-root-fingerprint.ts';
import { parseStoredStateField } from '../connector/stored-state-field.ts';

/** Customers touched since a watermark: ids to read again, and roots deleted. */
export interface ChangedCustomers {
  readonly ids: readonly string[];
  readonly deleted: readonly string[];
}

const text = (value: unknown): string => (typeof value === 'string' ? value : '');

const isDeleted = (record: CrmRecord): boolean =>
  record['deleted'] === true || record['deleted'] === 1 || record['deleted'] === '1';

/**
 * Finds the customers with a record modified at or after `since` (`date_modified $gte`, deleted rows
 * included; Sugar stamps to the second, so an edit in the watermark's own second is not missed):
 * root and lead ids directly, related records through their link fields, and records hanging on a contact,
 * opportunity or case through one more lookup of that parent.
 *
 * Except the echo of our own writes, which would otherwise re-read every customer a run wrote:
 * - a root row is our echo when its fingerprint (every field but the journey fields and `date_modified`,
 *   `modified_user_id` and the like) equals the `source` stored with the state: any other edit, by anyone
 *   (the integration user too), between our read and our write or after it, changes the fingerprint.
 * - an activity row is our echo when its id is in the stored state of an echo root and it was not modified
 *   after its creation (`date_modified` equals `date_entered`, to the second: an edit within the second of
 *   our create would pass for ours).
 */
export async function changedCustomers(
  context: SugarReadContext,
  journey: JourneyDefinition,
  since: string,
): Promise<ChangedCustomers> {
  const { plan, contactPlan, maxNum, client } = context;
  const { lead } = journey.profile;
  const changedSince = [{ date_modified: { $gte: since } }];
  const plans = contactPlan === undefined ? [plan] : [plan, contactPlan];
  const modules = plans.flatMap((each) => [each.root, each.leads, ...each.modules.map((module) => module.module)]);
  const unique = [...new Set(modules)];
  const results = await fetchAll(
    client,
    unique.map((module): SugarQuery => ({ module, filter: changedSince, deleted: true })),
    maxNum,
  );
  const ids = new Set<string>();
  const deleted = new Set<string>();
  const hops = new Map<string, Set<string>>();
  const stateField = journey.profile.journeyFields.state;
  const isOwnCustomer = (module: string, record: CrmRecord): boolean =>
    module === plan.root ||
    (module === contactPlan?.root && text(record['account_id']) === '') ||
    (module === plan.leads && record[lead.convertedField] !== true);
  // Roots and leads first: the echo roots' states name the activities we created.
  const echoes = new Set<CrmRecord>();
  const ourActivities = new Set<string>();
  unique.forEach((module, index) => {
    for (const record of results[index] ?? []) {
      if (!isOwnCustomer(module, record) || isDeleted(record)) continue;
      const { state, source } = parseStoredStateField(record[stateField], journey);
      if (source === undefined || source !== sugarRootFingerprint(journey, record)) continue;
      echoes.add(record);
      for (const action of state?.nextActions ?? []) if (action.recordId) ourActivities.add(action.recordId);
    }
  });
  const isEcho = (module: string, record: CrmRecord): boolean =>
    echoes.has(record) ||
    (journey.profile.objects[module]?.role === 'activity' &&
      !isDeleted(record) &&
      ourActivities.has(text(record['id'])) &&
      text(record['date_modified']) === text(record['date_entered']));
  const follow = (module: string, record: CrmRecord, into: (module: string | undefined, id: string) => void): void => {
    const rules = plans.flatMap((each) => each.modules.find((entry) => entry.module === module)?.rules ?? []);
    for (const rule of rules) {
      if (rule.typeField !== undefined && record[rule.typeField] !== rule.typeValue) continue;
      const target = text(record[rule.field]);
      if (target !== '') into(rule.typeValue, target);
    }
  };
  unique.forEach((module, index) => {
    for (const record of results[index] ?? []) {
      if (isEcho(module, record)) continue;
      const id = text(record['id']);
      if (isOwnCustomer(module, record)) (isDeleted(record) ? deleted : ids).add(id);
      follow(module, record, (parent, target) => {
        ids.add(target);
        if (parent !== undefined && parent !== plan.root) {
          let set = hops.get(parent);
          if (!set) hops.set(parent, (set = new Set()));
          set.add(target);
        }
      });
    }
  });
  const hopModules = [...hops.keys()].filter((module) =>
    plans.some((each) => each.modules.some((entry) => entry.module === module)),
  );
  const parents = await fetchAll(
    client,
    hopModules.map((module): SugarQuery => ({ module, filter: [{ id: { $in: [...(hops.get(module) ?? [])] } }] })),
    maxNum,
  );
  hopModules.forEach((module, index) => {
    for (const record of parents[index] ?? []) follow(module, record, (_parent, target) => ids.add(target));
  });
  for (const id of deleted) ids.delete(id);
  return { ids: [...ids], deleted: [...deleted] };
}
