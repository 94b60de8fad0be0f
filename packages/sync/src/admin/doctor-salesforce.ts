// `crm-journey doctor` on a Salesforce org: each item read through the admin API, "could not check"
// whenever the org (or the sandbox) does not answer, never a guess.
import { crmProfile } from '@crm-journey/connector';
import type { AdminDescribe, SalesforceAdminApi } from '@crm-journey/connector/salesforce';
import { couldNotCheck, journeyFieldsItem, type DoctorItem } from './doctor-item.ts';
import { PERMISSION_SET, STATIC_RESOURCE } from './salesforce-package.ts';

const INSTALL = 'Run `crm-journey install salesforce <target flags>` (add --check-only to preview).';
/** The share of the daily API requests below which a sync risks running out. */
const LOW_ALLOWANCE = 0.1;

async function describeAll(org: SalesforceAdminApi, objects: readonly string[]): Promise<Map<string, AdminDescribe>> {
  const described = new Map<string, AdminDescribe>();
  for (const object of objects) {
    const found = await org.describe(object);
    if (found) described.set(object, found);
  }
  return described;
}

function fieldItems(described: ReadonlyMap<string, AdminDescribe>, root: string): DoctorItem[] {
  const profile = crmProfile('salesforce');
  const field = (object: string, name: string) => described.get(object)?.fields.find((f) => f.name === name);
  const missing = [root, profile.lead.object].flatMap((object) =>
    Object.values(profile.journeyFields)
      .filter((name) => !field(object, name))
      .map((name) => `${object}.${name}`),
  );
  const activities = [...new Set(Object.values(profile.activityObjects))];
  const badKeys = activities.filter((object) => {
    const key = field(object, profile.actionKeyField);
    return key?.externalId !== true || key.unique !== true;
  });
  const fieldsItem = journeyFieldsItem(missing, `${root} and ${profile.lead.object}`, INSTALL);
  const keyItem: DoctorItem =
    badKeys.length === 0
      ? {
          id: 'action-key',
          title: 'Action key',
          status: 'pass',
          detail: `${profile.actionKeyField} is a unique external ID on ${activities.join(', ')}.`,
        }
      : {
          id: 'action-key',
          title: 'Action key',
          status: 'fail',
          detail: `${badKeys.map((object) => `${object}.${profile.actionKeyField}`).join(', ')} missing or not a unique external ID (retries could duplicate tasks).`,
          fix: INSTALL,
        };
  return [fieldsItem, keyItem];
}

function accessItem(described: ReadonlyMap<string, AdminDescribe>, root: string, username: string): DoctorItem {
  const profile = crmProfile('salesforce');
  const problems: string[] = [];
  for (const object of [root, profile.lead.object]) {
    const describe = described.get(object);
    if (describe?.updateable !== true) problems.push(`cannot edit ${object} records`);
    for (const name of Object.values(profile.journeyFields)) {
      const found = describe?.fields.find((f) => f.name === name);
      if (found && found.updateable !== true) problems.push(`${object}.${name} is read-only`);
    }
  }
  for (const object of new Set(Object.values(profile.activityObjects))) {
    const describe = described.get(object);
    if (describe?.createable !== true) problems.push(`cannot create ${object} records`);
    const key = describe?.fields.find((f) => f.name === profile.actionKeyField);
    if (key && key.createable !== true) problems.push(`${object}.${profile.actionKeyField} is read-only`);
  }
  return problems.length === 0
    ? {
        id: 'access',
        title: 'Object and field access',
        status: 'pass',
        detail: `${username} can edit the journey fields and create tasks and events.`,
      }
    : {
        id: 'access',
        title: 'Object and field access',
        status: 'fail',
        detail: `${username}: ${problems.join('; ')}.`,
        fix: `Assign the ${PERMISSION_SET} permission set (field access) and a profile that can edit ${root} and create tasks.`,
      };
}

async function permissionSetItem(org: SalesforceAdminApi, user: { id: string; username: string }): Promise<DoctorItem> {
  const title = `${PERMISSION_SET} permission set`;
  const fix = `sf org assign permset --name ${PERMISSION_SET} --target-org <alias> (or Setup > Permission Sets > ${PERMISSION_SET} > Manage Assignments).`;
  try {
    const rows = await org.query(
      `SELECT Id FROM PermissionSetAssignment WHERE AssigneeId = '${user.id}' AND PermissionSet.Name = '${PERMISSION_SET}' AND PermissionSet.NamespacePrefix = null`,
      'reading the permission set assignments',
    );
    if (rows.length > 0)
      return { id: 'permission-set', title, status: 'pass', detail: `assigned to ${user.username}.` };
    // Not assigned: say whether there is anything to assign yet (install deploys it; assigning is the admin's).
    const deployed = await org.query(
      `SELECT Id FROM PermissionSet WHERE Name = '${PERMISSION_SET}' AND NamespacePrefix = null`,
      'looking for the permission set',
    );
    return deployed.length > 0
      ? { id: 'permission-set', title, status: 'fail', detail: `not assigned to ${user.username}.`, fix }
      : {
          id: 'permission-set',
          title,
          status: 'fail',
          detail: `the ${PERMISSION_SET} permission set is not deployed, so it is not assigned to ${user.username}.`,
          fix: `${INSTALL} Then: ${fix}`,
        };
  } catch (error) {
    return couldNotCheck('permission-set', title, error, fix);
  }
}

async function allowanceItem(org: SalesforceAdminApi): Promise<DoctorItem> {
  const title = 'API allowance';
  try {
    const daily = (await org.limits())['DailyApiRequests'];
    if (!daily)
      return {
        id: 'api-allowance',
        title,
        status: 'unknown',
        detail: 'could not check: /limits has no DailyApiRequests.',
      };
    const detail = `${daily.Remaining.toLocaleString('en-US')} of ${daily.Max.toLocaleString('en-US')} daily API requests left.`;
    return daily.Remaining >= daily.Max * LOW_ALLOWANCE
      ? { id: 'api-allowance', title, status: 'pass', detail }
      : {
          id: 'api-allowance',
          title,
          status: 'fail',
          detail: `${detail} Under ${LOW_ALLOWANCE * 100}%: a sync may run out.`,
          fix: 'Wait for the rolling 24-hour window, lengthen the sync --interval, or raise the limit with Salesforce.',
        };
  } catch (error) {
    return couldNotCheck('api-allowance', title, error);
  }
}

async function panelItem(org: SalesforceAdminApi): Promise<DoctorItem> {
  const title = 'Journey panel';
  try {
    const rows = await org.query(
      `SELECT Id, LastModifiedDate FROM StaticResource WHERE Name = '${STATIC_RESOURCE}' AND NamespacePrefix = null`,
      'looking for the panel’s static resource',
    );
    const modified = rows[0]?.['LastModifiedDate'];
    return rows.length > 0
      ? {
          id: 'panel',
          title,
          status: 'pass',
          detail: `the ${STATIC_RESOURCE} static resource is deployed${typeof modified === 'string' ? ` (last modified ${modified})` : ''}; whether it is on the record pages shows in Lightning App Builder.`,
        }
      : {
          id: 'panel',
          title,
          status: 'fail',
          detail: `the ${STATIC_RESOURCE} static resource is not deployed.`,
          fix: INSTALL,
        };
  } catch (error) {
    return couldNotCheck('panel', title, error, INSTALL);
  }
}

/**
 * The readiness items of a Salesforce org: journey fields, action key, permission set, access, API
 * allowance and the panel, for the customer root `root`.
 */
export async function checkSalesforceOrg(org: SalesforceAdminApi, root: string): Promise<DoctorItem[]> {
  const profile = crmProfile('salesforce');
  const user = await org.user();
  const described = await describeAll(org, [
    ...new Set([root, profile.lead.object, ...Object.values(profile.activityObjects)]),
  ]);
  return [
    ...fieldItems(described, root),
    await permissionSetItem(org, user),
    accessItem(described, root, user.username),
    await allowanceItem(org),
    await panelItem(org),
  ];
}
