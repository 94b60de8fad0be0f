/**
 * A column of numbers that grows as it is pushed to, held in a typed array (outside V8's heap and
 * exactly sized in its elements), for the million entries of a snapshot's index.
 *
 * @example
 * const starts = new GrowableColumn(Float64Array);
 * starts.push(1234);
 * starts.at(0); // 1234
 */
export class GrowableColumn<T extends Float64Array | Int32Array | Uint32Array> {
  private data: T;
  private readonly kind: new (length: number) => T;
  length = 0;

  constructor(kind: new (length: number) => T) {
    this.kind = kind;
    this.data = new kind(1024);
  }

  /** Appends `value`; returns its position. */
  push(value: number): number {
    if (this.length === this.data.length) {
      const bigger = new this.kind(this.data.length * 2);
      bigger.set(this.data);
      this.data = bigger;
    }
    this.data[this.length] = value;
    return this.length++;
  }

  /** The value at `index` (0 past the end). */
  at(index: number): number {
    return this.data[index] ?? 0;
  }
}
