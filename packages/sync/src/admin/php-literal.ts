// PHP array literals for manifest.php and language files: every string single-quoted with `\` and `'`
// escaped, so no value can end a string or reach PHP's interpolation.

/** A value PHP can hold as a literal. */
export type PhpValue = string | number | boolean | null | readonly PhpValue[] | { readonly [key: string]: PhpValue };

/** A single-quoted PHP string. */
export function phpString(text: string): string {
  return `'${text.replace(/\\/g, '\\\\').replace(/'/g, "\\'")}'`;
}

/**
 * The literal of a value, short array syntax, four-space indents.
 *
 * @example
 * phpLiteral({ id: 'crm_journey', copy: [{ from: '<basepath>/a.js', to: 'custom/a.js' }] });
 */
export function phpLiteral(value: PhpValue, indent = ''): string {
  if (value === null) return 'null';
  if (typeof value === 'boolean') return value ? 'true' : 'false';
  if (typeof value === 'number') {
    if (!Number.isFinite(value)) throw new Error(`PHP literal: ${value} is not a finite number.`);
    return String(value);
  }
  if (typeof value === 'string') return phpString(value);
  const inner = `${indent}    `;
  const entries: string[] = Array.isArray(value)
    ? (value as readonly PhpValue[]).map((item) => `${inner}${phpLiteral(item, inner)},`)
    : Object.entries(value as { readonly [key: string]: PhpValue }).map(
        ([key, item]) => `${inner}${phpString(key)} => ${phpLiteral(item, inner)},`,
      );
  return entries.length === 0 ? '[]' : `[\n${entries.join('\n')}\n${indent}]`;
}
