import { isMap, isPair, isScalar, isSeq, LineCounter, parseDocument, type Node } from 'yaml';
import type { Diagnostic } from './diagnostic.ts';
import { formatPath } from './diagnostic.ts';

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
  const lineCounter = new LineCounter();
  const doc = parseDocument(text, { lineCounter, uniqueKeys: true, prettyErrors: false, strict: true });
  const errors = doc.errors.map((error) => {
    const pos = lineCounter.linePos(error.pos[0]);
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
    return { errors: [at(1, 1, 'syntax', error instanceof Error ? error.message : String(error))] };
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
    const pos = lineCounter.linePos(offset);
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
