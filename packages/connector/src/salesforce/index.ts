// The Node entry of @crm-journey/connector for Salesforce: jsforce and @salesforce/core live here only.
export { connectSalesforce } from './connect-salesforce-connector.ts';
export type { SalesforceConnector } from './connect-salesforce-connector.ts';
export { SALESFORCE_API_VERSION } from './connect-salesforce.ts';
export type { ConnectSalesforceOptions, SalesforceJwtOptions } from './connect-salesforce.ts';
export type { DescribeCacheOptions } from './describe-cache.ts';
export { deploySalesforceMetadata } from './deploy-metadata.ts';
export { openSalesforceAdminApi } from './salesforce-admin-api.ts';
export type { AdminDescribe, AdminDescribeField, SalesforceAdminApi } from './salesforce-admin-api.ts';
export type {
  DeployedComponent,
  DeployMetadataOptions,
  DeployMetadataResult,
  DeployProgress,
} from './deploy-metadata.ts';
export type { SalesforceBudgetOptions, SalesforceRetryOptions } from './salesforce-client.ts';
export { fitJourneyState, STATE_FIELD_LENGTH } from './journey-state-field.ts';
export { openSalesforceRecordApi } from './salesforce-record-api.ts';
export { scrubSecrets } from './salesforce-errors.ts';
