// Bulk API 2.0 CSV (RFC 4180): quoted fields with doubled quotes, LF or CRLF line endings.
import type { CrmRecord } from '../conditions/field-values.ts';

/** Parses CSV text into rows of fields. */
export function parseCsv(text: string): string[][] {
  const rows: string[][] = [];
  let row: string[] = [];
  let field = '';
  let quoted = false;
  for (let i = 0; i < text.length; i++) {
    const char = text.charAt(i);
    if (quoted) {
      if (char !== '"') field += char;
      else if (text.charAt(i + 1) === '"') field += text.charAt(++i);
      else quoted = false;
    } else if (char === '"') quoted = true;
    else if (char === ',') {
      row.push(field);
      field = '';
    } else if (char === '\n' || char === '\r') {
      if (char === '\r' && text.charAt(i + 1) === '\n') i++;
      row.push(field);
      rows.push(row);
      row = [];
      field = '';
    } else field += char;
  }
  if (field !== '' || row.length > 0) rows.push([...row, field]);
  return rows;
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
 * The rows of a CSV results page as REST-shaped records: typed values, and relationship columns
 * (`Opportunity.AccountId`) nested (`{ Opportunity: { AccountId } }`).
 */
export function csvRecords(text: string, types: ReadonlyMap<string, string>): CrmRecord[] {
  const [header = [], ...body] = parseCsv(text);
  return body.map((cells) => {
    const record: Record<string, unknown> = {};
    header.forEach((column, index) => {
      const path = column.split('.');
      const value = typedValue(cells[index] ?? '', path.length === 1 ? types.get(column) : undefined);
      let target = record;
      for (const segment of path.slice(0, -1)) target = (target[segment] ??= {}) as Record<string, unknown>;
      target[path[path.length - 1] ?? column] = value;
    });
    return record;
  });
}
