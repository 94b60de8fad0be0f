/* eslint-disable @typescript-eslint/no-unused-expressions -- Sidecar evaluates a view controller as one object literal. */
/* global app, window */
/*
 * The "Customer journey" dashlet: finds the customer's root record (Accounts by default), reads its journey
 * fields through app.api, hands the state to <cj-journey-panel>, creates a Task when the rep accepts an
 * action and saves an edited key field through the root record's model (Sugar's own validation). The panel
 * itself does no I/O.
 */
// Sidecar reads the file as `({ ... })`: keep Prettier from adding a trailing semicolon.
// prettier-ignore
({
  plugins: ['Dashlet'],

  /** Journey fields the sync service writes on the root record. */
  journeyFields: ['journey_stage_c', 'journey_stage_entered_c', 'journey_state_c'],

  /** Per module: the link to the root module; converted leads point at what they became. */
  rootLinks: {
    Accounts: { Contacts: 'account_id', Opportunities: 'account_id', Cases: 'account_id', Leads: 'account_id' },
    Contacts: { Cases: 'primary_contact_id', Leads: 'contact_id' },
  },

  initDashlet: function () {
    this.rootModule = (this.meta && this.meta.rootModule) || 'Accounts';
    this.journey = { status: 'loading', state: null, error: '' };
    this.root = null;
  },

  /** Called by the Dashlet plugin on load and on refresh. */
  loadData: function (options) {
    var model = this.context.get('model');
    var module = this.context.get('module');
    var done = () => {
      this.updatePanel();
      if (options && typeof options.complete === 'function') options.complete();
    };
    this.root = this.resolveRoot(module, model);
    if (!this.root) {
      this.journey = { status: 'ready', state: null, error: '' };
      done();
      return;
    }
    var url = app.api.buildURL(this.root.module, null, { id: this.root.id }, { fields: this.journeyFields.join(',') });
    app.api.call('read', url, null, {
      success: (record) => {
        this.journey = this.parseJourney(record);
        done();
      },
      error: (error) => {
        this.journey = { status: 'error', state: null, error: this.errorText(error) };
        done();
      },
    });
  },

  /**
   * The customer's root record: the record itself, or the root it links to; null when it has none yet. A
   * rootModule of `Accounts+Contacts` (a set of a B2B and a B2C journey) tries the account first: a contact
   * without an account is then a customer of its own.
   */
  resolveRoot: function (module, model) {
    if (!model || !model.get('id')) return null;
    if (module === 'Leads' && !model.get('converted')) return { module: 'Leads', id: model.get('id') };
    var roots = this.rootModule.split('+');
    for (var i = 0; i < roots.length; i++) {
      var field = (this.rootLinks[roots[i]] || {})[module];
      var id = field ? model.get(field) : null;
      if (id) return { module: roots[i], id: id };
      if (module === roots[i]) return { module: module, id: model.get('id') };
    }
    return null;
  },

  /** The JourneyState stored as JSON in journey_state_c, or an error the panel can show. */
  parseJourney: function (record) {
    var raw = record && record.journey_state_c;
    if (!raw) return { status: 'ready', state: null, error: '' };
    try {
      var state = JSON.parse(raw);
      if (!state || !state.customer || !Array.isArray(state.history) || !Array.isArray(state.nextActions)) {
        throw new Error('it lacks customer, history or nextActions');
      }
      return { status: 'ready', state: state, error: '' };
    } catch (cause) {
      return {
        status: 'error',
        state: null,
        error:
          'The journey state stored on this record cannot be read (' + cause.message + '). The next sync rewrites it.',
      };
    }
  },

  _render: function () {
    this._super('_render');
    var panel = this.el && this.el.querySelector('cj-journey-panel');
    if (!panel) return;
    this.panel = panel;
    panel.addEventListener('cj-action-accept', this.acceptAction.bind(this));
    panel.addEventListener('cj-record-open', this.openRecord.bind(this));
    panel.addEventListener('cj-key-field-edit', this.editKeyField.bind(this));
    this.loadLocale(app.lang.getLanguage());
    this.updatePanel();
  },

  /**
   * The panel's strings in the user's language: English is in the bundle (in Sugar's JS grouping), every
   * other language is one script the package installs beside it, added to the page once, when first needed.
   * The panel renders again in that language when the script has run.
   */
  loadLocale: function (language) {
    var Panel = window.customElements && window.customElements.get('cj-journey-panel');
    var file = Panel && typeof Panel.localeFile === 'function' ? Panel.localeFile(language) : null;
    if (!file || window.document.querySelector('script[data-cj-journey-locale="' + file + '"]')) return;
    var script = window.document.createElement('script');
    script.src = app.config.siteUrl + '/custom/include/javascript/' + file;
    script.setAttribute('data-cj-journey-locale', file);
    window.document.head.appendChild(script);
  },

  /** Sets the panel's properties; values go in as data, never as markup. */
  updatePanel: function () {
    var panel = this.panel;
    if (!panel) return;
    var registry = window.cjJourneyStages || {};
    var state = this.journey.state;
    panel.lang = app.lang.getLanguage() || 'en_us';
    panel.userId = (app.user && app.user.id) || '';
    panel.status = this.journey.status;
    panel.errorMessage = this.journey.error;
    panel.stages = (state && state.journey && registry[state.journey.id]) || [];
    var names = window.cjJourneyNames || {};
    var name = state && state.journey && names[state.journey.id];
    panel.journeyName = typeof name === 'string' ? name : '';
    panel.keyFieldsEditable = !!this.root && this.root.module !== 'Leads';
    panel.state = state;
  },

  /**
   * Saves a key field the rep edited in the panel: only on the customer's root record and only a field the
   * state lists as a key field. The record view's own model when the dashlet sits on the root record (so the
   * view shows the new value), otherwise a bean of the root module; Sugar validates and saves it.
   */
  editKeyField: function (event) {
    var root = this.root;
    var state = this.journey.state;
    var panel = this.panel;
    var keyFields = (state && state.keyFields) || [];
    var listed = keyFields.some((key) => key.field === event.field);
    if (!root || root.module === 'Leads' || event.object !== root.module || event.recordId !== root.id || !listed) {
      if (panel) panel.keyFieldFailed(event.field, app.lang.get('LBL_CJ_FIELD_NOT_EDITABLE'));
      return;
    }
    var model = this.context.get('model');
    var bean =
      this.context.get('module') === root.module && model && model.get('id') === root.id
        ? model
        : app.data.createBean(root.module, { id: root.id });
    var attributes = {};
    attributes[event.field] = event.value;
    bean.save(attributes, {
      fieldsToValidate: [event.field],
      success: () => {
        // The journey fields change only at the next sync: show the saved value now.
        this.journey = {
          status: this.journey.status,
          error: this.journey.error,
          state: Object.assign({}, state, {
            keyFields: keyFields.map((key) => (key.field === event.field ? { field: key.field, value: event.value } : key)),
          }),
        };
        this.updatePanel();
      },
      error: (error) => {
        if (panel) panel.keyFieldFailed(event.field, this.errorText(error));
      },
    });
  },

  /** The Task an accepted action becomes; journey_action_key_c lets the sync recognise it. */
  taskForAction: function (action, root) {
    var priority = { high: 'High', normal: 'Medium', low: 'Low' };
    var task = {
      name: action.subject,
      status: 'Not Started',
      priority: priority[action.priority] || 'Medium',
      description: action.description || '',
      journey_action_key_c: action.key,
    };
    if (action.dueDate) task.date_due = action.dueDate + 'T17:00:00';
    if (action.owner && action.owner.kind === 'user' && action.owner.id) task.assigned_user_id = action.owner.id;
    if (root.module === 'Contacts') task.contact_id = root.id;
    else {
      task.parent_type = root.module;
      task.parent_id = root.id;
    }
    return task;
  },

  /** Creates the Task unless one with this action key exists already (a second click, or the sync was first). */
  acceptAction: function (event) {
    var root = this.root;
    if (!root) return;
    var action = event.action;
    var filter = { filter: [{ journey_action_key_c: action.key }], max_num: 1, fields: 'id' };
    var failed = (error) => {
      app.alert.show('cj-task-failed', {
        level: 'error',
        messages: app.lang.get('LBL_CJ_TASK_FAILED') + this.errorText(error),
      });
    };
    app.api.call('read', app.api.buildURL('Tasks', null, null, filter), null, {
      success: (found) => {
        if (found && found.records && found.records.length > 0) {
          this.loadData();
          return;
        }
        app.api.call('create', app.api.buildURL('Tasks'), this.taskForAction(action, root), {
          success: () => {
            app.alert.show('cj-task-created', {
              level: 'success',
              messages: app.lang.get('LBL_CJ_TASK_CREATED') + action.subject,
              autoClose: true,
            });
            this.loadData();
          },
          error: failed,
        });
      },
      error: failed,
    });
  },

  /** Opens a record the rep picked in the panel; actions point at Tasks. */
  openRecord: function (event) {
    var module = event.source === 'action' ? 'Tasks' : event.object;
    app.router.navigate(app.router.buildRoute(module, event.recordId), { trigger: true });
  },

  errorText: function (error) {
    return (error && (error.message || error.error_message || error.statusText)) || 'Unknown error.';
  },
})
