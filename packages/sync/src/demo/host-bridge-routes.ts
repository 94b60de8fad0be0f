import type { CrmRecordApi } from '@crm-journey/connector';
import type { FastifyInstance, FastifyReply } from 'fastify';
import type { SyncSummary } from '../run/run-sync.ts';
import type { BrowserCrm } from './browser-objects.ts';

/** What the bridge routes need. */
export interface HostBridgeOptions {
  readonly browser: BrowserCrm;
  readonly records: CrmRecordApi;
  readonly syncNow: () => Promise<SyncSummary>;
}

/**
 * Why a key-field edit from a record page may not be written, or null when it may: only the customer's
 * root record, only one field, and only a key field the record's stored journey state lists (the page
 * cannot be trusted to say which fields those are). The CRM then validates the value itself.
 */
async function keyFieldRefusal(
  options: HostBridgeOptions,
  object: string,
  id: string,
  fields: Readonly<Record<string, unknown>>,
): Promise<string | null> {
  const { browser, records } = options;
  const names = Object.keys(fields);
  const [field] = names;
  const roots = browser.rootObject.split('+');
  if (!roots.includes(object) || names.length !== 1 || field === undefined)
    return `The demo edits one key field of a ${roots.join(' or ')} at a time.`;
  const record = await records.get(object, id, [browser.stateField]);
  if (!record) return `${object} ${id} does not exist.`;
  let keyFields: unknown;
  try {
    keyFields = (JSON.parse(String(record[browser.stateField])) as { keyFields?: unknown }).keyFields;
  } catch {
    keyFields = undefined;
  }
  const listed = Array.isArray(keyFields) && keyFields.some((key) => (key as { field?: unknown }).field === field);
  return listed ? null : `${field} is not a key field of this customer's current stage.`;
}

/** Answers a CRM failure as JSON the host scripts show in the panel's error state. */
function failed(reply: FastifyReply, error: unknown): FastifyReply {
  const message = error instanceof Error ? error.message : String(error);
  return reply.code(502).send({ message, body: [{ message }] });
}

/**
 * The JSON routes a record page's host script calls in place of the CRM's client-side data layer:
 * `/api/ui-record` for the Salesforce wrapper (Lightning Data Service's getRecord and createRecord),
 * `/api/sugar-call` for the Sugar dashlet (Sidecar's `app.api.call`, and its model saves), and `/api/sync`
 * for a sync run now. Every read and write goes to the CRM through its REST API; Task writes are upserts on
 * the action key; key-field edits (`updateRecord`, a model save) are REST updates of the root record.
 *
 * @example
 * registerHostBridge(app, { browser: SALESFORCE_BROWSER, records, syncNow: () => loop.runNow() });
 */
export function registerHostBridge(app: FastifyInstance, options: HostBridgeOptions): void {
  const { browser, records } = options;
  // Lightning Data Service's getRecord, played over the REST API: `{ fields: { Name: { value } } }`.
  app.get<{ Params: { object: string; id: string }; Querystring: { fields?: string } }>(
    '/api/ui-record/:object/:id',
    async (request, reply) => {
      const { object, id } = request.params;
      const fields = (request.query.fields ?? '')
        .split(',')
        .filter((field) => field.startsWith(`${object}.`))
        .map((field) => field.slice(object.length + 1));
      try {
        const record = await records.get(object, id, fields.length === 0 ? undefined : fields);
        if (!record) return await reply.code(404).send({ body: [{ message: `${object} ${id} does not exist.` }] });
        const shaped = Object.fromEntries(Object.entries(record).map(([field, value]) => [field, { value }]));
        return await reply.send({ apiName: object, id, fields: shaped });
      } catch (error) {
        return failed(reply, error);
      }
    },
  );

  // createRecord for Tasks: an upsert on the action key, so a second click (or the sync) never duplicates.
  app.post<{ Body: { fields?: Record<string, unknown> } }>('/api/ui-record/Task', async (request, reply) => {
    const fields = request.body.fields ?? {};
    try {
      return await reply.send(await records.upsert('Task', browser.actionKeyField, fields));
    } catch (error) {
      return failed(reply, error);
    }
  });

  // updateRecord for a key field edited in the panel: a REST update of the root record.
  app.patch<{ Params: { object: string; id: string }; Body: { fields?: Record<string, unknown> } }>(
    '/api/ui-record/:object/:id',
    async (request, reply) => {
      const { object, id } = request.params;
      const { Id: _id, ...fields } = request.body.fields ?? {};
      try {
        const refusal = await keyFieldRefusal(options, object, id, fields);
        if (refusal) return await reply.code(400).send({ body: [{ message: refusal }] });
        await records.update(object, id, fields);
        return await reply.send({ apiName: object, id });
      } catch (error) {
        return failed(reply, error);
      }
    },
  );

  // Sidecar's app.api.call for the Sugar dashlet: a record read, a Task filter on the key, a Task create.
  app.post<{
    Body: {
      method?: string;
      module?: string;
      id?: string | null;
      params?: Record<string, unknown> | null;
      data?: Record<string, unknown>;
    };
  }>('/api/sugar-call', async (request, reply) => {
    const { method, module = '', id, params, data } = request.body;
    try {
      if (method === 'read' && typeof id === 'string') {
        const fields = typeof params?.['fields'] === 'string' ? params['fields'].split(',') : undefined;
        const record = await records.get(module, id, fields);
        if (!record)
          return await reply.code(404).send({ error: 'not_found', error_message: `${module} ${id} does not exist.` });
        return await reply.send(record);
      }
      if (method === 'read') {
        const filter = Array.isArray(params?.['filter']) ? (params['filter'] as Record<string, unknown>[]) : [];
        const equals = Object.fromEntries(
          filter.flatMap((clause) => Object.entries(clause)).map(([field, value]) => [field, String(value)]),
        );
        return await reply.send(await records.list(module, { fields: ['id'], equals, limit: 1 }));
      }
      if (method === 'update' && typeof id === 'string' && data) {
        const refusal = await keyFieldRefusal(options, module, id, data);
        if (refusal) return await reply.code(400).send({ error: 'not_editable', error_message: refusal });
        await records.update(module, id, data);
        return await reply.send({ id });
      }
      if (method === 'create' && module === 'Tasks' && data) {
        const result = await records.upsert('Tasks', browser.actionKeyField, data);
        return await reply.send({ id: result.id });
      }
      return await reply
        .code(400)
        .send({ error: 'unsupported', error_message: `The demo does not bridge ${String(method)} ${module}.` });
    } catch (error) {
      const message = error instanceof Error ? error.message : String(error);
      return reply.code(502).send({ error: 'request_failed', error_message: message });
    }
  });

  app.post('/api/sync', async (_request, reply) => {
    try {
      const summary = await options.syncNow();
      return await reply.send({
        customers: summary.customers,
        stageChanges: summary.stageChanges,
        tasksCreated: summary.tasksCreated,
      });
    } catch (error) {
      return failed(reply, error);
    }
  });
}
