// Sandbox Salesforce and SugarCRM orgs on loopback, fault schedules and the seeded data generator.
export { SoqlQueryError } from './salesforce/soql-errors.ts';
export type { SoqlErrorCode } from './salesforce/soql-errors.ts';
export type { SoqlLiteral } from './salesforce/soql-literals.ts';
export { compileSoqlWhere, evaluateSoqlWhere } from './salesforce/soql-where-evaluate.ts';
export type {
  SalesforceFieldType,
  SalesforceFieldTypes,
  SoqlEvaluateOptions,
  SoqlFieldReader,
  SoqlWhereOptions,
} from './salesforce/soql-where-evaluate.ts';
export { parseSoqlWhere } from './salesforce/soql-where-parse.ts';
export type { SoqlComparison, SoqlWhere } from './salesforce/soql-where-parse.ts';
export { DEFAULT_API_LIMIT, startSalesforceSandbox } from './salesforce/salesforce-sandbox.ts';
export type { SalesforceSandbox, SalesforceSandboxOptions } from './salesforce/salesforce-sandbox.ts';
export { compileSugarFilter, SugarFilterError } from './sugarcrm/filter-evaluator.ts';
export type { SugarColumnType, SugarFilterOptions, SugarRecordPredicate } from './sugarcrm/filter-evaluator.ts';
export { createFaultSchedule, FAULT_KINDS, parseFaultSpec } from './faults/fault-schedule.ts';
export type { FaultKind, FaultRule, FaultSchedule, InjectedFault } from './faults/fault-schedule.ts';
export { seededRandom } from './faults/seeded-random.ts';
export { DEFAULT_AS_OF, generatePopulation } from './generator/generate-population.ts';
export type { CustomerFate, GeneratedCustomer, GeneratePopulationOptions } from './generator/generate-population.ts';
export { toSalesforceRecords } from './generator/salesforce-records.ts';
export { toSugarRecords } from './generator/sugarcrm-records.ts';
export type { Sandbox, SandboxInspection, SandboxOptions, WriteLogEntry } from './sandbox.ts';
export { FAULT_HEADER, serveHandlers } from './server/serve-handlers.ts';
export type { RequestLogEntry, SandboxServer, ServeHandlersOptions } from './server/serve-handlers.ts';
export { scanSugarPackage } from './sugarcrm/package-scanner.ts';
export type { PackageScanIssue, PackageScanResult } from './sugarcrm/package-scanner.ts';
export { startSugarSandbox } from './sugarcrm/sugar-sandbox.ts';
export type { SugarSandbox, SugarSandboxOptions } from './sugarcrm/sugar-sandbox.ts';
export type { SugarOppsMode } from './sugarcrm/sugar-write-rules.ts';
export type { SugarSandboxInspection } from './sugarcrm/sugar-inspection.ts';
export { generatedRecords, startSandbox } from './start-sandbox.ts';
export type { SandboxTarget, StartedSandbox, StartSandboxOptions } from './start-sandbox.ts';
