// The CRM host files run inside the CRM and cannot import the connector's profiles, so they write the
// journey field names and the new task's picklist values out again. This keeps those copies equal to the
// profiles: a field renamed in one place and not the other fails here.
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { salesforceProfile, sugarcrmProfile, type CrmProfile } from '@crm-journey/connector';
import { describe, expect, it } from 'vitest';
import { hostDirectory, readHostFile } from './index.ts';

const SALESFORCE_LOGIC = 'force-app/main/default/lwc/cjJourneyPanelHost/journeyHostLogic.js';
const SUGAR_DASHLET = 'custom/clients/base/views/cj-journey-panel/cj-journey-panel.js';

/** The part of journeyHostLogic.js this test calls. */
interface SalesforceHostLogic {
  readonly JOURNEY_FIELDS: unknown;
  readonly ACTION_KEY_FIELD: unknown;
  taskFieldsForAction(
    action: Readonly<Record<string, unknown>>,
    root: { objectApiName: string; recordId: string },
  ): Record<string, string>;
}

/** The profile's journey fields in the hosts' order, and every journey field name a host may use. */
function journeyFieldsOf(profile: CrmProfile): { ordered: string[]; known: Set<string> } {
  const { stage, enteredAt, state } = profile.journeyFields;
  return { ordered: [stage, enteredAt, state], known: new Set([stage, enteredAt, state, profile.actionKeyField]) };
}

/** Journey field names the source uses that the profile does not have. */
function unknownFields(source: string, pattern: RegExp, known: ReadonlySet<string>): string[] {
  return [...new Set(source.match(pattern))].filter((field) => !known.has(field));
}

/** A picklist of the profile's task object. */
function taskPicklist(profile: CrmProfile, field: string): readonly string[] | undefined {
  return profile.objects[profile.activityObjects.task]?.picklists[field];
}

describe('the CRM host files use the fields and values of the connector profiles', () => {
  it('Salesforce: journeyHostLogic.js reads the profile fields and writes tasks the profile describes', async () => {
    const file = join(hostDirectory('salesforce'), SALESFORCE_LOGIC);
    const logic = (await import(pathToFileURL(file).href)) as SalesforceHostLogic;
    const { ordered, known } = journeyFieldsOf(salesforceProfile);
    expect(logic.JOURNEY_FIELDS).toEqual(ordered);
    expect(logic.ACTION_KEY_FIELD).toBe(salesforceProfile.actionKeyField);
    expect(unknownFields(readHostFile('salesforce', SALESFORCE_LOGIC), /\bJourney_\w+__c\b/g, known)).toEqual([]);

    const root = { objectApiName: 'Account', recordId: '001000000000001AAA' };
    for (const priority of ['high', 'normal', 'low']) {
      const action = { key: 'k', type: 'task', subject: 'S', description: null, dueDate: null, priority };
      const fields = logic.taskFieldsForAction({ ...action, owner: { kind: 'queue', id: null } }, root);
      expect(fields['Status']).toBe(salesforceProfile.pipeline.taskStatus.open);
      expect(taskPicklist(salesforceProfile, 'Priority')).toContain(fields['Priority']);
      expect(fields[salesforceProfile.actionKeyField]).toBe('k');
    }
  });

  it('SugarCRM: the dashlet reads the profile fields and writes tasks the profile describes', () => {
    const source = readHostFile('sugarcrm', SUGAR_DASHLET);
    const { ordered, known } = journeyFieldsOf(sugarcrmProfile);
    const listed = /journeyFields: \[([^\]]*)\]/.exec(source)?.[1];
    expect(listed?.split(',').map((name) => name.trim().replace(/^'|'$/g, ''))).toEqual(ordered);
    expect(unknownFields(source, /\bjourney_\w+_c\b/g, known)).toEqual([]);

    // The dashlet is an object literal evaluated by Sidecar: read the task it builds from its source.
    const taskForAction = source.slice(source.indexOf('taskForAction:'));
    expect(/\bstatus: '([^']+)'/.exec(taskForAction)?.[1]).toBe(sugarcrmProfile.pipeline.taskStatus.open);
    expect(taskForAction).toContain(`${sugarcrmProfile.actionKeyField}: action.key`);
    const priorities = /var priority = \{([^}]*)\}/.exec(taskForAction)?.[1] ?? '';
    const values = [...priorities.matchAll(/: '([^']+)'/g)].map((match) => match[1]);
    expect(values).toHaveLength(3);
    for (const value of values) expect(taskPicklist(sugarcrmProfile, 'priority')).toContain(value);
  });
});
