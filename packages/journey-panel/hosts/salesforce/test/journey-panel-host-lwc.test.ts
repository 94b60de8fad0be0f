import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { userEvent } from 'vitest/browser';
import Host from 'c/cjJourneyPanelHost';
import type { JourneyState } from '@crm-journey/connector';
import { overdueEnterpriseState } from '../../../src/test-fixtures/journey-states.ts';
import { getByRole } from './closed-root-queries.ts';
import { mountHost } from './mount-host.ts';
import { ldsRecordStore } from './platform/lds-record-store.ts';

// The host runs in the LWC engine (@lwc/engine-dom), compiled by @lwc/compiler; its `lightning/*` imports
// are the stand-ins in ./platform (Lightning Data Service fed from `ldsRecordStore`) and the panel comes
// from the cjJourneyPanel static resource: the closed-root bundle the package builds (vitest.config.ts).

const ACCOUNT = overdueEnterpriseState.customer.id;
const CONTACT = '003000000000007AAA';
const discoveryCall = overdueEnterpriseState.nextActions[0];
const TASK_FIELDS = ['Subject', 'Status', 'Priority', 'TaskSubtype', 'ActivityDate', 'Description', 'OwnerId'];

function seedOrg(state: JourneyState | string): void {
  ldsRecordStore.reset({
    Account: { fields: ['Id', 'Name', 'Journey_Stage__c', 'Journey_Stage_Entered__c', 'Journey_State__c'] },
    Contact: { fields: ['Id', 'AccountId'] },
    Task: { fields: [...TASK_FIELDS, 'WhoId', 'WhatId', 'Journey_Action_Key__c'], unique: ['Journey_Action_Key__c'] },
  });
  ldsRecordStore.put('Account', ACCOUNT, {
    Name: overdueEnterpriseState.customer.name,
    Journey_Stage__c: 'engagement',
    Journey_State__c: typeof state === 'string' ? state : JSON.stringify(state),
  });
  ldsRecordStore.put('Contact', CONTACT, { AccountId: ACCOUNT });
}

/** The host on a Contact record page of the account. */
const mountHostOnContact = () =>
  mountHost(Host, { recordId: CONTACT, objectApiName: 'Contact', rootObject: 'Account' });

beforeEach(() => {
  seedOrg(overdueEnterpriseState);
});
afterEach(() => {
  for (const host of document.querySelectorAll('c-cj-journey-panel-host')) host.remove();
});

describe('cjJourneyPanelHost in the LWC engine', () => {
  it('renders the closed-root panel from the static resource with the state LDS provides', async () => {
    const { panel, root } = await mountHostOnContact();
    // lwc:external hands the wired values to the element's properties, not its attributes.
    expect(panel.state).toEqual(overdueEnterpriseState);
    expect(panel.status).toBe('ready');
    expect(panel.stages.map((stage) => stage.id)).toContain('engagement');
    // cj-journey-stages.js of the static resource names the journey; the panel shows it in its header.
    expect(panel.journeyName).toBe('B2B customer journey (Salesforce)');
    expect(panel.userId).toBe('005000000000001AAA');
    expect(panel.shadowRoot).toBeNull();
    expect(root.mode).toBe('closed');
    expect(getByRole(root, 'heading', 'Customer journey')).toBeTruthy();
    expect(getByRole(root, 'button', /^Engagement ?, Stage 2 of 7, current stage$/)).toBeTruthy();
  }, 90_000);

  it('turns an accepted action into a Task created with its action key', async () => {
    const { host, root } = await mountHostOnContact();
    const toasts: { variant: string; message: string }[] = [];
    host.addEventListener('lightning__showtoast', (event) =>
      toasts.push((event as CustomEvent<{ variant: string; message: string }>).detail),
    );
    const accept = getByRole(root, 'button', `Create task “${discoveryCall?.subject ?? ''}”`);
    accept.focus();
    await userEvent.keyboard('{Enter}');
    await vi.waitFor(() => {
      expect(ldsRecordStore.writes).toHaveLength(1);
    });
    expect(ldsRecordStore.writes[0]).toMatchObject({
      operation: 'createRecord',
      apiName: 'Task',
      fields: {
        Journey_Action_Key__c: discoveryCall?.key,
        Subject: discoveryCall?.subject,
        WhatId: ACCOUNT,
        OwnerId: '005000000000001AAA',
        TaskSubtype: 'Call',
      },
    });
    await vi.waitFor(() => {
      expect(toasts).toEqual([expect.objectContaining({ variant: 'success' })]);
    });
  });

  it('counts a Task that already carries the key as done: no second Task, no error', async () => {
    ldsRecordStore.put('Task', '00T000000000001AAA', { Journey_Action_Key__c: discoveryCall?.key, Subject: 'x' });
    const { host, panel, root } = await mountHostOnContact();
    const toasts: unknown[] = [];
    host.addEventListener('lightning__showtoast', (event) =>
      toasts.push((event as CustomEvent<{ variant: string; message: string }>).detail),
    );
    // Meanwhile the sync marked the action existing; LDS hands the fresh state out when asked.
    const refreshed = {
      ...overdueEnterpriseState,
      nextActions: overdueEnterpriseState.nextActions.map((action, index) =>
        index === 0 ? { ...action, status: 'existing' as const, recordId: '00T000000000001AAA' } : action,
      ),
    };
    getByRole(root, 'button', `Create task “${discoveryCall?.subject ?? ''}”`).focus();
    ldsRecordStore.put('Account', ACCOUNT, { Journey_State__c: JSON.stringify(refreshed) });
    await userEvent.keyboard('{Enter}');
    await vi.waitFor(() => {
      expect(panel.state?.nextActions[0]?.status).toBe('existing');
    });
    expect(ldsRecordStore.writes).toEqual([]);
    expect(ldsRecordStore.all('Task')).toHaveLength(1);
    expect(toasts).toEqual([]);
  });

  it('writes nothing when the rep dismisses a suggestion: dismissals are not stored in the CRM', async () => {
    const { root } = await mountHostOnContact();
    const suggestion = overdueEnterpriseState.nextActions.find((a) => a.mode === 'suggest' && a.status === 'new');
    const dismiss = getByRole(root, 'button', new RegExp(`^Dismiss “${suggestion?.subject ?? ''}”$`));
    const dismissed: string[] = [];
    document.addEventListener('cj-action-dismiss', (event) => dismissed.push(event.action.key), { once: true });
    dismiss.focus();
    await userEvent.keyboard('{Enter}');
    await vi.waitFor(() => {
      expect(dismissed).toEqual([suggestion?.key]);
    });
    expect(() => getByRole(root, 'button', new RegExp(`^Dismiss “${suggestion?.subject ?? ''}”$`))).toThrow();
    expect(ldsRecordStore.writes).toEqual([]);
  });

  it('follows the record when LDS reports a change, and explains a state it cannot read', async () => {
    const { panel, root } = await mountHostOnContact();
    ldsRecordStore.put('Account', ACCOUNT, {
      Journey_State__c: JSON.stringify({ ...overdueEnterpriseState, stage: 'evaluation' }),
    });
    ldsRecordStore.notify(ACCOUNT);
    await vi.waitFor(() => {
      expect(panel.state?.stage).toBe('evaluation');
    });
    await panel.updateComplete;
    expect(getByRole(root, 'button', /^Evaluation ?, Stage 3 of 7, current stage$/)).toBeTruthy();

    ldsRecordStore.put('Account', ACCOUNT, { Journey_State__c: '{"customer":' });
    ldsRecordStore.notify(ACCOUNT);
    await vi.waitFor(() => {
      expect(panel.status).toBe('error');
    });
    expect(panel.errorMessage).toMatch(/^The journey state stored on this record cannot be read/);
  });
});
