import { isMap, isPair, isScalar, isSeq, parseDocument, type Node } from 'yaml';
import type { Diagnostic } from './diagnostic.ts';
import { formatPath } from './diagnostic.ts';
import { MAX_NESTING_DEPTH, tooDeepAt } from './nesting-depth.ts';

/** A parsed YAML or JSON document that can say where any path in it was written. */
export interface SourceDocument {
  readonly file: string;
  readonly data: unknown;
  /** Line and column (1-based) of the value at `path`, or of its nearest written ancestor. */
  locate(path: readonly (string | number)[], at?: 'key' | 'value'): { line: number; column: number };
}

/** The result of parsing: a document, or syntax errors with positions. */
export interface SourceParseResult {
  readonly document?: SourceDocument;
  readonly errors: readonly Diagnostic[];
}

/** Hard limits that keep a hostile file from exhausting memory or the stack. */
const MAX_SOURCE_BYTES = 2_000_000;
const MAX_ALIAS_COUNT = 100;

/**
 * Maps an offset to its 1-based line and column from the whole text. The YAML library's LineCounter
 * only learns the line breaks its lexer reached, so after a syntax error inside a flow collection it
 * placed errors past the end of their line (found by fuzzing).
 */
function linePositions(text: string): (offset: number) => { line: number; col: number } {
  const starts = [0];
  for (let i = text.indexOf('\n'); i >= 0; i = text.indexOf('\n', i + 1)) starts.push(i + 1);
  return (offset) => {
    let low = 0;
    let high = starts.length - 1;
    while (low < high) {
      const mid = (low + high + 1) >> 1;
      if ((starts[mid] ?? 0) <= offset) low = mid;
      else high = mid - 1;
    }
    return { line: low + 1, col: offset - (starts[low] ?? 0) + 1 };
  };
}

/**
 * Parses YAML (JSON is accepted, being YAML) and keeps the source positions of every node.
 *
 * @example
 * const { document, errors } = parseSource(text, 'journey.yaml');
 */
export function parseSource(text: string, file: string): SourceParseResult {
  const at = (line: number, column: number, rule: string, message: string, fix?: string): Diagnostic => ({
    severity: 'error',
    rule,
    location: { file, line, column, path: '' },
    message,
    ...(fix === undefined ? {} : { fix }),
  });
  if (text.length > MAX_SOURCE_BYTES) {
    return {
      errors: [
        at(
          1,
          1,
          'file-too-large',
          `the file is ${text.length} characters; the limit is ${MAX_SOURCE_BYTES}.`,
          'Split the journey or remove generated content.',
        ),
      ],
    };
  }
  const linePos = linePositions(text);
  const deep = tooDeepAt(text);
  if (deep !== undefined) {
    const { line, col } = linePos(deep);
    return {
      errors: [
        at(
          line,
          col,
          'too-deep',
          `lists and mappings are nested more than ${String(MAX_NESTING_DEPTH)} levels deep here.`,
          'Flatten it: a journey needs a few levels of nesting, not hundreds.',
        ),
      ],
    };
  }
  const doc = parseDocument(text, { uniqueKeys: true, prettyErrors: false, strict: true });
  const errors = doc.errors.map((error) => {
    const pos = linePos(error.pos[0]);
    return at(
      pos.line,
      pos.col,
      'syntax',
      error.message.split('\n')[0] ?? error.message,
      'Fix the YAML syntax at this position.',
    );
  });
  if (errors.length > 0) return { errors };
  let data: unknown;
  try {
    data = doc.toJS({ maxAliasCount: MAX_ALIAS_COUNT });
  } catch (error) {
    // yaml throws for alias bombs and similar; report them as syntax errors.
    const message = error instanceof Error ? error.message : String(error);
    const alias = /Unresolved alias[^:]*: (\S+)/.exec(message)?.[1];
    const where = alias === undefined ? undefined : text.indexOf(`*${alias}`);
    const pos = where === undefined || where < 0 ? { line: 1, col: 1 } : linePos(where);
    return {
      errors: [
        at(
          pos.line,
          pos.col,
          'syntax',
          message,
          alias === undefined
            ? `Use at most ${MAX_ALIAS_COUNT} aliases (*name); write the values out instead.`
            : `Define the anchor &${alias} before the alias *${alias}, or write the value out.`,
        ),
      ],
    };
  }

  const locate = (
    path: readonly (string | number)[],
    where: 'key' | 'value' = 'value',
  ): { line: number; column: number } => {
    let node: unknown = doc.contents;
    let offset = (doc.contents as Node | null)?.range?.[0] ?? 0;
    for (let i = 0; i < path.length; i++) {
      const segment = path[i];
      const last = i === path.length - 1;
      if (isMap(node)) {
        const pair = node.items.find(
          (item) => isPair(item) && isScalar(item.key) && String(item.key.value) === String(segment),
        );
        if (!pair || !isPair(pair)) break;
        const keyRange = (pair.key as Node | null)?.range;
        const valueRange = (pair.value as Node | null)?.range;
        offset = (last && where === 'key' ? keyRange?.[0] : (valueRange?.[0] ?? keyRange?.[0])) ?? offset;
        node = pair.value;
      } else if (isSeq(node) && typeof segment === 'number') {
        const item = node.items[segment] as Node | undefined;
        if (!item) break;
        offset = item.range?.[0] ?? offset;
        node = item;
      } else {
        break;
      }
    }
    const pos = linePos(offset);
    return { line: pos.line, column: pos.col };
  };
  return { document: { file, data, locate }, errors: [] };
}

/** Builds a diagnostic located at a path of a parsed document. */
export function diagnosticAt(
  document: SourceDocument,
  path: readonly (string | number)[],
  severity: Diagnostic['severity'],
  rule: string,
  message: string,
  fix?: string,
  at: 'key' | 'value' = 'value',
): Diagnostic {
  const { line, column } = document.locate(path, at);
  return {
    severity,
    rule,
    location: { file: document.file, line, column, path: formatPath(path) },
    message,
    ...(fix === undefined ? {} : { fix }),
  };
}
