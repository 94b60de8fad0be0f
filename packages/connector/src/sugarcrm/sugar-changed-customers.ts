import type { CrmRecord } from '../records/crm-record.ts';
import type { JourneyDefinition } from '../journey/journey-definition.ts';
import { fetchAll, type SugarQuery } from './sugar-filter-pages.ts';
import type { SugarReadContext } from './sugar-read-context.ts';

/** Customers touched since a watermark: ids to read again, and roots deleted. */
export interface ChangedCustomers {
  readonly ids: readonly string[];
  readonly deleted: readonly string[];
}

const text = (value: unknown): string => (typeof value === 'string' ? value : '');

/**
 * Finds the customers with a record modified at or after `since` (`date_modified $gte`, deleted rows
 * included; Sugar stamps to the second, so an edit in the watermark's own second is not missed):
 * root and lead ids directly, related records through their link fields, and records hanging on a contact,
 * opportunity or case through one more lookup of that parent.
 */
export async function changedCustomers(
  context: SugarReadContext,
  journey: JourneyDefinition,
  since: string,
): Promise<ChangedCustomers> {
  const { plan, maxNum, client } = context;
  const { lead } = journey.profile;
  const changedSince = [{ date_modified: { $gte: since } }];
  const modules = [plan.root, plan.leads, ...plan.modules.map((module) => module.module)];
  const unique = [...new Set(modules)];
  const results = await fetchAll(
    client,
    unique.map((module): SugarQuery => ({ module, filter: changedSince, deleted: true })),
    maxNum,
  );
  const ids = new Set<string>();
  const deleted = new Set<string>();
  const hops = new Map<string, Set<string>>();
  const follow = (module: string, record: CrmRecord, into: (module: string | undefined, id: string) => void): void => {
    for (const rule of plan.modules.find((entry) => entry.module === module)?.rules ?? []) {
      if (rule.typeField !== undefined && record[rule.typeField] !== rule.typeValue) continue;
      const target = text(record[rule.field]);
      if (target !== '') into(rule.typeValue, target);
    }
  };
  unique.forEach((module, index) => {
    for (const record of results[index] ?? []) {
      const id = text(record['id']);
      const gone = record['deleted'] === true || record['deleted'] === 1 || record['deleted'] === '1';
      const ownCustomer = module === plan.root || (module === plan.leads && record[lead.convertedField] !== true);
      if (ownCustomer) (gone ? deleted : ids).add(id);
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
  const hopModules = [...hops.keys()].filter((module) => plan.modules.some((entry) => entry.module === module));
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
