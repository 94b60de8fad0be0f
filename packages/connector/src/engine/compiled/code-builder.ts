import type { RelativeDateOperator } from '../../conditions/condition-ast.ts';
import { FIELD_PATH } from '../../conditions/field-path.ts';
import { DAY_MS } from '../../records/field-values.ts';

/**
 * Collects what generated code may refer to. Only three things ever enter the source text: names this
 * builder makes up (`k3`, `b0`), numbers it counts, and field names checked against {@link FIELD_PATH}
 * (then written with `JSON.stringify`). Every other value from the journey file (literals, texts,
 * object names) goes into the constants array and is read through a `kN` variable.
 */
export class CodeBuilder {
  readonly constants: unknown[] = [];
  private readonly constantIndex = new Map<unknown, number>();
  /** Lines run once, when the generated module is instantiated (constant bindings). */
  readonly prelude: string[] = [];
  /** Lines run at the start of every entry point when `asOf` changed (relative-date bounds). */
  readonly boundsLines: string[] = [];
  private readonly boundsIndex = new Map<string, readonly [string, string]>();
  /** Per record: each date field parsed at most once, into a variable reset for the next record. */
  private readonly parsed = new Map<string, string>();
  /** The `parsedDate` variables used since `track()`, for a loop that caches them per record. */
  private tracking: Set<string> | undefined;

  /** A variable bound to `value` in the generated module; equal primitives share one. */
  constant(value: unknown): string {
    const shared = value === null || typeof value !== 'object';
    const known = shared ? this.constantIndex.get(value) : undefined;
    if (known !== undefined) return `k${String(known)}`;
    const index = this.constants.length;
    this.constants.push(value);
    if (shared) this.constantIndex.set(value, index);
    this.prelude.push(`const k${String(index)} = K[${String(index)}];`);
    return `k${String(index)}`;
  }

  /**
   * A property access for a validated field name: `.Name` style through a quoted key, so that V8 emits a
   * named (inline-cached) load. Throws for a name the journey validation would never let through.
   */
  property(name: string): string {
    if (!FIELD_PATH.test(name) || name.includes('.')) {
      throw new Error(`Refusing to generate code for the field name ${JSON.stringify(name)}.`);
    }
    return `[${JSON.stringify(name)}]`;
  }

  /** A string literal for a plain name (internalised, so `===` compares pointers), else its constant. */
  name(text: string): string {
    return FIELD_PATH.test(text) && !text.includes('.') ? JSON.stringify(text) : this.constant(text);
  }

  /** A property key for a direct read (`record[field]`, no dotted walk): quoted when it is a plain name. */
  key(name: string): string {
    return FIELD_PATH.test(name) && !name.includes('.') ? this.property(name) : `[${this.constant(name)}]`;
  }

  /**
   * Two variables holding the bounds of a relative-date condition at the current `asOf`: the arithmetic
   * of `relativeDateBounds`, step for step (so the same doubles), without a call or an array per `asOf`.
   * `refresh` declares `day`, the start of `asOf`'s UTC day, for date fields.
   */
  relativeBounds(op: RelativeDateOperator, days: number, fieldType: 'date' | 'datetime'): readonly [string, string] {
    const key = `${op}:${String(days)}:${fieldType}`;
    const known = this.boundsIndex.get(key);
    if (known) return known;
    const n = String(this.boundsIndex.size);
    this.prelude.push(`let lo${n} = 0, hi${n} = 0;`);
    const now = fieldType === 'date' ? 'day' : 'asOf';
    const span = `${this.constant(days)} * ${String(DAY_MS)}`;
    const bounds = {
      withinLastDays: [`${now} - ${span}`, now],
      withinNextDays: [now, `${now} + ${span}`],
      olderThanDays: ['-Infinity', `${now} - ${span} - ${fieldType === 'date' ? String(DAY_MS) : '1'}`],
    }[op];
    this.boundsLines.push(`lo${n} = ${bounds[0]}; hi${n} = ${bounds[1]};`);
    const names = [`lo${n}`, `hi${n}`] as const;
    this.boundsIndex.set(key, names);
    return names;
  }

  /** `parseInstant(r[field])`, parsed once per record however many conditions read it. */
  parsedDate(field: string): string {
    let name = this.parsed.get(field);
    if (name === undefined) this.parsed.set(field, (name = `p${String(this.parsed.size)}`));
    this.tracking?.add(name);
    return `(${name} === undefined ? (${name} = H.parseInstant(r${this.property(field)})) : ${name})`;
  }

  /** Starts noting which `parsedDate` variables the code generated from now on reads. */
  track(): void {
    this.tracking = new Set();
  }

  /** The `parsedDate` variables read since `track()`; stops noting. */
  tracked(): string[] {
    const names = [...(this.tracking ?? [])];
    this.tracking = undefined;
    return names;
  }

  /** The per-record variables `parsedDate` introduced so far: declared once, reset before each record. */
  parsedNames(): string[] {
    return [...this.parsed.values()];
  }
}
