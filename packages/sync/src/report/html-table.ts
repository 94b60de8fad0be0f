import { escapeHtml } from './html-escape.ts';

/** One column of a report table: `field` names it in the HTML (`data-field`) so tests and scripts can read it. */
export interface TableColumn {
  readonly field: string;
  readonly header: string;
  readonly numeric?: boolean;
}

/** One row: the cells as plain text (escaped here), a key (`data-key`), and an optional highlight per field. */
export interface TableRow {
  readonly key: string;
  readonly cells: readonly string[];
  readonly highlight?: ReadonlySet<string> | undefined;
}

/** An accessible HTML table: caption, column headers with scope, row headers in the first column. */
export function htmlTable(
  id: string,
  caption: string,
  columns: readonly TableColumn[],
  rows: readonly TableRow[],
): string {
  const head = columns
    .map((column) => `<th scope="col"${column.numeric ? ' class="num"' : ''}>${escapeHtml(column.header)}</th>`)
    .join('');
  const body = rows
    .map((row) => {
      const cells = columns.map((column, index) => {
        const text = escapeHtml(row.cells[index] ?? '');
        const classes = [column.numeric ? 'num' : '', row.highlight?.has(column.field) ? 'changed' : '']
          .filter((name) => name !== '')
          .join(' ');
        const attributes = `data-field="${escapeHtml(column.field)}"${classes === '' ? '' : ` class="${classes}"`}`;
        return index === 0 ? `<th scope="row" ${attributes}>${text}</th>` : `<td ${attributes}>${text}</td>`;
      });
      return `<tr data-key="${escapeHtml(row.key)}">${cells.join('')}</tr>`;
    })
    .join('\n');
  return `<div class="table-wrap"><table data-table="${escapeHtml(id)}"><caption>${escapeHtml(caption)}</caption><thead><tr>${head}</tr></thead><tbody>\n${body}\n</tbody></table></div>`;
}

/** Days with one decimal; a dash for none. */
export function formatDays(days: number | null | undefined): string {
  return days === null || days === undefined ? '–' : days.toFixed(1);
}

/** A share as a percentage with one decimal; a dash for none. */
export function formatShare(value: number | null | undefined): string {
  return value === null || value === undefined ? '–' : `${(value * 100).toFixed(1)}%`;
}

/** A signed difference, e.g. `+3.5` or `−12.0`; a dash for none. */
export function formatSigned(value: number | null, format: (n: number) => string): string {
  if (value === null) return '–';
  if (value === 0) return format(0);
  return value > 0 ? `+${format(value)}` : `−${format(-value)}`;
}
