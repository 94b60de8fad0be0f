import type { FieldType } from '../crm/crm-profile.ts';
import type { Diagnostic } from '../journey/diagnostic.ts';
import { diagnosticAt, type SourceDocument } from '../journey/parse-source.ts';

/** What validation knows about a CRM's objects: the bundled catalogue, or an org's describe results. */
export interface ObjectCatalog {
  objectNames(): Iterable<string>;
  /** Fields of an object; undefined when the object is not known (custom objects without `--org`). */
  fields(object: string): Readonly<Record<string, FieldType>> | undefined;
  /** Allowed values of a picklist field, when known. */
  picklist(object: string, field: string): readonly string[] | undefined;
  /** True when the name is a custom object or field that the catalogue cannot know. */
  isCustom(name: string): boolean;
  /** Whether the catalogue is an org's real metadata (unknown picklist values are then errors). */
  readonly authoritative: boolean;
}

/** Where normalisation reports, and what it checks names against. */
export interface ConditionContext {
  readonly document: SourceDocument;
  readonly catalog: ObjectCatalog;
  readonly diagnostics: Diagnostic[];
}

/** A path inside the journey document. */
export type Path = readonly (string | number)[];

/** True for a YAML mapping. */
export function isPlainObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** True for a YAML scalar. */
export function isScalar(value: unknown): value is string | number | boolean | null {
  return value === null || typeof value === 'string' || typeof value === 'number' || typeof value === 'boolean';
}

/** Records a diagnostic at a path of the document. */
export function report(
  context: ConditionContext,
  path: Path,
  rule: string,
  message: string,
  fix?: string,
  at: 'key' | 'value' = 'value',
  severity: Diagnostic['severity'] = 'error',
): void {
  context.diagnostics.push(diagnosticAt(context.document, path, severity, rule, message, fix, at));
}
