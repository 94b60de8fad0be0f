// The isomorphic entry of @crm-journey/connector: no Node built-ins, no CRM clients.
export { ConnectorError, isConnectorError } from './errors/connector-error.ts';
export type { ConnectorErrorCode, ConnectorErrorOptions } from './errors/connector-error.ts';
export { formatDiagnostic, formatPath } from './journey/diagnostic.ts';
export type { Diagnostic, DiagnosticList, SourceLocation } from './journey/diagnostic.ts';
export { journeyJsonSchema, JourneyFileSchema } from './journey/journey-schema.ts';
export type { Crm, JourneyFile, JourneyFileInput } from './journey/journey-schema.ts';
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
