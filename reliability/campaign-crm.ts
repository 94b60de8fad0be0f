// What differs between the CRMs in the fault campaign: the sandbox, the CLI's credentials, field names.
import type { Crm, RecordsByObject } from '@crm-journey/connector';
import {
  DEFAULT_AS_OF,
  generatePopulation,
  startSalesforceSandbox,
  startSugarSandbox,
  toSalesforceRecords,
  toSugarRecords,
  type FaultRule,
  type Sandbox,
} from '@crm-journey/sandbox';

/** A root object of the customers, and which of its records are not customers (converted leads). */
export interface RootObject {
  readonly object: string;
  readonly skip?: (record: Readonly<Record<string, unknown>>) => boolean;
}

/** The CRM-specific half of a schedule. */
export interface CampaignCrm {
  readonly crm: Crm;
  readonly journeyFile: string;
  records(customers: number, seed: string): RecordsByObject;
  start(records: RecordsByObject, faults: { seed: string; rules: readonly FaultRule[] }): Promise<Sandbox>;
  /** The `crm-journey sync` flags that reach the sandbox; Salesforce logs in afresh for every run. */
  target(sandbox: Sandbox): Promise<string[]>;
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

/** Salesforce: Accounts and unconverted Leads are customers; tasks carry `Journey_Action_Key__c`. */
export const salesforceCampaign: CampaignCrm = {
  crm: 'salesforce',
  journeyFile: 'journeys/salesforce-b2b.yaml',
  records: (customers, seed) => toSalesforceRecords(generatePopulation({ customers, seed })),
  start: (records, faults) => startSalesforceSandbox({ records, now, faults }),
  target: async (sandbox) => ['--instance-url', sandbox.url, '--access-token', await salesforceLogin(sandbox)],
  activities: ['Task', 'Event'],
  keyField: 'Journey_Action_Key__c',
  roots: [{ object: 'Account' }, { object: 'Lead', skip: (record) => record['IsConverted'] === true }],
  idField: 'Id',
  stageField: 'Journey_Stage__c',
  stateField: 'Journey_State__c',
};

/** SugarCRM: the CLI logs in with the password and logs in again when a token expires. */
export const sugarCampaign: CampaignCrm = {
  crm: 'sugarcrm',
  journeyFile: 'journeys/sugarcrm-b2b.yaml',
  records: (customers, seed) => toSugarRecords(generatePopulation({ customers, seed })),
  start: (records, faults) => startSugarSandbox({ records, now, faults }),
  target: (sandbox) =>
    Promise.resolve([
      '--sugar-url',
      sandbox.url,
      '--sugar-user',
      sandbox.username,
      '--sugar-password',
      sandbox.password,
    ]),
  activities: ['Tasks', 'Calls', 'Meetings'],
  keyField: 'journey_action_key_c',
  roots: [{ object: 'Accounts' }, { object: 'Leads', skip: (record) => record['converted'] === true }],
  idField: 'id',
  stageField: 'journey_stage_c',
  stateField: 'journey_state_c',
};

/** The campaign's side of a CRM. */
export function campaignCrm(crm: Crm): CampaignCrm {
  return crm === 'salesforce' ? salesforceCampaign : sugarCampaign;
}
