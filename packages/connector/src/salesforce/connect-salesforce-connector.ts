// The Salesforce CrmConnector: one connection, one request layer, one describe cache.
import type { CrmConnector } from '../connector/crm-connector.ts';
import { ConnectorError, isConnectorError } from '../errors/connector-error.ts';
import { checkSalesforceJourney } from './check-journey.ts';
import { openSalesforceConnection, type ConnectSalesforceOptions } from './connect-salesforce.ts';
import { openDescribeCache } from './describe-cache.ts';
import { createOrgDescriber, type OrgDescriber } from './describe-org.ts';
import { listSalesforceCustomers, readSalesforceCustomers, type ReadContext } from './read-customers.ts';
import { createSalesforceClient } from './salesforce-client.ts';
import { writeSalesforceCustomers } from './write-customers.ts';

/** The Salesforce adapter of {@link CrmConnector}. */
export interface SalesforceConnector extends CrmConnector {
  readonly crm: 'salesforce';
  readonly instanceUrl: string;
}

/**
 * Connects to a Salesforce org and checks the session with one call (`GET /sobjects`, which the first
 * read needs anyway).
 *
 * @example
 * const sf = await connectSalesforce({ aliasOrUsername: 'acme-prod', budget: { maxShareOfDaily: 0.1 } });
 * const reader = sf.readCustomers(journey);
 */
export async function connectSalesforce(options: ConnectSalesforceOptions = {}): Promise<SalesforceConnector> {
  const { connection, secrets } = await openSalesforceConnection(options);
  const client = createSalesforceClient(connection, {
    secrets,
    ...(options.retry === undefined ? {} : { retry: options.retry }),
    ...(options.budget === undefined ? {} : { budget: options.budget }),
  });
  const disk =
    options.describeCache === undefined
      ? undefined
      : openDescribeCache(options.describeCache, `${connection.instanceUrl}|${connection.version}`, Date.now);
  const describer = createOrgDescriber(client, disk);
  await describer.objectNames();
  const now = options.now ?? Date.now;
  // Each kind of warning once per connector: a sync writes in many batches.
  const warned = new Set<string>();
  const warnOnce = (warning: { readonly code: string; readonly message: string }): void => {
    if (warned.has(warning.code)) return;
    warned.add(warning.code);
    if (options.onWarning) options.onWarning(warning);
    else process.emitWarning(warning.message, { code: warning.code });
  };
  const readContext: ReadContext = {
    client,
    describe: (j) => describer.describeJourney(j),
    now,
    watermarkMarginMs: options.watermarkMarginMs ?? 60_000,
    ...(options.batchSize === undefined ? {} : { batchSize: options.batchSize }),
    ...(options.bulkQueryThreshold === undefined ? {} : { bulkQueryThreshold: options.bulkQueryThreshold }),
    ...(options.bulkPollIntervalMs === undefined ? {} : { bulkPollIntervalMs: options.bulkPollIntervalMs }),
    warn: warnOnce,
  };
  return {
    crm: 'salesforce',
    instanceUrl: connection.instanceUrl,
    checkJourney: (text, file, options) => checkSalesforceJourney(describer, text, file, options),
    readCustomers: (journey, readOptions) =>
      forgetOnGoneField(describer, readSalesforceCustomers(readContext, journey, readOptions)),
    listCustomers: (journey, listOptions) => listSalesforceCustomers(readContext, journey, listOptions),
    write: (journey, writes) =>
      writeSalesforceCustomers(
        {
          client,
          now,
          ...(options.rowLockDelayMs === undefined ? {} : { rowLockDelayMs: options.rowLockDelayMs }),
          ...(options.bulkWriteThreshold === undefined ? {} : { bulkWriteThreshold: options.bulkWriteThreshold }),
          ...(options.bulkPollIntervalMs === undefined ? {} : { bulkPollIntervalMs: options.bulkPollIntervalMs }),
          warn: warnOnce,
        },
        journey,
        writes,
      ),
    orgId: async () => {
      const result = await client.send<{ records?: { Id?: unknown }[] }>(
        { method: 'GET', url: `/query?q=${encodeURIComponent('SELECT Id FROM Organization')}` },
        'reading the organization id',
      );
      const id = result.records?.[0]?.Id;
      return typeof id === 'string' && id !== '' ? id : undefined;
    },
    apiUsage: () => {
      const limit = client.limit();
      return { calls: client.calls(), used: limit?.used, limit: limit?.limit };
    },
    close: () => Promise.resolve(),
  };
}

// A query naming a field that no longer exists means the cached describe is stale: forget it, so the
// next run describes again, and say so.
async function* forgetOnGoneField<T, R>(describer: OrgDescriber, read: AsyncGenerator<T, R>): AsyncGenerator<T, R> {
  try {
    return yield* read;
  } catch (error) {
    if (!(isConnectorError(error) && /INVALID_FIELD|INVALID_TYPE/.test(error.message) && describer.usedDiskCache()))
      throw error;
    await describer.forget();
    throw new ConnectorError('CRM_REQUEST_FAILED', `${error.message} The cached describes were out of date.`, {
      actions: ['Run again: the objects will be described afresh.'],
      cause: error,
    });
  }
}
