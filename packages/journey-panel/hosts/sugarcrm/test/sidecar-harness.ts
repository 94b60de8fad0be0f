// The smallest part of Sugar's client framework (Sidecar) the dashlet controller touches, made honest
// where it matters: `app.api` speaks HTTP to a Sugar sandbox (serialising parameters as jQuery's `$.param`
// does and failing with Sidecar's HttpError fields), the model is Backbone-like (`get`, `set`, `on`), and
// the controller is evaluated as Sidecar evaluates a view controller: an object literal. The UI services
// (`app.alert`, `app.router`, `app.lang`) only record what they were asked. See README "Hosts" for what
// this does not reproduce.
import controllerSource from '../custom/clients/base/views/cj-journey-panel/cj-journey-panel.js?raw';
import template from '../custom/clients/base/views/cj-journey-panel/cj-journey-panel.hbs?raw';

interface Callbacks {
  success?: (data: unknown) => void;
  error?: (error: SidecarHttpError) => void;
}

/** The fields of Sidecar's `HttpError` the controller reads. */
export interface SidecarHttpError {
  readonly status: number;
  readonly code: string;
  readonly message: string;
}

/** `$.param`: nested objects and arrays as `a[0][b]=c`, the form Sugar's PHP reads. */
function serialise(params: Readonly<Record<string, unknown>>): string {
  const pairs: string[] = [];
  const add = (key: string, value: unknown): void => {
    if (Array.isArray(value))
      value.forEach((item, index) => {
        add(`${key}[${typeof item === 'object' ? String(index) : ''}]`, item);
      });
    else if (value !== null && typeof value === 'object') {
      for (const [name, item] of Object.entries(value)) add(`${key}[${name}]`, item);
    } else {
      const text =
        typeof value === 'string' ? value : value === null || value === undefined ? '' : JSON.stringify(value);
      pairs.push(`${encodeURIComponent(key)}=${encodeURIComponent(text)}`);
    }
  };
  for (const [key, value] of Object.entries(params)) add(key, value);
  return pairs.join('&').replace(/%20/g, '+');
}

const METHODS: Readonly<Record<string, string>> = { read: 'GET', create: 'POST', update: 'PUT', delete: 'DELETE' };

/** Sidecar's `app`, against the Sugar instance at `serverUrl` (e.g. `/sugar/rest/v11_23`). */
export function createSidecarApp(serverUrl: string, userId: string, options: { readonly language?: string } = {}) {
  let token = '';
  const alerts: { id: string; level: string; messages: string }[] = [];
  const routes: string[] = [];
  const calls: string[] = [];
  const api = {
    buildURL(module: string, action?: string | null, attributes?: { id?: string } | null, params?: object): string {
      const path = [module, attributes?.id, action].filter((part) => part != null && part !== '').join('/');
      const query = params ? serialise(params as Record<string, unknown>) : '';
      return `${serverUrl}/${path}${query ? `?${query}` : ''}`;
    },
    call(method: string, url: string, data: unknown, callbacks: Callbacks): void {
      const verb = METHODS[method];
      if (verb === undefined) throw new Error(`app.api.call: unknown method ${method}`);
      calls.push(`${method} ${url}`);
      void (async () => {
        const response = await fetch(url, {
          method: verb,
          headers: { 'OAuth-Token': token, 'Content-Type': 'application/json' },
          ...(data == null ? {} : { body: JSON.stringify(data) }),
        });
        const body = (await response.json()) as { error?: string; error_message?: string };
        if (response.ok) callbacks.success?.(body);
        else callbacks.error?.({ status: response.status, code: body.error ?? '', message: body.error_message ?? '' });
      })();
    },
    /** Sidecar's login: the password grant of the `sugar` client on the `base` platform. */
    async login(username: string, password: string): Promise<void> {
      const response = await fetch(`${serverUrl}/oauth2/token`, {
        method: 'POST',
        headers: { 'Content-Type': 'application/json' },
        body: JSON.stringify({
          grant_type: 'password',
          username,
          password,
          client_id: 'sugar',
          client_secret: '',
          platform: 'base',
        }),
      });
      if (!response.ok) throw new Error(`login failed: ${String(response.status)} ${await response.text()}`);
      token = ((await response.json()) as { access_token: string }).access_token;
    },
  };
  const app = {
    api,
    lang: { getLanguage: () => options.language ?? 'en_us', get: (label: string) => `${label}: ` },
    // Sugar's site, where it serves the files packages install (custom/...): beside the REST API.
    config: { siteUrl: serverUrl.replace(/\/rest\/v[\d_]+$/, '') },
    user: { id: userId },
    alert: { show: (id: string, options: { level: string; messages: string }) => alerts.push({ id, ...options }) },
    router: {
      buildRoute: (module: string, id: string) => `${module}/${id}`,
      navigate: (route: string) => routes.push(route),
    },
  };
  return { app, alerts, routes, calls };
}

/** A Backbone-like model: attributes behind `get` / `set`, `change` events through `on`. */
export function createModel(attributes: Record<string, unknown>) {
  const listeners: ((model: unknown) => void)[] = [];
  const model = {
    get: (name: string): unknown => attributes[name],
    set(changes: Record<string, unknown>): void {
      Object.assign(attributes, changes);
      for (const listener of listeners) listener(model);
    },
    on(event: string, listener: (model: unknown) => void): void {
      if (event === 'change') listeners.push(listener);
    },
  };
  return model;
}

/** What the harness needs of the dashlet controller. */
export interface DashletView {
  el: HTMLElement;
  initDashlet(): void;
  loadData(options?: { complete?: () => void }): void;
  _render(): void;
}

/**
 * The dashlet as a view: the controller object literal evaluated with `app` in scope, a context with
 * the record view's model and module, `_super('_render')` rendering the Handlebars template. Runs
 * `initDashlet`, `_render` and `loadData`, and resolves when the data is loaded.
 */
export async function mountDashlet(
  app: object,
  module: string,
  model: ReturnType<typeof createModel>,
  container: HTMLElement,
): Promise<DashletView> {
  // eslint-disable-next-line @typescript-eslint/no-implied-eval -- Sidecar itself evaluates controllers this way.
  const evaluate = new Function('app', 'window', `return (${controllerSource}\n);`) as (
    app: object,
    window: object,
  ) => object;
  // Sidecar compiles the template with Handlebars; this one has no expressions besides a comment.
  const html = template.replace(/\{\{!--[\s\S]*?--\}\}|\{\{![\s\S]*?\}\}/g, '');
  if (html.includes('{{')) throw new Error('the harness renders only templates without Handlebars expressions');
  const view = Object.assign(Object.create(evaluate(app, window)) as DashletView, {
    el: container,
    meta: { rootModule: 'Accounts' },
    context: { get: (name: string) => (name === 'model' ? model : name === 'module' ? module : undefined) },
    _super(this: DashletView, method: string) {
      if (method !== '_render') throw new Error(`the harness has no parent ${method}`);
      this.el.innerHTML = html;
    },
  });
  view.initDashlet();
  view._render();
  await new Promise<void>((resolve) => {
    view.loadData({ complete: resolve });
  });
  return view;
}
