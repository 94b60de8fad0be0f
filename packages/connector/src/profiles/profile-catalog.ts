import type { ObjectCatalog } from './object-catalog.ts';
import { isCustomName, type CrmProfile } from './crm-profile.ts';
import { ownValue } from '../records/own-value.ts';

/**
 * The object catalogue of a CRM's standard objects (not authoritative: orgs add fields and picklist
 * values, so those are checked against the org with `validate --org`).
 */
export function profileCatalog(profile: CrmProfile): ObjectCatalog {
  return {
    authoritative: false,
    customNames: profile.crm,
    objectNames: () => Object.keys(profile.objects),
    fields: (object) => ownValue(profile.objects, object)?.fields,
    picklist: (object, field) => ownValue(ownValue(profile.objects, object)?.picklists, field),
    isCustom: (name) => isCustomName(profile.crm, name),
  };
}
