import type { CrmProfile } from './crm-profile.ts';
import type { Crm } from './crm-schema.ts';
import { salesforceProfile } from './salesforce-profile.ts';
import { sugarcrmProfile } from './sugarcrm-profile.ts';

/** The bundled profile of a CRM: its standard objects, fields and default picklist values. */
export function crmProfile(crm: Crm): CrmProfile {
  return crm === 'salesforce' ? salesforceProfile : sugarcrmProfile;
}
