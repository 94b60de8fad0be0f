// The Salesforce CrmConnector: one connection, one request layer, one describe cache.
import type { CrmConnector } from '../crm/crm-connector.ts';
import { checkSalesforceJourney } from './check-journey.ts';
import { openSalesforceConnection, type ConnectSalesforceOptions } from './connect-salesforce.ts';
import { createOrgDescriber } from './describe-org.ts';
import { readSalesforceCustomers } from './read-customers.ts';
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
  const describer = createOrgDescriber(client);
  await describer.objectNames();
  const now = options.now ?? Date.now;
  return {
    crm: 'salesforce',
    instanceUrl: connection.instanceUrl,
    checkJourney: (text, file) => checkSalesforceJourney(describer, text, file),
    readCustomers: (journey, readOptions) =>
      readSalesforceCustomers(
        {
          client,
          describe: (j) => describer.describeJourney(j),
          now,
          watermarkMarginMs: options.watermarkMarginMs ?? 60_000,
          ...(options.batchSize === undefined ? {} : { batchSize: options.batchSize }),
          ...(options.bulkQueryThreshold === undefined ? {} : { bulkQueryThreshold: options.bulkQueryThreshold }),
          ...(options.bulkPollIntervalMs === undefined ? {} : { bulkPollIntervalMs: options.bulkPollIntervalMs }),
        },
        journey,
        readOptions,
      ),
    write: (journey, writes) =>
      writeSalesforceCustomers(
        { client, now, ...(options.rowLockDelayMs === undefined ? {} : { rowLockDelayMs: options.rowLockDelayMs }) },
        journey,
        writes,
      ),
    apiUsage: () => {
      const limit = client.limit();
      return { calls: client.calls(), used: limit?.used, limit: limit?.limit };
    },
    close: () => Promise.resolve(),
  };
}
