/** Where in a source file something is: 1-based line and column, and the path inside the document. */
export interface SourceLocation {
  readonly file: string;
  readonly line: number;
  readonly column: number;
  /** JSON path inside the document, e.g. `stages[2].when.Opportunity.StageNme`. */
  readonly path: string;
}

/** One finding of validation: an error blocks use of the journey, a warning does not. */
export interface Diagnostic {
  readonly severity: 'error' | 'warning';
  /** Stable rule id, e.g. `unknown-field`, `cyclic-dependency`. */
  readonly rule: string;
  readonly location: SourceLocation;
  /** What is wrong, in a sentence. */
  readonly message: string;
  /** How to fix it, when there is a plausible fix. */
  readonly fix?: string;
}

/** Validation results as values, never thrown: `{ errors, warnings }`. */
export interface DiagnosticList {
  readonly errors: readonly Diagnostic[];
  readonly warnings: readonly Diagnostic[];
}

/**
 * Formats a diagnostic the way compilers do, so editors and terminals can link to it.
 *
 * @example
 * formatDiagnostic(d); // "journey.yaml:14:9 error unknown-field stages[2].when...: unknown field ... Did you mean "StageName"?"
 */
export function formatDiagnostic(diagnostic: Diagnostic): string {
  const { file, line, column, path } = diagnostic.location;
  const where = path === '' ? '' : ` ${path}:`;
  const fix = diagnostic.fix === undefined ? '' : ` ${diagnostic.fix}`;
  return `${file}:${line}:${column} ${diagnostic.severity} ${diagnostic.rule}${where} ${diagnostic.message}${fix}`;
}

/** Renders a path array as `stages[2].when.Opportunity`. */
export function formatPath(path: readonly (string | number)[]): string {
  let out = '';
  for (const part of path) {
    if (typeof part === 'number') out += `[${part}]`;
    else out += out === '' ? part : `.${part}`;
  }
  return out;
}
