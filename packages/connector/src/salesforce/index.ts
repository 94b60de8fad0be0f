// The Node entry of @crm-journey/connector for Salesforce: jsforce and @salesforce/core live here only.
export { connectSalesforce } from './connect-salesforce-connector.ts';
export type { SalesforceConnector } from './connect-salesforce-connector.ts';
export { SALESFORCE_API_VERSION } from './connect-salesforce.ts';
export type { ConnectSalesforceOptions } from './connect-salesforce.ts';
export { deploySalesforceMetadata } from './deploy-metadata.ts';
export { openSalesforceAdminApi } from './salesforce-admin-api.ts';
export type { AdminDescribe, SalesforceAdminApi } from './salesforce-admin-api.ts';
export type { DeployedComponent, DeployMetadataResult } from './deploy-metadata.ts';
export { openSalesforceRecordApi } from './salesforce-record-api.ts';
