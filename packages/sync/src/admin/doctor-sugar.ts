// `crm-journey doctor` on a SugarCRM instance: what its REST API lets us check, and "could not check"
// (with what to look at instead) for the rest.
import { crmProfile } from '@crm-journey/connector';
import type { SugarAdminApi } from '@crm-journey/connector/sugarcrm';
import { journeyFieldsItem, type DoctorItem } from './doctor-item.ts';

const PACKAGE =
  'Run `crm-journey package sugarcrm --out crm-journey.zip` and install the zip in Admin > Module Loader.';

/** The readiness items of a Sugar instance, for the customer root `root`. */
export async function checkSugarInstance(sugar: SugarAdminApi, root: string): Promise<DoctorItem[]> {
  const profile = crmProfile('sugarcrm');
  const modules = await sugar.modules();
  const user = await sugar.user();
  const has = (module: string, field: string): boolean => modules.get(module)?.fields[field] !== undefined;
  const missing = [root, profile.lead.object].flatMap((module) =>
    Object.values(profile.journeyFields)
      .filter((field) => !has(module, field))
      .map((field) => `${module}.${field}`),
  );
  const activities = [...new Set(Object.values(profile.activityObjects))];
  const noKey = activities.filter((module) => !has(module, profile.actionKeyField));
  return [
    journeyFieldsItem(missing, `${root} and ${profile.lead.object}`, PACKAGE),
    noKey.length === 0
      ? {
          id: 'action-key',
          title: 'Action key',
          status: 'pass',
          detail: `${profile.actionKeyField} on ${activities.join(', ')}.`,
        }
      : {
          id: 'action-key',
          title: 'Action key',
          status: 'fail',
          detail: `missing on ${noKey.join(', ')} (Sugar has no unique index; the sync looks the key up before it creates).`,
          fix: PACKAGE,
        },
    user.isAdmin
      ? {
          id: 'permission-set',
          title: 'Permissions',
          status: 'pass',
          detail: `SugarCRM has no permission sets; ${user.userName} is an administrator.`,
        }
      : {
          id: 'permission-set',
          title: 'Permissions',
          status: 'unknown',
          detail: `could not check: SugarCRM has no permission sets and its REST API does not show ${user.userName}'s roles.`,
          fix: `In Admin > Role Management, give ${user.userName}'s role edit access to ${root} and ${profile.lead.object} and create access to ${activities.join(', ')}.`,
        },
    {
      id: 'access',
      title: 'Object and field access',
      status: 'unknown',
      detail: `could not check: Sugar's REST API does not report field-level access for ${user.userName}.`,
      fix: 'Run `crm-journey sync --dry-run` and then one sync; a refused write names the field.',
    },
    {
      id: 'api-allowance',
      title: 'API allowance',
      status: 'unknown',
      detail:
        'could not check: SugarCRM has no API allowance endpoint; it answers 429 when rate-limited, and the sync backs off.',
    },
    {
      id: 'panel',
      title: 'Journey panel',
      status: 'unknown',
      detail: "could not check: Sugar's REST API does not list installed dashlets.",
      fix: 'Check Admin > Module Loader for the crm-journey package, and add the "Customer journey" dashlet to the record dashboards.',
    },
  ];
}
