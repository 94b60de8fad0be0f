import type { z } from 'zod';
import type { Diagnostic } from './diagnostic.ts';
import { diagnosticAt, type SourceDocument } from './parse-source.ts';
import { didYouMean } from './suggest.ts';

interface SchemaNode {
  readonly description?: string | undefined;
  readonly _zod: { readonly def: SchemaDef };
}

interface SchemaDef {
  readonly shape?: Record<string, SchemaNode>;
  readonly element?: SchemaNode;
  readonly innerType?: SchemaNode;
  readonly valueType?: SchemaNode;
  readonly options?: readonly SchemaNode[];
  readonly in?: SchemaNode;
}

/** The schemas that describe `path` (several where a union allows several shapes). */
function schemasAt(schema: z.ZodType, path: readonly PropertyKey[]): SchemaNode[] {
  const unwrap = (node: SchemaNode): SchemaNode[] => {
    const { def } = node._zod;
    if (def.innerType) return unwrap(def.innerType);
    if (def.in) return unwrap(def.in);
    if (def.options) return def.options.flatMap(unwrap);
    return [node];
  };
  let nodes: SchemaNode[] = [schema as unknown as SchemaNode];
  for (const segment of path) {
    nodes = nodes.flatMap(unwrap).flatMap((node): SchemaNode[] => {
      const { def } = node._zod;
      if (def.shape && typeof segment === 'string') {
        const next = def.shape[segment];
        return next ? [next] : [];
      }
      if (def.element && typeof segment === 'number') return [def.element];
      if (def.valueType) return [def.valueType];
      return [];
    });
  }
  return nodes;
}

/** The keys a strict object in `schema` allows at `path`, for "did you mean" hints. */
function knownKeysAt(schema: z.ZodType, path: readonly PropertyKey[]): string[] {
  const unwrapped = schemasAt(schema, path).flatMap((node) =>
    node._zod.def.options ? [...node._zod.def.options] : [node],
  );
  return [...new Set(unwrapped.flatMap((node) => Object.keys(node._zod.def.shape ?? {})))];
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
      const key = String(path[path.length - 1]);
      if (actual === undefined) {
        diagnostics.push(
          diagnosticAt(
            document,
            path.slice(0, -1),
            'error',
            'missing-key',
            `"${key}" is required.`,
            `Add ${key}: ${values.join(' or ')}.`,
          ),
        );
        continue;
      }
      const hint =
        (typeof actual === 'string' ? didYouMean(actual, values) : undefined) ?? `Write one of ${values.join(', ')}.`;
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
    if (path.length === 0 && issue.code === 'invalid_type') {
      const actual = document.data;
      diagnostics.push(
        diagnosticAt(
          document,
          path,
          'error',
          'invalid-value',
          actual === null || actual === undefined
            ? 'the file has no content: a journey is a mapping of keys.'
            : `the file holds ${Array.isArray(actual) ? 'a list' : `a ${typeof actual}`}; a journey is a mapping of keys.`,
          'Start with journey:, name:, crm:, customer: and stages: (see docs/journey-file.md).',
        ),
      );
      continue;
    }
    if (issue.code === 'invalid_union') {
      const describe = (node: SchemaNode): string | undefined =>
        node.description ?? (node._zod.def.innerType ? describe(node._zod.def.innerType) : undefined);
      const description = schemasAt(schema, path)
        .map(describe)
        .find((text) => text !== undefined);
      diagnostics.push(
        diagnosticAt(
          document,
          path,
          'error',
          'invalid-value',
          `${JSON.stringify(readAt(document.data, path))} is not an allowed value here.`,
          description,
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
        missing ? `Add ${String(path[path.length - 1])}: <value>.` : issueFix(issue),
      ),
    );
  }
  return diagnostics;
}

/** How to fix a type or range issue, in the user's terms. */
function issueFix(issue: z.core.$ZodIssue): string {
  switch (issue.code) {
    case 'invalid_type':
      return issue.expected === 'record' || issue.expected === 'object'
        ? 'Write a mapping of keys here (see docs/journey-file.md).'
        : issue.expected === 'array'
          ? 'Write a list here, e.g. `[a, b]`.'
          : `Write a ${issue.expected} here${issue.expected === 'number' ? ', e.g. 30' : ''}.`;
    case 'too_small':
      return issue.origin === 'array'
        ? `List at least ${String(issue.minimum)} item${Number(issue.minimum) === 1 ? '' : 's'}.`
        : issue.origin === 'string'
          ? 'Write a non-empty value.'
          : `Use a value ${issue.inclusive === true ? 'of at least' : 'above'} ${String(issue.minimum)}.`;
    case 'too_big':
      return issue.origin === 'array' || issue.origin === 'string'
        ? `Shorten it to at most ${String(issue.maximum)}${issue.origin === 'string' ? ' characters' : ' items'}.`
        : `Use a value ${issue.inclusive === true ? 'of at most' : 'below'} ${String(issue.maximum)}.`;
    default:
      return 'See docs/journey-file.md for what this key takes.';
  }
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
