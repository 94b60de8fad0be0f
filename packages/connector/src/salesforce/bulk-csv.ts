// Bulk API 2.0 CSV (RFC 4180): quoted fields with doubled quotes, LF or CRLF line endings. Results are
// parsed as they stream in, so a page of any size is never held whole.
import type { CrmRecord } from '../records/crm-record.ts';

/** An incremental CSV parser: feed it text as it arrives, get back the rows completed so far. */
export interface CsvRowReader {
  /** Adds a chunk of text; returns the rows it completed. */
  push(chunk: string): string[][];
  /** Ends the input; returns the last row, if it had no line ending. */
  end(): string[][];
}

const FIELD_END = /[,\r\n]/g;

/**
 * Creates an incremental CSV parser. A row split across chunks waits in a buffer until its line ending
 * arrives; fields are cut with `slice` (not built a character at a time), so memory stays at about one
 * chunk plus one row.
 */
export function createCsvRowReader(): CsvRowReader {
  let buffer = '';
  // Parses whole rows from the buffer; keeps an unfinished one for the next chunk.
  const drain = (final: boolean): string[][] => {
    const rows: string[][] = [];
    let rowStart = 0;
    let i = 0;
    let row: string[] = [];
    const text = buffer;
    const length = text.length;
    parse: while (i < length) {
      let field: string;
      if (text.charCodeAt(i) === 34 /* " */) {
        let parts = '';
        let from = i + 1;
        for (;;) {
          const quote = text.indexOf('"', from);
          if (quote === -1 || (quote === length - 1 && !final)) break parse;
          if (text.charCodeAt(quote + 1) === 34) {
            parts += text.slice(from, quote + 1);
            from = quote + 2;
            continue;
          }
          field = parts + text.slice(from, quote);
          i = quote + 1;
          break;
        }
      } else {
        FIELD_END.lastIndex = i;
        const end = FIELD_END.exec(text);
        if (end === null) {
          if (!final) break;
          field = text.slice(i);
          i = length;
        } else {
          field = text.slice(i, end.index);
          i = end.index;
        }
      }
      row.push(field);
      const next = text.charCodeAt(i);
      if (next === 44 /* , */) {
        i++;
        if (i === length && final) row.push('');
        continue;
      }
      if (next === 13 /* \r */ || next === 10 /* \n */) {
        if (next === 13 && i + 1 === length && !final) break;
        i += next === 13 && text.charCodeAt(i + 1) === 10 ? 2 : 1;
      } else if (i < length) break; // text after a closing quote: wait (or, final, drop the rest)
      rows.push(row);
      row = [];
      rowStart = i;
    }
    if (final && row.length > 0) rows.push(row);
    buffer = final ? '' : text.slice(rowStart);
    return rows;
  };
  return {
    push(chunk) {
      buffer += chunk;
      return drain(false);
    },
    end: () => drain(true),
  };
}

/** Parses a whole CSV text into rows of fields. */
export function parseCsv(text: string): string[][] {
  const reader = createCsvRowReader();
  return [...reader.push(text), ...reader.end()];
}

const NUMBER_TYPES = new Set(['int', 'double', 'currency', 'percent', 'long']);

/** One CSV value as the REST API would give it, by the field's describe type (an empty cell is null). */
function typedValue(text: string, type: string | undefined): unknown {
  if (text === '') return null;
  if (type === 'boolean') return text === 'true';
  if (type !== undefined && NUMBER_TYPES.has(type)) return Number(text);
  return text;
}

/**
 * Turns the cells of a CSV results row into a REST-shaped record: typed values, and relationship
 * columns (`Opportunity.AccountId`) nested (`{ Opportunity: { AccountId } }`).
 */
export function csvRecordMaker(
  header: readonly string[],
  types: ReadonlyMap<string, string>,
): (cells: readonly string[]) => CrmRecord {
  const columns = header.map((column) => {
    const path = column.split('.');
    return { column, path, type: path.length === 1 ? types.get(column) : undefined };
  });
  return (cells) => {
    const record: Record<string, unknown> = {};
    columns.forEach(({ column, path, type }, index) => {
      const value = typedValue(cells[index] ?? '', type);
      let target = record;
      for (const segment of path.slice(0, -1)) target = (target[segment] ??= {}) as Record<string, unknown>;
      target[path[path.length - 1] ?? column] = value;
    });
    return record;
  };
}

/** The rows of a whole CSV results page as REST-shaped records (see {@link csvRecordMaker}). */
export function csvRecords(text: string, types: ReadonlyMap<string, string>): CrmRecord[] {
  const [header = [], ...body] = parseCsv(text);
  return body.map(csvRecordMaker(header, types));
}

/** One CSV cell: quoted when it holds a comma, a quote or a line break; null and undefined are empty. */
function csvCell(value: unknown): string {
  if (value === null || value === undefined) return '';
  const text = typeof value === 'string' ? value : JSON.stringify(value);
  return /[",\r\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

/** Formats records as a Bulk API 2.0 upload: a header of every column, LF line endings. */
export function formatCsv(columns: readonly string[], records: readonly Readonly<Record<string, unknown>>[]): string {
  const lines = [columns.map(csvCell).join(',')];
  for (const record of records) lines.push(columns.map((column) => csvCell(record[column])).join(','));
  return `${lines.join('\n')}\n`;
}
