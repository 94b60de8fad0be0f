import type { ObjectCatalog } from '../profiles/object-catalog.ts';
import type { Diagnostic } from '../source/diagnostic.ts';
import { diagnosticAt, type SourceDocument } from '../source/parse-source.ts';

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
