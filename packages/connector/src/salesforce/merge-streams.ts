// A k-way merge of query streams that are each ordered by customer id: yields one group per customer
// id with every row of every stream, as soon as all streams have moved past that id.
import type { CrmRecord } from '../records/crm-record.ts';
import { ConnectorError } from '../errors/connector-error.ts';
import type { ReadStream } from './read-plan.ts';

/** One row of a group, with the stream it came from. */
export interface MergedRow {
  readonly stream: ReadStream;
  readonly record: CrmRecord;
}

/** All rows naming one customer id. */
export interface MergedGroup {
  readonly key: string;
  readonly rows: MergedRow[];
}

interface Cursor {
  readonly stream: ReadStream;
  readonly pages: AsyncIterator<CrmRecord[]>;
  page: CrmRecord[];
  index: number;
  done: boolean;
  last: string;
}

/** Reads a field or a relationship path (`Opportunity.AccountId`) of a row. */
export function readPath(record: CrmRecord, path: string): unknown {
  let value: unknown = record;
  for (const segment of path.split('.')) {
    if (typeof value !== 'object' || value === null) return undefined;
    value = (value as Record<string, unknown>)[segment];
  }
  return value;
}

// Salesforce orders id fields case-insensitively; 18-character ids stay unique when lower-cased.
const keyOf = (record: CrmRecord, path: string): string => {
  const value = readPath(record, path);
  return typeof value === 'string' ? value.toLowerCase() : '';
};

async function fill(cursor: Cursor): Promise<void> {
  while (!cursor.done && cursor.index >= cursor.page.length) {
    const next = await cursor.pages.next();
    if (next.done === true) cursor.done = true;
    else {
      cursor.page = next.value;
      cursor.index = 0;
    }
  }
}

/**
 * Merges streams ordered by their key field. Memory holds at most a page or two per stream plus the
 * current customer's rows.
 */
export async function* mergeStreams(
  sources: readonly { readonly stream: ReadStream; readonly pages: AsyncIterator<CrmRecord[]> }[],
): AsyncGenerator<MergedGroup> {
  const cursors: Cursor[] = sources.map(({ stream, pages }) => ({
    stream,
    pages,
    page: [],
    index: 0,
    done: false,
    last: '',
  }));
  for (;;) {
    await Promise.all(cursors.map(fill));
    let min: string | undefined;
    for (const cursor of cursors) {
      const record = cursor.done ? undefined : cursor.page[cursor.index];
      if (record === undefined) continue;
      const key = keyOf(record, cursor.stream.keyField);
      if (min === undefined || key < min) min = key;
    }
    if (min === undefined) return;
    const rows: MergedRow[] = [];
    let original = min;
    for (const cursor of cursors) {
      for (;;) {
        await fill(cursor);
        const record = cursor.done ? undefined : cursor.page[cursor.index];
        if (record === undefined || keyOf(record, cursor.stream.keyField) !== min) break;
        if (min < cursor.last) {
          throw new ConnectorError(
            'INTERNAL',
            `${cursor.stream.object} rows did not arrive in ${cursor.stream.keyField} order; cannot merge customers.`,
          );
        }
        cursor.last = min;
        original = String(readPath(record, cursor.stream.keyField));
        rows.push({ stream: cursor.stream, record });
        cursor.index++;
      }
    }
    yield { key: original, rows };
  }
}
