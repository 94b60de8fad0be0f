import { describe, expect, it } from 'vitest';
import { overdueEnterpriseState } from '../../../src/test-fixtures/journey-states.ts';
import controllerSource from '../custom/clients/base/views/cj-journey-panel/cj-journey-panel.js?raw';

interface ApiCall {
  readonly method: string;
  readonly url: string;
  readonly body: unknown;
}

interface Callbacks {
  success?: (data: unknown) => void;
  error?: (error: unknown) => void;
}

/** Just enough of Sidecar's `app` to run the controller: app.api answers from `responses` by URL prefix. */
function fakeApp(responses: Record<string, unknown>): { app: object; calls: ApiCall[]; alerts: string[] } {
  const calls: ApiCall[] = [];
  const alerts: string[] = [];
  const app = {
    api: {
      buildURL: (module: string, _action: unknown, attributes: { id?: string } | null, params?: object) =>
        `${module}${attributes?.id ? `/${attributes.id}` : ''}${params ? `?${JSON.stringify(params)}` : ''}`,
      call: (method: string, url: string, body: unknown, callbacks: Callbacks) => {
        calls.push({ method, url, body });
        const key = Object.keys(responses).find((prefix) => `${method} ${url}`.startsWith(prefix));
        callbacks.success?.(key === undefined ? {} : responses[key]);
      },
    },
    lang: { getLanguage: () => 'pl_PL', get: (label: string) => `${label}:` },
    user: { id: 'seed_sally_id' },
    alert: { show: (_id: string, options: { messages: string }) => alerts.push(options.messages) },
    router: { navigate: () => undefined, buildRoute: (module: string, id: string) => `${module}/${id}` },
  };
  return { app, calls, alerts };
}

interface Dashlet {
  meta?: object;
  context: { get(name: string): unknown };
  root: { module: string; id: string } | null;
  journey: { status: string; state: unknown; error: string };
  initDashlet(): void;
  loadData(): void;
  acceptAction(event: { action: unknown }): void;
  panel?: unknown;
  editKeyField(event: { object: string; recordId: string; field: string; value: unknown }): void;
}

/** Evaluates the controller the way Sidecar does (an object literal) with a fake `app`. */
function loadDashlet(app: object, module: string, fields: Record<string, unknown>, meta?: object): Dashlet {
  // eslint-disable-next-line @typescript-eslint/no-implied-eval -- Sidecar itself evaluates controllers this way.
  const evaluate = new Function('app', 'window', `return (${controllerSource}\n);`) as (
    app: object,
    window: object,
  ) => Omit<Dashlet, 'context'>;
  const controller = evaluate(app, {});
  const model = { get: (name: string) => fields[name] };
  const dashlet = Object.assign(Object.create(controller) as Dashlet, {
    context: { get: (name: string) => (name === 'model' ? model : module) },
    ...(meta === undefined ? {} : { meta }),
  });
  dashlet.initDashlet();
  return dashlet;
}

describe('the Sugar dashlet', () => {
  it('reads the journey fields of the contact’s account and parses the state', () => {
    const { app, calls } = fakeApp({
      'read Accounts/acc-1': { journey_state_c: JSON.stringify(overdueEnterpriseState) },
    });
    const dashlet = loadDashlet(app, 'Contacts', { id: 'con-1', account_id: 'acc-1' });
    dashlet.loadData();
    expect(calls[0]?.url).toBe('Accounts/acc-1?{"fields":"journey_stage_c,journey_stage_entered_c,journey_state_c"}');
    expect(dashlet.journey).toEqual({ status: 'ready', state: overdueEnterpriseState, error: '' });
  });

  it('with rootModule Accounts+Contacts, reads the account of a contact that has one, else the contact', () => {
    const meta = { rootModule: 'Accounts+Contacts' };
    const { app, calls } = fakeApp({
      'read Accounts/acc-1': { journey_state_c: '' },
      'read Contacts/con-2': { journey_state_c: JSON.stringify(overdueEnterpriseState) },
    });
    loadDashlet(app, 'Contacts', { id: 'con-1', account_id: 'acc-1' }, meta).loadData();
    const person = loadDashlet(app, 'Contacts', { id: 'con-2', account_id: '' }, meta);
    person.loadData();
    const theirCase = loadDashlet(app, 'Cases', { id: 'case-2', account_id: '', primary_contact_id: 'con-2' }, meta);
    theirCase.loadData();
    expect(calls.map((call) => call.url.split('?')[0])).toEqual(['Accounts/acc-1', 'Contacts/con-2', 'Contacts/con-2']);
    expect(person.journey).toEqual({ status: 'ready', state: overdueEnterpriseState, error: '' });
    expect(theirCase.root).toEqual({ module: 'Contacts', id: 'con-2' });
  });

  it('treats an unconverted lead as its own customer and explains a broken state', () => {
    const { app, calls } = fakeApp({ 'read Leads/lead-1': { journey_state_c: '{not json' } });
    const dashlet = loadDashlet(app, 'Leads', { id: 'lead-1', converted: false });
    dashlet.loadData();
    expect(calls[0]?.url).toMatch(/^Leads\/lead-1\?/);
    expect(dashlet.journey.status).toBe('error');
    expect(dashlet.journey.error).toMatch(/^The journey state stored on this record cannot be read/);
  });

  it('creates a Task carrying journey_action_key_c on accept, unless one exists', () => {
    const { app, calls, alerts } = fakeApp({ 'read Tasks?': { records: [] } });
    const dashlet = loadDashlet(app, 'Accounts', { id: 'acc-1' });
    dashlet.root = { module: 'Accounts', id: 'acc-1' };
    const [action] = overdueEnterpriseState.nextActions;
    dashlet.acceptAction({ action });
    const create = calls.find((call) => call.method === 'create');
    expect(create?.url).toBe('Tasks');
    expect(create?.body).toEqual({
      name: 'Discovery call with Zakłady Mechaniczne Wiśniewski S.A.',
      status: 'Not Started',
      priority: 'High',
      description: '',
      journey_action_key_c: action?.key,
      date_due: '2026-10-05T17:00:00',
      assigned_user_id: '005000000000001AAA',
      parent_type: 'Accounts',
      parent_id: 'acc-1',
    });
    expect(alerts).toEqual(['LBL_CJ_TASK_CREATED:Discovery call with Zakłady Mechaniczne Wiśniewski S.A.']);

    const existing = fakeApp({ 'read Tasks?': { records: [{ id: 'task-1' }] } });
    const again = loadDashlet(existing.app, 'Accounts', { id: 'acc-1' });
    again.root = { module: 'Accounts', id: 'acc-1' };
    again.acceptAction({ action });
    expect(existing.calls.some((call) => call.method === 'create')).toBe(false);
  });
});

describe('editing a key field in the Sugar dashlet', () => {
  interface Saved {
    readonly module: string;
    readonly id: string;
    readonly attributes: Record<string, unknown>;
    readonly fieldsToValidate: unknown;
  }

  /** `app.data.createBean` whose save answers with `outcome`; records every save. */
  function withBeans(app: object, outcome: 'success' | { message: string }): Saved[] {
    const saved: Saved[] = [];
    Object.assign(app, {
      data: {
        createBean: (module: string, attributes: { id: string }) => ({
          save: (
            changes: Record<string, unknown>,
            options: { fieldsToValidate: unknown; success: () => void; error: (e: unknown) => void },
          ) => {
            saved.push({ module, id: attributes.id, attributes: changes, fieldsToValidate: options.fieldsToValidate });
            if (outcome === 'success') options.success();
            else options.error(outcome);
          },
        }),
      },
    });
    return saved;
  }

  function dashletWithState(app: object): { dashlet: Dashlet; failures: string[][]; panel: { state: unknown } } {
    const state = { ...overdueEnterpriseState, keyFields: [{ field: 'industry', value: 'Energy' }] };
    const dashlet = loadDashlet(app, 'Contacts', { id: 'con-1', account_id: 'acc-1' });
    dashlet.root = { module: 'Accounts', id: 'acc-1' };
    dashlet.journey = { status: 'ready', state, error: '' };
    const failures: string[][] = [];
    const panel = {
      state: null as unknown,
      keyFieldFailed: (field: string, message: string) => failures.push([field, message]),
    };
    dashlet.panel = panel;
    return { dashlet, failures, panel };
  }

  it('saves the root record through a bean with Sugar validation, then shows the saved value', () => {
    const { app } = fakeApp({});
    const saved = withBeans(app, 'success');
    const { dashlet, panel } = dashletWithState(app);
    dashlet.editKeyField({ object: 'Accounts', recordId: 'acc-1', field: 'industry', value: 'Retail' });
    expect(saved).toEqual([
      { module: 'Accounts', id: 'acc-1', attributes: { industry: 'Retail' }, fieldsToValidate: ['industry'] },
    ]);
    expect((panel.state as { keyFields: unknown }).keyFields).toEqual([{ field: 'industry', value: 'Retail' }]);
  });

  it("hands Sugar's refusal back to the panel, and refuses fields and records that are not the customer's key fields", () => {
    const { app } = fakeApp({});
    const saved = withBeans(app, { message: 'Industry: invalid value' });
    const { dashlet, failures } = dashletWithState(app);
    dashlet.editKeyField({ object: 'Accounts', recordId: 'acc-1', field: 'industry', value: 'Nope' });
    dashlet.editKeyField({ object: 'Accounts', recordId: 'acc-1', field: 'assigned_user_id', value: 'x' });
    dashlet.editKeyField({ object: 'Accounts', recordId: 'acc-2', field: 'industry', value: 'Retail' });
    expect(saved).toHaveLength(1);
    expect(failures).toEqual([
      ['industry', 'Industry: invalid value'],
      ['assigned_user_id', 'LBL_CJ_FIELD_NOT_EDITABLE:'],
      ['industry', 'LBL_CJ_FIELD_NOT_EDITABLE:'],
    ]);
  });
});
