import { afterEach, describe, expect, it } from 'vitest';
import { overdueEnterpriseState } from '../../../src/test-fixtures/journey-states.ts';
import { getByRole } from './closed-root-queries.ts';
import { mountHost } from './mount-host.ts';
import { ldsRecordStore } from './platform/lds-record-store.ts';

// The host for a Polish user: `@salesforce/i18n/lang` is `pl`, so it loads the panel's Polish locale script
// from the static resource (and no other) before it renders the panel. The user's settings are read when
// the host's module loads, hence the dynamic import after setting them.
Object.assign(globalThis, { cjScopedModules: { '@salesforce/i18n/lang': 'pl' } });
const { default: Host } = await import('c/cjJourneyPanelHost');

const ACCOUNT = overdueEnterpriseState.customer.id;

afterEach(() => {
  for (const host of document.querySelectorAll('c-cj-journey-panel-host')) host.remove();
});

describe('cjJourneyPanelHost for a user whose language is not English', () => {
  it('loads only that language’s locale script from the static resource and renders the panel in it', async () => {
    ldsRecordStore.reset({
      Account: { fields: ['Id', 'Name', 'Journey_Stage__c', 'Journey_Stage_Entered__c', 'Journey_State__c'] },
    });
    ldsRecordStore.put('Account', ACCOUNT, {
      Name: overdueEnterpriseState.customer.name,
      Journey_Stage__c: 'engagement',
      Journey_State__c: JSON.stringify(overdueEnterpriseState),
    });
    const { panel, root } = await mountHost(Host, {
      recordId: ACCOUNT,
      objectApiName: 'Account',
      rootObject: 'Account',
    });
    expect(panel.status).toBe('ready');
    expect(panel.getAttribute('lang')).toBe('pl');
    expect(getByRole(root, 'heading', 'Ścieżka klienta')).toBeTruthy();
    expect(getByRole(root, 'button', /^Engagement ?, Etap 2 z 7, bieżący etap$/)).toBeTruthy();
    const scripts = [...document.querySelectorAll('script[src*="/cjJourneyPanel/"]')].map((script) =>
      (script as HTMLScriptElement).src.replace(/^.*\/cjJourneyPanel\//, ''),
    );
    expect(scripts.sort()).toEqual(['cj-journey-panel.js', 'cj-journey-panel.pl.js', 'cj-journey-stages.js']);
  }, 90_000);
});
