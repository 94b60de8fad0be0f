// The isomorphic entry of @crm-journey/connector: no Node built-ins, no CRM clients. It exports what the
// other packages use, grouped by layer bottom rung first (see README.md, "Layers").

// errors: the package's one error family.
export { ConnectorError, isConnectorError } from './errors/connector-error.ts';
export type { ConnectorErrorCode } from './errors/connector-error.ts';

// records: the record type, field access and coercion, instants.
export type { CrmRecord } from './records/crm-record.ts';
export { coerce, DAY_MS, formatDate, formatDateTime, isBlank, readField } from './records/field-values.ts';
export type { TypedValue, ValueKind } from './records/typed-value.ts';

// source: positions in a YAML document, diagnostics and did-you-mean suggestions.
export { formatDiagnostic, formatPath } from './source/diagnostic.ts';
export type { Diagnostic } from './source/diagnostic.ts';
export { diagnosticAt, parseSource } from './source/parse-source.ts';
export type { SourceDocument } from './source/parse-source.ts';
export { didYouMean, suggestName } from './source/suggest.ts';

// profiles: the per-CRM facts (objects, fields, picklists), as data.
export type { Crm } from './profiles/crm-schema.ts';
export { isCustomName } from './profiles/crm-profile.ts';
export type { CrmProfile, FieldType } from './profiles/crm-profile.ts';
export { crmProfile } from './profiles/crm-profiles.ts';
export { closedOpportunityStages, openOpportunityStages, opportunityStages } from './profiles/default-picklists.ts';
export { catalogFromSnapshot, snapshotCatalog } from './profiles/catalog-snapshot.ts';
export type { CatalogSnapshot } from './profiles/catalog-snapshot.ts';
export { salesforceProfile } from './profiles/salesforce-profile.ts';
export { sugarcrmProfile } from './profiles/sugarcrm-profile.ts';
export { sugarSalesStatus } from './profiles/sugar-sales-status.ts';

// conditions: the condition language, its evaluator and its SOQL / Sugar filter compilers.
export type { CompareOperator, CustomerCondition, RecordCondition } from './conditions/condition-ast.ts';
export { compileRecordCondition, relativeDateBounds } from './conditions/evaluate-condition.ts';
export type { CustomerRecords } from './conditions/evaluate-condition.ts';
export { compileToSoql } from './conditions/compile-soql.ts';
export type { SoqlFieldType } from './conditions/compile-soql.ts';
export { compileToSugarFilter } from './conditions/compile-sugar-filter.ts';
export type { SugarFieldType, SugarFilter } from './conditions/compile-sugar-filter.ts';

// journey: the journey file's schema and its validation into a definition.
export { journeyJsonSchema } from './journey/journey-schema.ts';
export type { JourneyDefinition } from './journey/journey-definition.ts';
export { validateJourney } from './journey/validate-journey.ts';
export type { JourneyValidationResult } from './journey/validate-journey.ts';
export { checkJourneySet, singleJourneySet, validateJourneySet } from './journey/journey-set.ts';
export type { SetMember } from './journey/journey-set-rules.ts';
export type { JourneySetDefinition } from './journey/journey-set.ts';
export { journeySetReadDefinition } from './journey/journey-set-read.ts';

// engine: compiling a journey and evaluating or explaining one customer.
export { compileJourney } from './engine/compile-journey.ts';
export type { CompiledAction, CompiledJourney } from './engine/compile-journey.ts';
export type { CustomerInput } from './engine/customer-input.ts';
export { evaluateCustomer } from './engine/evaluate-customer.ts';
export { nextTimeChange } from './engine/next-time-change.ts';
export { explainCustomer } from './engine/explain-customer.ts';
export { compileJourneySet, placeCustomer } from './engine/compile-journey-set.ts';
export type { CompiledJourneySet, JourneyPlacement } from './engine/compile-journey-set.ts';
export { evaluateCustomerInSet, placementReason } from './engine/evaluate-customer-in-set.ts';
export type { SetEvaluation } from './engine/evaluate-customer-in-set.ts';
export { tasksNotYetCreated } from './engine/tasks-not-yet-created.ts';
export type { CustomerExplanation } from './engine/explain-customer.ts';
export type {
  CustomerRef,
  JourneyState,
  NextAction,
  NextActionStatus,
  StageTransition,
  TimeInStageStatus,
  Touchpoint,
} from './engine/journey-state.ts';
export { furthestMatchingStage } from './engine/resolve-stage.ts';
export type { AdvanceChecklist } from './engine/advance-checklist.ts';
export type { ChecklistItem } from './engine/condition-checklist.ts';
export type { KeyFieldValue } from './engine/stage-aids.ts';
export { journeyStateFingerprint } from './engine/state-fingerprint.ts';

// analytics: journey reports and their comparison.
export {
  buildJourneyReport,
  createJourneyReportBuilder,
  REPORT_DEFINITIONS,
} from './analytics/build-journey-report.ts';
export { compareReports } from './analytics/compare-reports.ts';
export type { ReportComparison } from './analytics/compare-reports.ts';
export type { JourneyReport, StageReport } from './analytics/journey-report.ts';
export { reportCustomer } from './analytics/report-customer.ts';
export type { ReportCustomer } from './analytics/report-customer.ts';

// analytics: the journey map (the seeds' canvas) built from the report's numbers.
export { createJourneyMapBuilder, MAP_DEFINITIONS } from './analytics/build-journey-map.ts';
export type { JourneyMapBuilder } from './analytics/build-journey-map.ts';
export { MAP_LANES } from './analytics/journey-map.ts';
export type { JourneyMap, MapLane, MapStage } from './analytics/journey-map.ts';

// snapshot: records from a snapshot file, grouped into customers.
export { groupCustomers } from './snapshot/group-customers.ts';
export type { CustomerRecordSet, RecordsByObject } from './snapshot/group-customers.ts';
export { parseSnapshot } from './snapshot/parse-snapshot.ts';
export { snapshotChecks } from './snapshot/snapshot-checks.ts';
export { createCustomerPlacement } from './snapshot/customer-placement.ts';
export { historyChanges } from './profiles/history-changes.ts';

// connector: the interface every CRM adapter implements, and API call budgets.
export type {
  CrmConnector,
  CustomerIdRange,
  CustomerWrite,
  JourneyValidator,
  ReadCustomer,
  ReadCustomersOptions,
  ReadProgress,
  ReadSummary,
  WriteSummary,
} from './connector/crm-connector.ts';
export type { CrmRecordApi } from './connector/crm-record-api.ts';
export { CALL_UNITS, minimumApiCalls } from './connector/minimum-api-calls.ts';
export type { MinimumApiCalls } from './connector/minimum-api-calls.ts';
