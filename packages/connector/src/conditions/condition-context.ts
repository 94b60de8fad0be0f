import { identifierFix, identifierProblem, type IdentifierKind } from '../profiles/crm-identifier.ts';
import type { Crm } from '../profiles/crm-schema.ts';
import type { ObjectCatalog } from '../profiles/object-catalog.ts';
import type { Diagnostic } from '../source/diagnostic.ts';
import { didYouMean } from '../source/suggest.ts';
import { diagnosticAt, type SourceDocument } from '../source/parse-source.ts';

/** Where normalisation reports, and what it checks names against. */
export interface ConditionContext {
  readonly document: SourceDocument;
  readonly catalog: ObjectCatalog;
  readonly diagnostics: Diagnostic[];
  /** The CRM whose naming rules every object and field name must follow. */
  readonly crm: Crm;
}

/**
 * How deep `$and` / `$or` / `$not` may nest in one condition (customer and record levels together).
 * Checked before each level is read, so a deep condition is refused the same way on every run, on any
 * thread's stack; documented in docs/journey-file.md (3.5).
 */
export const MAX_CONDITION_DEPTH = 32;

/** Reports a condition nested past {@link MAX_CONDITION_DEPTH}; returns whether `depth` is within it. */
export function checkConditionDepth(context: ConditionContext, path: Path, depth: number): boolean {
  if (depth <= MAX_CONDITION_DEPTH) return true;
  report(
    context,
    path,
    'too-deep',
    `$and / $or / $not are nested more than ${String(MAX_CONDITION_DEPTH)} levels deep here.`,
    'Flatten the condition: $and inside $and is one $and, and a segment or a stage can hold part of it.',
    'key',
  );
  return false;
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

/**
 * Reports `name` unless it is a valid object or field name under the CRM's naming rules (see
 * `identifierProblem`); returns whether it is.
 */
export function checkIdentifier(
  context: ConditionContext,
  kind: IdentifierKind,
  name: string,
  path: Path,
  at: 'key' | 'value' = 'value',
  known: Iterable<string> = [],
): boolean {
  const problem = identifierProblem(context.crm, kind, name);
  if (problem === undefined) return true;
  const hint = didYouMean(name, [...known]);
  const crm = context.crm === 'salesforce' ? 'Salesforce' : 'SugarCRM';
  report(
    context,
    path,
    kind === 'object' ? 'invalid-object' : 'invalid-field',
    `${JSON.stringify(name)} is not a valid ${crm} ${kind} name: ${problem}.`,
    hint === undefined ? identifierFix(context.crm, kind) : `${hint} ${identifierFix(context.crm, kind)}`,
    at,
  );
  return false;
}
