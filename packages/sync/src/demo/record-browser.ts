import type { CrmRecordApi } from '@crm-journey/connector';
import { fastify, type FastifyInstance, type FastifyReply } from 'fastify';
import { readFileSync } from 'node:fs';
import type { SyncSummary } from '../run/run-sync.ts';
import type { BrowserCrm, BrowserObject } from './browser-objects.ts';
import { homePage, listPage, messagePage, recordPage } from './browser-html.ts';
import { registerHostBridge } from './host-bridge-routes.ts';
import type { RecordPageAssets } from './record-page-assets.ts';

/** Options of {@link startRecordBrowser}. */
export interface RecordBrowserOptions {
  readonly browser: BrowserCrm;
  readonly records: CrmRecordApi;
  readonly assets: RecordPageAssets;
  /** Runs a sync now and resolves when it is done (the panel's "refresh" after an accept). */
  readonly syncNow: () => Promise<SyncSummary>;
  /**
   * The `/report` page for a query (`journey` of a set; none: the portfolio overview): its status and HTML;
   * without it `/report` says it is not available.
   */
  readonly renderReport?: (query: Readonly<Record<string, unknown>>) => Promise<{ status: number; html: string }>;
  /** The `/map` page for a query (segment, period, locale): its status and HTML. */
  readonly renderMap?: (query: Readonly<Record<string, unknown>>) => Promise<{ status: number; html: string }>;
  /** Lines shown on the home page (URLs, credentials). */
  readonly homeLines: () => readonly string[];
  /** Port on 127.0.0.1; 0 picks a free one. */
  readonly port: number;
  /** How long edits take to show, for the notice after a save. */
  readonly intervalText: string;
}

/** A running record browser. */
export interface RecordBrowser {
  readonly url: string;
  close(): Promise<void>;
}

const PAGE_SIZE = 25;
const HOST_SCRIPTS = ['salesforce-record-host.js', 'sugar-record-host.js'] as const;
const hostScript = (name: string): string => readFileSync(new URL(`./assets/${name}`, import.meta.url), 'utf8');

/**
 * Serves the CRM-like record browser on 127.0.0.1: lists with search and paging, record pages with their
 * fields, edit forms and the journey panel, and the JSON routes the record pages' host scripts call in
 * place of Lightning Data Service (Salesforce) or Sidecar's `app.api` (Sugar). Every read and write goes to
 * the CRM through its REST API.
 *
 * @example
 * const browser = await startRecordBrowser({ browser: SALESFORCE_BROWSER, records, assets, syncNow, ... });
 */
export async function startRecordBrowser(options: RecordBrowserOptions): Promise<RecordBrowser> {
  const { browser, records } = options;
  const app: FastifyInstance = fastify({ logger: false });
  const objectOf = (name: string): BrowserObject | undefined => browser.objects.find((object) => object.name === name);
  const html = (reply: FastifyReply, status: number, body: string): FastifyReply =>
    reply.code(status).type('text/html; charset=utf-8').send(body);
  // Record pages post their edit forms urlencoded; no plugin needed for one flat form.
  app.addContentTypeParser('application/x-www-form-urlencoded', { parseAs: 'string' }, (_request, body, done) => {
    done(null, Object.fromEntries(new URLSearchParams(String(body))));
  });

  const assets: Readonly<Record<string, () => string>> = {
    'cj-journey-panel.js': () => options.assets.panelBundle,
    'cj-journey-stages.js': () => options.assets.stagesScript,
    'journeyHostLogic.js': () => options.assets.salesforceHostLogic,
    'cj-journey-dashlet.js': () => options.assets.sugarDashlet,
    ...Object.fromEntries(HOST_SCRIPTS.map((name) => [name, () => hostScript(name)])),
  };
  app.get<{ Params: { name: string } }>('/assets/:name', (request, reply) => {
    const asset = assets[request.params.name];
    if (!asset) return reply.code(404).send('not found');
    return reply.type('text/javascript; charset=utf-8').header('cache-control', 'no-store').send(asset());
  });

  app.get('/favicon.ico', (_request, reply) => reply.code(204).send());
  app.get('/', (_request, reply) => html(reply, 200, homePage(browser, options.homeLines())));
  app.get('/report', async (request, reply) => {
    if (!options.renderReport)
      return html(
        reply,
        404,
        messagePage(browser, 'Analytics report', 'The analytics report is not available in this build of the demo.'),
      );
    const page = await options.renderReport(request.query as Record<string, unknown>);
    return html(reply, page.status, page.html);
  });

  app.get('/map', async (request, reply) => {
    if (!options.renderMap)
      return html(
        reply,
        404,
        messagePage(browser, 'Journey map', 'The journey map is not available in this build of the demo.'),
      );
    const page = await options.renderMap(request.query as Record<string, unknown>);
    return html(reply, page.status, page.html);
  });

  app.get<{ Params: { object: string }; Querystring: { q?: string; page?: string } }>(
    '/o/:object',
    async (request, reply) => {
      const object = objectOf(request.params.object);
      if (!object)
        return html(reply, 404, messagePage(browser, 'Not found', `No list for "${request.params.object}".`));
      const search = request.query.q ?? '';
      const pageNumber = Math.max(1, Number.parseInt(request.query.page ?? '1', 10) || 1);
      const page = await records.list(object.name, {
        fields: [browser.idField, ...object.columns],
        search,
        searchFields: object.searchFields,
        orderBy: object.orderBy,
        offset: (pageNumber - 1) * PAGE_SIZE,
        limit: PAGE_SIZE,
      });
      return html(reply, 200, listPage(browser, object, page, search, pageNumber, PAGE_SIZE));
    },
  );

  const taskObject = browser.crm === 'salesforce' ? 'Task' : 'Tasks';
  app.get<{ Params: { object: string; id: string }; Querystring: { saved?: string } }>(
    '/o/:object/:id',
    async (request, reply) => {
      const object = objectOf(request.params.object);
      if (!object && request.params.object !== taskObject)
        return html(reply, 404, messagePage(browser, 'Not found', `No record pages for "${request.params.object}".`));
      const record = await records.get(request.params.object, request.params.id);
      if (!record)
        return html(
          reply,
          404,
          messagePage(browser, 'Not found', `${request.params.object} ${request.params.id} does not exist.`),
        );
      const notice =
        request.query.saved === undefined
          ? ''
          : `Saved ${request.query.saved} through the REST API. The running sync picks it up within ${options.intervalText}; reload to see the journey move.`;
      return html(reply, 200, recordPage(browser, object, record, notice));
    },
  );

  app.post<{ Params: { object: string; id: string; edit: string }; Body: { value?: string } }>(
    '/o/:object/:id/edit/:edit',
    async (request, reply) => {
      const { object: name, id, edit: editId } = request.params;
      const edit = objectOf(name)?.edits.find((candidate) => candidate.id === editId);
      const value = request.body.value ?? '';
      if (!edit || !edit.values.includes(value))
        return html(reply, 400, messagePage(browser, 'Not saved', `"${value}" is not a value of ${name} ${editId}.`));
      const today = new Date().toISOString().slice(0, 10);
      await records.update(name, id, { [edit.field]: value, ...edit.alsoWrite(value, today) });
      return reply.redirect(
        `/o/${encodeURIComponent(name)}/${encodeURIComponent(id)}?saved=${encodeURIComponent(`${edit.field} = ${value}`)}`,
        303,
      );
    },
  );

  registerHostBridge(app, { browser, records, syncNow: options.syncNow });

  app.setErrorHandler((error, _request, reply) => {
    const message = error instanceof Error ? error.message : String(error);
    void html(reply, 502, messagePage(browser, 'The CRM did not answer', message));
  });

  const address = await app.listen({ host: '127.0.0.1', port: options.port });
  return { url: address, close: () => app.close() };
}
