/* global customElements */
// The record-page wrapper of <cj-journey-panel>: reads the customer's journey fields with Lightning Data
// Service, renders the panel through lwc:external, writes accepted actions as Tasks and edited key fields
// back to the root record (updateRecord, so the org's validation applies). The decisions
// live in journeyHostLogic.js, which is tested outside the platform.
import { LightningElement, api, wire } from 'lwc';
import { createRecord, getRecord, notifyRecordUpdateAvailable, updateRecord } from 'lightning/uiRecordApi';
import { loadScript } from 'lightning/platformResourceLoader';
import { NavigationMixin } from 'lightning/navigation';
import { ShowToastEvent } from 'lightning/platformShowToastEvent';
import LANG from '@salesforce/i18n/lang';
import DIR from '@salesforce/i18n/dir';
import USER_ID from '@salesforce/user/Id';
import PANEL_RESOURCE from '@salesforce/resourceUrl/cjJourneyPanel';
import {
  errorText,
  isDuplicateKeyError,
  journeyNameForState,
  journeyFieldNames,
  keyFieldUpdate,
  linkFields,
  parseJourneyRecord,
  resolveRootRecord,
  stagesForState,
  taskFieldsForAction,
  withKeyFieldValue,
} from './journeyHostLogic';

// LWC requires a component's class as the module's default export.
// eslint-disable-next-line import-x/no-default-export
export default class CjJourneyPanelHost extends NavigationMixin(LightningElement) {
  @api recordId;
  @api objectApiName;
  /** The journey's customer.root: Account (B2B) or Contact (B2C); set in Lightning App Builder. */
  @api rootObject = 'Account';

  lang = LANG;
  dir = DIR;
  userId = USER_ID;
  ready = false;
  loadError = null;
  pageRecord;
  pageError = null;
  rootData;
  rootError = null;
  // Parsed once per LDS update, so the panel sees a new state object only when the record changed.
  parsed = { state: null, error: null };
  listening = false;

  async connectedCallback() {
    try {
      // The panel bundle guards its own define(); loadScript loads each URL once per page.
      if (!customElements.get('cj-journey-panel')) await loadScript(this, `${PANEL_RESOURCE}/cj-journey-panel.js`);
      await loadScript(this, `${PANEL_RESOURCE}/cj-journey-stages.js`);
    } catch (error) {
      this.loadError = `The journey panel could not be loaded from the cjJourneyPanel static resource: ${errorText(error)}`;
    }
    await this.loadLocale();
    this.ready = true;
  }

  /** The panel's strings in the user's language: English is in the bundle, others are one script each. */
  async loadLocale() {
    const file = customElements.get('cj-journey-panel')?.localeFile?.(this.lang);
    if (!file) return;
    try {
      await loadScript(this, `${PANEL_RESOURCE}/${file}`);
    } catch {
      // A resource deployed before this language shipped: the panel renders in English rather than not at all.
    }
  }

  renderedCallback() {
    const panel = this.refs?.panel;
    if (!panel || this.listening) return;
    // Listen on the element: LWC templates bind only lowercase event names without dashes.
    panel.addEventListener('cj-action-accept', (event) => this.acceptAction(event));
    panel.addEventListener('cj-record-open', (event) => this.openRecord(event));
    panel.addEventListener('cj-key-field-edit', (event) => this.editKeyField(event, panel));
    this.listening = true;
  }

  get pageFields() {
    return linkFields(this.objectApiName, this.rootObject);
  }

  @wire(getRecord, { recordId: '$recordId', fields: '$pageFields' })
  wiredPage({ data, error }) {
    this.pageRecord = data;
    this.pageError = error ? errorText(error) : null;
  }

  get root() {
    if (!this.pageRecord) return null;
    return resolveRootRecord(this.objectApiName, this.recordId, this.pageRecord, this.rootObject);
  }

  get rootId() {
    return this.root?.recordId;
  }

  get rootFields() {
    return this.root ? journeyFieldNames(this.root.objectApiName) : undefined;
  }

  @wire(getRecord, { recordId: '$rootId', fields: '$rootFields' })
  wiredRoot({ data, error }) {
    this.rootData = data;
    this.rootError = error ? errorText(error) : null;
    this.parsed = parseJourneyRecord(data);
  }

  get journeyState() {
    return this.parsed.state;
  }

  get stages() {
    return stagesForState(globalThis.cjJourneyStages, this.journeyState);
  }

  get journeyName() {
    return journeyNameForState(globalThis.cjJourneyNames, this.journeyState);
  }

  get errorMessage() {
    return this.loadError ?? this.pageError ?? this.rootError ?? this.parsed.error ?? '';
  }

  /** Key fields are the root record's: editable on an Account or Contact customer, never on a lead. */
  get keyFieldsEditable() {
    return this.root !== null && this.root.objectApiName !== 'Lead';
  }

  get panelStatus() {
    if (this.errorMessage) return 'error';
    if (!this.pageRecord) return 'loading';
    if (this.root && !this.rootData) return 'loading';
    return 'ready';
  }

  async acceptAction(event) {
    const root = this.root;
    if (!root) return;
    try {
      await createRecord({ apiName: 'Task', fields: taskFieldsForAction(event.action, root) });
      this.toast('success', event.action.subject);
    } catch (error) {
      if (!isDuplicateKeyError(error)) {
        this.toast('error', errorText(error));
        return;
      }
    }
    // The sync marks the action `existing` on its next run; ask LDS for the fresh state now.
    await notifyRecordUpdateAvailable([{ recordId: root.recordId }]);
  }

  async editKeyField(event, panel) {
    const input = keyFieldUpdate(event, this.root, this.journeyState);
    if (!input) {
      panel.keyFieldFailed(event.field, 'This field cannot be edited here.');
      return;
    }
    try {
      await updateRecord(input);
      // Saved: show the value now; the sync re-evaluates the customer on its next run.
      if (this.parsed.state)
        this.parsed = { ...this.parsed, state: withKeyFieldValue(this.parsed.state, event.field, event.value) };
    } catch (error) {
      panel.keyFieldFailed(event.field, errorText(error));
    }
  }

  openRecord(event) {
    this[NavigationMixin.Navigate]({
      type: 'standard__recordPage',
      attributes: { recordId: event.recordId, actionName: 'view' },
    });
  }

  toast(variant, message) {
    this.dispatchEvent(
      new ShowToastEvent({ title: variant === 'success' ? 'Task created' : 'Task not created', message, variant }),
    );
  }
}
