const segmenter = new Intl.Segmenter();

/** The user-perceived characters of a string, so Cyrillic, Persian and emoji line up like Latin. */
function graphemes(text: string): string[] {
  return Array.from(segmenter.segment(text), (part) => part.segment);
}

function width(text: string): number {
  return graphemes(text).length;
}

function clip(text: string, max: number): string {
  const chars = graphemes(text);
  return chars.length <= max ? text : `${chars.slice(0, max - 1).join('')}…`;
}

/**
 * Formats rows as a plain-text table with a header rule; cells longer than `maxWidth` are clipped.
 *
 * @example
 * formatTable(['Stage', 'Customers'], [['Evaluation', '12']]);
 */
export function formatTable(header: readonly string[], rows: readonly (readonly string[])[], maxWidth = 48): string {
  const clipped = rows.map((row) => row.map((cell) => clip(cell, maxWidth)));
  const widths = header.map((title, column) =>
    Math.max(width(title), ...clipped.map((row) => width(row[column] ?? ''))),
  );
  const line = (cells: readonly string[]): string =>
    cells
      .map((cell, column) => cell + ' '.repeat(Math.max(0, (widths[column] ?? 0) - width(cell))))
      .join('  ')
      .trimEnd();
  return [line(header), line(widths.map((w) => '-'.repeat(w))), ...clipped.map(line)].join('\n');
}
