// What differs between the CRMs in the fault campaign: the sandbox's login for the CLI, and the CRM's
// object and field names, which come from the connector's profile.
import { crmProfile, type Crm, type RecordsByObject } from '@crm-journey/connector';
import {
  DEFAULT_AS_OF,
  generatedRecords,
  startSandbox,
  type FaultRule,
  type Sandbox,
  type StartedSandbox,
} from '@crm-journey/sandbox';

/** A root object of the customers, and which of its records are not customers (converted leads). */
export interface RootObject {
  readonly object: string;
  readonly skip?: (record: Readonly<Record<string, unknown>>) => boolean;
}

/** How a schedule's sandbox starts: its faults, its clock, and for a refresh its port and org id. */
export interface CampaignSandboxOptions {
  readonly faults: { readonly seed: string; readonly rules: readonly FaultRule[] };
  /** The org's clock (SystemModstamp, `Date` header); default the sandbox's fixed time. */
  readonly now?: () => number;
  readonly port?: number;
  /** Salesforce Organization Id / Sugar `site_id`; default the sandbox's own. */
  readonly org?: string;
}

/** The CRM-specific half of a schedule. */
export interface CampaignCrm {
  readonly crm: Crm;
  readonly journeyFile: string;
  records(customers: number, seed: string): RecordsByObject;
  /** A sandbox org of `records`; `org` gives it another identity (a refreshed sandbox at the same `port`). */
  start(records: RecordsByObject, options: CampaignSandboxOptions): Promise<StartedSandbox>;
  /** The `crm-journey sync` flags that reach the sandbox; Salesforce logs in afresh for every run. */
  target(sandbox: StartedSandbox): Promise<readonly string[]>;
  readonly activities: readonly string[];
  readonly keyField: string;
  readonly roots: readonly RootObject[];
  readonly idField: string;
  readonly stageField: string;
  readonly stateField: string;
}

/**
 * A new Salesforce access token by the password grant, as `sf org login` would get one. The CLI takes
 * a bare access token, which a session-expired fault revokes for good: the next run needs a new one.
 * The token endpoint may itself answer a scheduled 5xx, so it is asked a few times.
 */
async function salesforceLogin(sandbox: Sandbox): Promise<string> {
  let last = '';
  for (let attempt = 0; attempt < 20; attempt++) {
    try {
      const response = await fetch(`${sandbox.url}/services/oauth2/token`, {
        method: 'POST',
        body: new URLSearchParams({
          grant_type: 'password',
          client_id: 'crm-journey-reliability',
          client_secret: 'reliability',
          username: sandbox.username,
          password: sandbox.password,
        }),
      });
      if (response.ok) return ((await response.json()) as { access_token: string }).access_token;
      last = `HTTP ${String(response.status)}`;
    } catch (error) {
      last = error instanceof Error ? error.message : String(error);
    }
  }
  throw new Error(`The sandbox refused 20 logins in a row (${last}).`);
}

const now = (): number => DEFAULT_AS_OF;

/**
 * The campaign's side of a CRM, from the connector's profile: the customer roots (converted leads are
 * not customers), the activity objects, the action key and journey fields.
 */
export function campaignCrm(crm: Crm): CampaignCrm {
  const profile = crmProfile(crm);
  const { object: leadObject, convertedField } = profile.lead;
  const customerObjects = Object.values(profile.objects).filter((object) => object.role === 'customer');
  return {
    crm,
    journeyFile: `journeys/${crm}-b2b.yaml`,
    records: (customers, seed) => generatedRecords(crm, customers, seed),
    start: (records, options) => {
      const { org, port, faults } = options;
      const own: NonNullable<Parameters<typeof startSandbox>[1]> & { siteId?: string } = {
        records:
          org !== undefined && crm === 'salesforce'
            ? { ...records, Organization: [{ Id: org, Name: `org ${org}` }] }
            : records,
        now: options.now ?? now,
        faults,
        ...(port === undefined ? {} : { port }),
        // Passed through to the Sugar sandbox, whose `server_info.site_id` it is.
        ...(org !== undefined && crm === 'sugarcrm' ? { siteId: org } : {}),
      };
      return startSandbox(crm, own);
    },
    // The CLI takes a bare Salesforce token, which a session-expired fault revokes: log in for every run.
    target: async (sandbox) =>
      crm === 'salesforce'
        ? ['--instance-url', sandbox.url, '--access-token', await salesforceLogin(sandbox)]
        : sandbox.targetFlags,
    activities: [...new Set(Object.values(profile.activityObjects))],
    keyField: profile.actionKeyField,
    roots: [
      ...customerObjects.map(({ name }) => ({ object: name })),
      { object: leadObject, skip: (record) => record[convertedField] === true },
    ],
    idField: profile.idField,
    stageField: profile.journeyFields.stage,
    stateField: profile.journeyFields.state,
  };
}
