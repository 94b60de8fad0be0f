// The isomorphic entry of @crm-journey/connector: no Node built-ins, no CRM clients.
export { ConnectorError, isConnectorError } from './errors/connector-error.ts';
export type { ConnectorErrorCode, ConnectorErrorOptions } from './errors/connector-error.ts';
export { formatDiagnostic, formatPath } from './journey/diagnostic.ts';
export type { Diagnostic, DiagnosticList, SourceLocation } from './journey/diagnostic.ts';
export { journeyJsonSchema, JourneyFileSchema } from './journey/journey-schema.ts';
export type {
  Action,
  Crm,
  DueRule,
  JourneyFile,
  JourneyFileInput,
  Move,
  OwnerRule,
  Segment,
  Stage,
  TouchpointRule,
} from './journey/journey-schema.ts';
export type {
  CompareOperator,
  ConditionValue,
  CustomerCondition,
  Quantifier,
  RecordCondition,
  RelativeDateOperator,
  TypedValue,
  ValueKind,
} from './conditions/condition-ast.ts';
export {
  compileCustomerCondition,
  compileRecordCondition,
  relativeDateBounds,
} from './conditions/evaluate-condition.ts';
export type { CustomerPredicate, CustomerRecords, RecordPredicate } from './conditions/evaluate-condition.ts';
export { compileToSoql } from './conditions/compile-soql.ts';
export type { SoqlCompileOptions, SoqlCompileResult, SoqlFieldType } from './conditions/compile-soql.ts';
export { compileToSugarFilter } from './conditions/compile-sugar-filter.ts';
export type {
  SugarFieldFilter,
  SugarFieldType,
  SugarFilter,
  SugarFilterCompileOptions,
  SugarFilterCompileResult,
  SugarFilterValue,
} from './conditions/compile-sugar-filter.ts';
export {
  coerce,
  DAY_MS,
  formatDate,
  formatDateTime,
  isBlank,
  parseInstant,
  readField,
  typeValue,
} from './conditions/field-values.ts';
export type { CrmRecord } from './conditions/field-values.ts';
export { describeCustomerCondition, describeRecordCondition } from './conditions/describe-condition.ts';
export type { ConditionContext, ObjectCatalog } from './conditions/condition-context.ts';
export { normalizeCustomerCondition } from './conditions/normalize-customer-condition.ts';
export { normalizeRecordCondition } from './conditions/normalize-record-condition.ts';
export type {
  ApiUsage,
  CrmConnector,
  CustomerWrite,
  ReadCustomer,
  ReadCustomersOptions,
  ReadProgress,
  ReadSummary,
  WriteSummary,
} from './crm/crm-connector.ts';
export type { CrmRecordApi, ListRecordsOptions, RecordListPage, UpsertResult } from './crm/crm-record-api.ts';
export { CALL_UNITS, minimumApiCalls } from './crm/minimum-api-calls.ts';
export type { CallUnits, MinimumApiCalls } from './crm/minimum-api-calls.ts';
export { crmProfile, isCustomName } from './crm/crm-profile.ts';
export { opportunityStages } from './crm/default-picklists.ts';
export { salesforceProfile } from './crm/salesforce-profile.ts';
export { sugarcrmProfile } from './crm/sugarcrm-profile.ts';
export type { CrmProfile, FieldType, LinkRule, ObjectProfile } from './crm/crm-profile.ts';
export { historyChanges } from './crm/history-changes.ts';
export { profileCatalog } from './crm/profile-catalog.ts';
export { actionKey } from './engine/action-key.ts';
export type { ActionKeyParts } from './engine/action-key.ts';
export { isActivityClosed } from './engine/activities.ts';
export { compileJourney } from './engine/compile-journey.ts';
export type { CompiledAction, CompiledJourney, CompiledSegment, CompiledStage } from './engine/compile-journey.ts';
export { addBusinessDays, dueDate } from './engine/due-date.ts';
export { evaluateCustomer } from './engine/evaluate-customer.ts';
export { nextTimeChange } from './engine/next-time-change.ts';
export { journeyStateFingerprint } from './engine/state-fingerprint.ts';
export type { CustomerInput } from './engine/evaluate-customer.ts';
export { explainCustomer } from './engine/explain-customer.ts';
export type { ConditionTrace, CustomerExplanation, RuleExplanation } from './engine/explain-customer.ts';
export type { FieldChange } from './engine/field-change.ts';
export type {
  CustomerRef,
  JourneyState,
  NextAction,
  NextActionStatus,
  StageTransition,
  TimeInStageStatus,
  Touchpoint,
  TransitionDirection,
} from './engine/journey-state.ts';
export { replayHistory } from './engine/replay-history.ts';
export { furthestMatchingStage, resolveStep } from './engine/resolve-stage.ts';
export type { StagePosition } from './engine/resolve-stage.ts';
export { parseTemplate, renderTemplate } from './engine/template.ts';
export type { Template, TemplatePlaceholder } from './engine/template.ts';
export type {
  ActionDefinition,
  JourneyDefinition,
  MoveDefinition,
  SegmentDefinition,
  StageDefinition,
  StageOverrideDefinition,
  TouchpointDefinition,
} from './journey/journey-definition.ts';
export { diagnosticAt, parseSource } from './journey/parse-source.ts';
export type { SourceDocument, SourceParseResult } from './journey/parse-source.ts';
export { didYouMean, suggestName } from './journey/suggest.ts';
export { validateJourney } from './journey/validate-journey.ts';
export type { JourneyValidationResult, ValidateJourneyOptions } from './journey/validate-journey.ts';
export {
  buildJourneyReport,
  createJourneyReportBuilder,
  REPORT_DEFINITIONS,
} from './analytics/build-journey-report.ts';
export type { JourneyReportBuilder, JourneyReportOptions } from './analytics/build-journey-report.ts';
export { compareReports } from './analytics/compare-reports.ts';
export type {
  ComparedNumbers,
  ComparisonHighlight,
  ReportComparison,
  StageComparison,
} from './analytics/compare-reports.ts';
export type {
  ActionEffectiveness,
  BackwardMoveCount,
  Bottleneck,
  Cohort,
  DurationSummary,
  FunnelStep,
  JourneyReport,
  NegativeCluster,
  OverdueCustomer,
  OwnerOverdue,
  SegmentReport,
  StageEmotion,
  StageFlow,
  StageReport,
  StageTouchpoints,
} from './analytics/journey-report.ts';
export { parseActionKey, reportCustomer } from './analytics/report-customer.ts';
export type { ReportActivity, ReportCustomer, ReportTransition } from './analytics/report-customer.ts';
export { quantile } from './analytics/summarize-durations.ts';
export { groupCustomers } from './snapshot/group-customers.ts';
export type { CustomerRecordSet, GroupCustomersResult, RecordsByObject } from './snapshot/group-customers.ts';
export { parseSnapshot } from './snapshot/parse-snapshot.ts';
