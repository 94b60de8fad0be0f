// What the admin commands (`crm-journey init`, `crm-journey doctor`) read from an org beyond a sync's
// needs: any SOQL, full describes, /limits and who is logged in; through the connector's request layer.
import { openSalesforceConnection, type ConnectSalesforceOptions } from './connect-salesforce.ts';
import { createSalesforceClient } from './salesforce-client.ts';

/** A field of a describe, with the access flags an admin check reads. */
export interface AdminDescribeField {
  readonly name: string;
  readonly type: string;
  readonly createable?: boolean;
  readonly updateable?: boolean;
  readonly externalId?: boolean;
  readonly unique?: boolean;
  readonly picklistValues?: readonly {
    readonly value: string;
    readonly label?: string;
    readonly active: boolean;
    readonly defaultValue?: boolean;
  }[];
}

/** A full describe, as far as the admin commands read it. */
export interface AdminDescribe {
  readonly name: string;
  readonly createable?: boolean;
  readonly updateable?: boolean;
  readonly queryable?: boolean;
  readonly fields: readonly AdminDescribeField[];
  readonly recordTypeInfos?: readonly {
    readonly name: string;
    readonly developerName?: string;
    readonly active?: boolean;
    readonly master?: boolean;
  }[];
}

/** Read-only access to an org for admin commands. */
export interface SalesforceAdminApi {
  readonly instanceUrl: string;
  /** Runs a SOQL query and returns every row (following `nextRecordsUrl`). */
  query<T extends Record<string, unknown>>(soql: string, what: string): Promise<T[]>;
  /** The object's describe, or undefined when the org (or the user) has no such object. */
  describe(object: string): Promise<AdminDescribe | undefined>;
  /** `GET /limits`: each limit's Max and Remaining. */
  limits(): Promise<Readonly<Record<string, { readonly Max: number; readonly Remaining: number }>>>;
  /** The logged-in user (`/services/oauth2/userinfo`). */
  user(): Promise<{ readonly id: string; readonly username: string }>;
  /** Calls sent so far. */
  calls(): number;
}

interface QueryPage {
  readonly records: Record<string, unknown>[];
  readonly nextRecordsUrl?: string;
}

/**
 * Opens read-only admin access to an org, with the same options (and credentials) as `connectSalesforce`.
 *
 * @example
 * const org = await openSalesforceAdminApi({ aliasOrUsername: 'acme-prod' });
 * const stages = await org.query('SELECT ApiName, IsWon FROM OpportunityStage', 'reading the stages');
 */
export async function openSalesforceAdminApi(options: ConnectSalesforceOptions = {}): Promise<SalesforceAdminApi> {
  const { connection, secrets } = await openSalesforceConnection(options);
  const client = createSalesforceClient(connection, {
    secrets,
    ...(options.retry === undefined ? {} : { retry: options.retry }),
  });
  let objects: Promise<ReadonlySet<string>> | undefined;
  return {
    instanceUrl: connection.instanceUrl,
    async query<T extends Record<string, unknown>>(soql: string, what: string) {
      const rows: T[] = [];
      let url: string | undefined = `/query?q=${encodeURIComponent(soql)}`;
      while (url !== undefined) {
        const page: QueryPage = await client.send<QueryPage>({ method: 'GET', url }, what);
        for (const { attributes: _attributes, ...row } of page.records) rows.push(row as T);
        url = page.nextRecordsUrl;
      }
      return rows;
    },
    async describe(object) {
      objects ??= client
        .send<{ sobjects: { name: string }[] }>({ method: 'GET', url: '/sobjects' }, 'listing the org’s objects')
        .then((answer) => new Set(answer.sobjects.map((entry) => entry.name)));
      if (!(await objects).has(object)) return undefined;
      return client.send<AdminDescribe>({ method: 'GET', url: `/sobjects/${object}/describe` }, `describing ${object}`);
    },
    limits: () => client.send({ method: 'GET', url: '/limits' }, 'reading the org’s limits'),
    async user() {
      const info = await client.send<{ user_id: string; preferred_username: string }>(
        { method: 'GET', url: '/services/oauth2/userinfo' },
        'reading the logged-in user',
      );
      return { id: info.user_id, username: info.preferred_username };
    },
    calls: () => client.calls(),
  };
}
