import type { CrmConnector, CrmRecordApi } from '@crm-journey/connector';
import { connectSalesforce, openSalesforceRecordApi } from '@crm-journey/connector/salesforce';
import { connectSugar, openSugarRecordApi } from '@crm-journey/connector/sugarcrm';
import type { SandboxTarget } from '@crm-journey/sandbox';

/** How often a read for a waiting person is tried, and the pause before the retry. */
export interface PageRetry {
  readonly attempts: number;
  readonly baseDelayMs: number;
}

/** Connects the sync's connector to a sandbox, ignoring the environment's CRM variables. */
export function connectSandbox(target: SandboxTarget): Promise<CrmConnector> {
  const { crm: _crm, ...login } = target;
  return target.crm === 'salesforce' ? connectSalesforce({ ...login, env: {} }) : connectSugar({ ...login, env: {} });
}

/** Opens the record browser's API on a sandbox, with quick retries for a person waiting for the page. */
export function openSandboxRecordApi(target: SandboxTarget, retry: PageRetry): Promise<CrmRecordApi> {
  const { crm: _crm, ...login } = target;
  return target.crm === 'salesforce'
    ? openSalesforceRecordApi({ ...login, env: {}, retry })
    : openSugarRecordApi({ ...login, env: {}, maxAttempts: retry.attempts, baseDelayMs: retry.baseDelayMs });
}
