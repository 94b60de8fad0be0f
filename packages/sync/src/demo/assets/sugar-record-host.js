// @ts-check
/* global document, fetch, location, window */
// The demo's stand-in for a Sugar record view: runs the real dashlet controller (cj-journey-panel.js) the
// way Sidecar does, with just enough of `app` for it. Its `app.api.call` goes to the demo server, which
// talks to Sugar's REST API.

const config = JSON.parse(document.getElementById('cj-record')?.textContent ?? '{}');
const toast = /** @type {HTMLElement} */ (document.getElementById('cj-toast'));
let dashlet = /** @type {any} */ (null);

/** Sidecar's URL builder, encoded so that the bridge can route the call. */
function buildURL(module, _action, attributes, params) {
  return JSON.stringify({ module, id: attributes?.id ?? null, params: params ?? null });
}

function call(method, url, data, callbacks) {
  fetch('/api/sugar-call', {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ method, ...JSON.parse(url), data }),
  })
    .then(async (response) => {
      const body = await response.json();
      if (response.ok) callbacks.success?.(body);
      else callbacks.error?.(body);
    })
    .catch((error) => callbacks.error?.(error));
}

/** A Sidecar bean's save, as the dashlet calls it: the bridge updates the record through Sugar's REST API. */
function beanSave(module, id) {
  return (changes, options) =>
    call('update', buildURL(module, null, { id }), changes, { success: options.success, error: options.error });
}

const app = {
  api: { buildURL, call },
  data: { createBean: (module, attributes) => ({ save: beanSave(module, attributes.id) }) },
  lang: {
    getLanguage: () => 'en_us',
    get: (label) =>
      ({
        LBL_CJ_TASK_CREATED: 'Task created: ',
        LBL_CJ_TASK_FAILED: 'Task not created: ',
        LBL_CJ_FIELD_NOT_EDITABLE: 'This field cannot be edited here.',
      })[label] ?? label,
  },
  user: { id: '' },
  alert: {
    show: (id, options) => {
      toast.textContent = options.messages;
      // The sync marks the accepted action as a task on its next run: run it now, then reload the dashlet.
      if (id === 'cj-task-created') fetch('/api/sync', { method: 'POST' }).then(() => dashlet.loadData());
    },
  },
  router: {
    buildRoute: (module, id) => `/o/${encodeURIComponent(module)}/${encodeURIComponent(id)}`,
    navigate: (route) => {
      location.href = route;
    },
  },
};

const source = await (await fetch('/assets/cj-journey-dashlet.js')).text();
// Sidecar evaluates a view controller as one object literal; so does the demo.
const controller = new Function('app', 'window', `return (${source}\n);`)(app, window);
const model = { get: (field) => config.record[field], save: beanSave(config.objectApiName, config.record.id) };
dashlet = Object.assign(Object.create(controller), {
  el: document.getElementById('cj-host'),
  context: { get: (name) => (name === 'model' ? model : config.objectApiName) },
  // The dashlet's metadata, as an admin sets it on the layout: the journey set's roots.
  meta: { rootModule: config.rootObject },
  _super: () => undefined,
});
dashlet.initDashlet();
dashlet._render();
dashlet.loadData();
