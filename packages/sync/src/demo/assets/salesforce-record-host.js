// @ts-check
/* global document, fetch, location */
// The demo's stand-in for the Salesforce record page: feeds <cj-journey-panel> exactly as the LWC wrapper
// (cjJourneyPanelHost.js) does, with the wrapper's own logic module. Lightning Data Service is played by the
// demo server, which reads and writes through the org's REST API.
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
} from '/assets/journeyHostLogic.js';

const config = JSON.parse(document.getElementById('cj-record')?.textContent ?? '{}');
const panel = /** @type {any} */ (document.querySelector('cj-journey-panel'));
const toast = /** @type {HTMLElement} */ (document.getElementById('cj-toast'));

/** getRecord: the named `Object.Field`s of one record, as `{ fields: { Field: { value } } }`. */
async function getRecord(recordId, fields) {
  const object = fields[0].split('.')[0];
  const response = await fetch(`/api/ui-record/${object}/${recordId}?fields=${encodeURIComponent(fields.join(','))}`);
  const body = await response.json();
  if (!response.ok) throw { body };
  return body;
}

/** createRecord: a Task, upserted on its action key by the server. */
async function createRecord({ apiName, fields }) {
  const response = await fetch(`/api/ui-record/${apiName}`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ fields }),
  });
  const body = await response.json();
  if (!response.ok) throw { body };
  return body;
}

/** updateRecord: the server writes the fields to the record through the REST API. */
async function updateRecord({ fields }) {
  const response = await fetch(`/api/ui-record/${root.objectApiName}/${fields.Id}`, {
    method: 'PATCH',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ fields }),
  });
  const body = await response.json();
  if (!response.ok) throw { body };
  return body;
}

/** notifyRecordUpdateAvailable: the sync writes the fresh state, then the page reads it again. */
async function notifyRecordUpdateAvailable() {
  await fetch('/api/sync', { method: 'POST' });
  await load();
}

let root = null;

async function load() {
  try {
    const page = await getRecord(config.recordId, linkFields(config.objectApiName, config.rootObject));
    root = resolveRootRecord(config.objectApiName, config.recordId, page, config.rootObject);
    if (!root) {
      panel.state = null;
      panel.status = 'ready';
      return;
    }
    const parsed = parseJourneyRecord(await getRecord(root.recordId, journeyFieldNames(root.objectApiName)));
    panel.stages = stagesForState(globalThis.cjJourneyStages, parsed.state);
    panel.journeyName = journeyNameForState(globalThis.cjJourneyNames, parsed.state);
    panel.keyFieldsEditable = root.objectApiName !== 'Lead';
    panel.state = parsed.state;
    panel.errorMessage = parsed.error ?? '';
    panel.status = parsed.error ? 'error' : 'ready';
  } catch (error) {
    panel.errorMessage = errorText(error);
    panel.status = 'error';
  }
}

panel.lang = document.documentElement.lang || 'en';
panel.addEventListener('cj-action-accept', async (event) => {
  if (!root) return;
  try {
    await createRecord({ apiName: 'Task', fields: taskFieldsForAction(event.action, root) });
    toast.textContent = `Task created: ${event.action.subject}`;
  } catch (error) {
    if (!isDuplicateKeyError(error)) {
      toast.textContent = `Task not created: ${errorText(error)}`;
      return;
    }
  }
  await notifyRecordUpdateAvailable();
});
panel.addEventListener('cj-key-field-edit', async (event) => {
  const input = keyFieldUpdate(event, root, panel.state);
  if (!input) {
    panel.keyFieldFailed(event.field, 'This field cannot be edited here.');
    return;
  }
  try {
    await updateRecord(input);
    toast.textContent = `Saved ${event.field} through the REST API.`;
    panel.state = withKeyFieldValue(panel.state, event.field, event.value);
  } catch (error) {
    panel.keyFieldFailed(event.field, errorText(error));
  }
});
panel.addEventListener('cj-record-open', (event) => {
  location.href = `/o/${encodeURIComponent(event.source === 'action' ? 'Task' : event.object)}/${encodeURIComponent(event.recordId)}`;
});
await load();
