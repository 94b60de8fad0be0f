import { Parser } from 'yaml';

/**
 * How deep lists and mappings (block or flow) may nest in a journey file. The YAML composer and every
 * walk over the data recurse per level, so without a fixed limit a deep file ran out of stack at a
 * depth that depended on the thread; this is checked first, on the parser's tokens, without recursion.
 */
export const MAX_NESTING_DEPTH = 200;

interface TokenLike {
  readonly type?: string;
  readonly offset?: number;
  readonly value?: unknown;
  readonly items?: readonly { readonly key?: unknown; readonly value?: unknown }[];
}

const COLLECTIONS = new Set(['block-map', 'block-seq', 'flow-collection']);

/**
 * The offset of the first list or mapping nested deeper than {@link MAX_NESTING_DEPTH}, or undefined.
 * The YAML library's parser is iterative (an explicit stack), so it reads any depth; the walk below
 * keeps its own stack too.
 */
export function tooDeepAt(text: string): number | undefined {
  let first: number | undefined;
  for (const token of new Parser().parse(text)) {
    const stack: [unknown, number][] = [[token, 0]];
    for (let next = stack.pop(); next !== undefined; next = stack.pop()) {
      const [node, depth] = next;
      if (typeof node !== 'object' || node === null) continue;
      const { type, offset, value, items } = node as TokenLike;
      const level = type !== undefined && COLLECTIONS.has(type) ? depth + 1 : depth;
      if (level > MAX_NESTING_DEPTH) {
        if (offset !== undefined && (first === undefined || offset < first)) first = offset;
        continue;
      }
      if (value !== undefined) stack.push([value, level]);
      for (const item of items ?? []) {
        if (item.key !== undefined) stack.push([item.key, level]);
        if (item.value !== undefined) stack.push([item.value, level]);
      }
    }
  }
  return first;
}
