import type { z } from 'zod';
import type { Diagnostic } from './diagnostic.ts';
import { diagnosticAt, type SourceDocument } from './parse-source.ts';
import { didYouMean } from './suggest.ts';

interface SchemaDef {
  readonly type?: string;
  readonly shape?: Record<string, { readonly _zod: { readonly def: SchemaDef } }>;
  readonly element?: { readonly _zod: { readonly def: SchemaDef } };
  readonly innerType?: { readonly _zod: { readonly def: SchemaDef } };
  readonly valueType?: { readonly _zod: { readonly def: SchemaDef } };
  readonly options?: readonly { readonly _zod: { readonly def: SchemaDef } }[];
  readonly in?: { readonly _zod: { readonly def: SchemaDef } };
}

/** The keys a strict object in `schema` allows at `path`, for "did you mean" hints. */
function knownKeysAt(schema: z.ZodType, path: readonly PropertyKey[]): string[] {
  let defs: SchemaDef[] = [(schema as unknown as { _zod: { def: SchemaDef } })._zod.def];
  const unwrap = (def: SchemaDef): SchemaDef[] => {
    if (def.innerType) return unwrap(def.innerType._zod.def);
    if (def.in) return unwrap(def.in._zod.def);
    if (def.options) return def.options.flatMap((option) => unwrap(option._zod.def));
    return [def];
  };
  for (const segment of path) {
    defs = defs.flatMap(unwrap).flatMap((def): SchemaDef[] => {
      if (def.shape && typeof segment === 'string') {
        const next = def.shape[segment];
        return next ? [next._zod.def] : [];
      }
      if (def.element && typeof segment === 'number') return [def.element._zod.def];
      if (def.valueType) return [def.valueType._zod.def];
      return [];
    });
  }
  return defs.flatMap(unwrap).flatMap((def) => Object.keys(def.shape ?? {}));
}

/** Turns zod issues into located diagnostics, with "did you mean" for unknown keys. */
export function schemaIssuesToDiagnostics(
  schema: z.ZodType,
  issues: readonly z.core.$ZodIssue[],
  document: SourceDocument,
): Diagnostic[] {
  const diagnostics: Diagnostic[] = [];
  for (const issue of issues) {
    const path = issue.path.filter((part): part is string | number => typeof part !== 'symbol');
    if (issue.code === 'unrecognized_keys') {
      const known = knownKeysAt(schema, path);
      for (const key of issue.keys) {
        const hint = didYouMean(key, known) ?? (known.length > 0 ? `Allowed keys: ${known.join(', ')}.` : undefined);
        diagnostics.push(
          diagnosticAt(document, [...path, key], 'error', 'unknown-key', `unknown key "${key}".`, hint, 'key'),
        );
      }
      continue;
    }
    if (issue.code === 'invalid_value' && 'values' in issue) {
      const values = issue.values.map(String);
      const actual = readAt(document.data, path);
      const hint = typeof actual === 'string' ? didYouMean(actual, values) : undefined;
      diagnostics.push(
        diagnosticAt(
          document,
          path,
          'error',
          'invalid-value',
          `${JSON.stringify(actual)} is not one of ${values.join(', ')}.`,
          hint,
        ),
      );
      continue;
    }
    const missing = issue.code === 'invalid_type' && readAt(document.data, path) === undefined;
    diagnostics.push(
      diagnosticAt(
        document,
        missing ? path.slice(0, -1) : path,
        'error',
        missing ? 'missing-key' : 'invalid-value',
        missing ? `"${String(path[path.length - 1])}" is required.` : lowerFirst(issue.message) + '.',
        missing ? `Add ${String(path[path.length - 1])}: <value>.` : undefined,
      ),
    );
  }
  return diagnostics;
}

function lowerFirst(text: string): string {
  return text.charAt(0).toLowerCase() + text.slice(1);
}

function readAt(data: unknown, path: readonly (string | number)[]): unknown {
  let value = data;
  for (const part of path) {
    if (value === null || typeof value !== 'object') return undefined;
    value = (value as Record<string | number, unknown>)[part];
  }
  return value;
}
